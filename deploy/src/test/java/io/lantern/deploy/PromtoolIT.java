package io.lantern.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** promtool on the scrape configs, the rule files and the rule unit tests. */
class PromtoolIT {

  @Test
  void scrapeConfigsAreValidAndLoadEveryRuleFile() {
    int ruleFiles = Deploy.files("prometheus/rules", ".yml").size();
    for (String config : new String[] {"prometheus/prometheus.yml", "prometheus/prometheus-standalone.yml"}) {
      String out = Deploy.runOk("promtool", "check", "config", config);
      assertTrue(out.contains("SUCCESS: " + ruleFiles + " rule files found"), config + ":\n" + out);
    }
  }

  @Test
  void everyRuleFileIsValid() {
    for (Path f : Deploy.files("prometheus/rules", ".yml")) {
      String out = Deploy.runOk("promtool", "check", "rules", f.toString());
      assertTrue(out.contains("SUCCESS"), out);
    }
  }

  @Test
  void ruleUnitTestsPass() {
    for (Path f : Deploy.files("prometheus/tests", ".yml")) {
      String out = Deploy.runOk("promtool", "test", "rules", f.toString());
      assertTrue(out.contains("SUCCESS"), out);
      assertFalse(out.contains("FAILED"), out);
    }
  }

  /** Each alert: severity, summary, description; and a unit test where it fires and one where it does not. */
  @Test
  void everyAlertIsDescribedAndTestedFiringAndNotFiring() {
    Map<String, JsonNode> alerts = new LinkedHashMap<>();
    for (Path f : Deploy.files("prometheus/rules", ".yml")) {
      for (JsonNode group : Deploy.readYaml(f).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          if (rule.has("alert")) {
            alerts.put(rule.path("alert").asText(), rule);
          }
        }
      }
    }
    assertEquals(new TreeSet<>(Set.of("LanternServiceDown", "LanternHighErrorRate", "LanternHighLatencyP95", "LanternHeapHigh",
        "LanternLogEventsDropped", "LanternInstrumentationErrors", "LanternDbPoolSaturated", "LanternGenAiErrorRate",
        "LanternGenAiCostOverBudget", "LanternRpcHighErrorRate", "LanternMethodErrorRate", "LanternGenAiRateLimitHeadroomLow")), new TreeSet<>(alerts.keySet()));
    alerts.forEach((name, rule) -> {
      assertTrue(Set.of("critical", "warning", "info").contains(rule.path("labels").path("severity").asText()), name + " severity");
      assertFalse(rule.path("annotations").path("summary").asText().isBlank(), name + " summary");
      assertFalse(rule.path("annotations").path("description").asText().isBlank(), name + " description");
    });

    Set<String> fires = new HashSet<>();
    Set<String> silent = new HashSet<>();
    for (Path f : Deploy.files("prometheus/tests", ".yml")) {
      for (JsonNode test : Deploy.readYaml(f).path("tests")) {
        for (JsonNode t : test.path("alert_rule_test")) {
          (t.path("exp_alerts").size() > 0 ? fires : silent).add(t.path("alertname").asText());
        }
      }
    }
    assertEquals(alerts.keySet(), fires, "alerts with a unit test where they fire");
    assertEquals(alerts.keySet(), silent, "alerts with a unit test where they do not fire");
  }
}
