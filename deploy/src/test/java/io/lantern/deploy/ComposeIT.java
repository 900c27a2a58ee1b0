package io.lantern.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The compose file, as docker-compose resolves it (no Docker engine needed). */
class ComposeIT {

  @Test
  void composeFileValidatesAndWiresTheStack() throws Exception {
    Deploy.runOk("docker-compose", "-f", "docker-compose.yml", "config", "-q");
    String resolved = Deploy.runOk("docker-compose", "-f", "docker-compose.yml", "config");
    JsonNode compose = Deploy.YAML.readTree(resolved);
    JsonNode services = compose.path("services");
    Set<String> names = new TreeSet<>();
    services.fieldNames().forEachRemaining(names::add);
    assertTrue(names.containsAll(Set.of("demo", "prometheus", "alertmanager", "grafana", "loki", "tempo", "alloy")), names.toString());

    assertTrue(services.path("prometheus").path("command").toString().contains("--enable-feature=exemplar-storage"));
    JsonNode demo = services.path("demo");
    assertEquals("eclipse-temurin:17-jre", demo.path("image").asText());
    String demoCommand = demo.path("command").toString();
    for (String flag : List.of("-javaagent:/lantern/lantern-agent.jar", "-Dlantern.traces.exporter=otlp",
        "-Dlantern.traces.otlp.endpoint=http://tempo:4318/v1/traces", "-Dlantern.log.file=/var/log/lantern/lantern.log",
        "-Dlantern.logs.capture=true")) {
      assertTrue(demoCommand.contains(flag), flag + " in " + demoCommand);
    }
    String demoVolumes = demo.path("volumes").toString();
    assertTrue(demoVolumes.contains("agent/target/lantern-agent.jar") && demoVolumes.contains("test-apps/demo/target/demo.jar"), demoVolumes);
    // the agent's log directory is shared with Alloy, which tails the file the agent writes
    assertTrue(demoVolumes.contains("lantern-logs") && services.path("alloy").path("volumes").toString().contains("lantern-logs"));
    assertTrue(Deploy.read(Deploy.dir().resolve("alloy/config.alloy")).contains("\"/var/log/lantern/lantern.log\""));
    // Prometheus scrapes the demo's agent
    assertTrue(Deploy.read(Deploy.dir().resolve("prometheus/prometheus.yml")).contains("'demo:9464'"));

    // every bind-mounted config directory exists
    for (String svc : names) {
      for (JsonNode v : services.path(svc).path("volumes")) {
        String source = v.path("source").asText();
        if ("bind".equals(v.path("type").asText()) && !source.contains("/target/")) {
          assertTrue(Files.exists(java.nio.file.Path.of(source)), svc + " mounts missing " + source);
        }
      }
    }
  }

  @Test
  void grafanaDatasourcesAreCrossLinked() {
    JsonNode ds = Deploy.readYaml(Deploy.dir().resolve("grafana/provisioning/datasources/lantern.yml")).path("datasources");
    JsonNode prometheus = null;
    JsonNode loki = null;
    JsonNode tempo = null;
    for (JsonNode d : ds) {
      switch (d.path("type").asText()) {
        case "prometheus" -> prometheus = d;
        case "loki" -> loki = d;
        case "tempo" -> tempo = d;
        default -> { }
      }
    }
    assertEquals("tempo", tempo.path("uid").asText());
    JsonNode exemplar = prometheus.path("jsonData").path("exemplarTraceIdDestinations").get(0);
    assertEquals("trace_id", exemplar.path("name").asText());
    assertEquals("tempo", exemplar.path("datasourceUid").asText());
    JsonNode derived = loki.path("jsonData").path("derivedFields").get(0);
    assertEquals("tempo", derived.path("datasourceUid").asText());
    // the derived field's regex finds the trace id in a real agent line
    String line = "{\"level\":\"INFO\",\"event\":\"http_request\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\"}";
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(derived.path("matcherRegex").asText()).matcher(line);
    assertTrue(m.find());
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", m.group(1));
    assertEquals("loki", tempo.path("jsonData").path("tracesToLogsV2").path("datasourceUid").asText());
    assertEquals(prometheus.path("uid").asText(), "prometheus");
  }
}
