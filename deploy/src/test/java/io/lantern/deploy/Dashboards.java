package io.lantern.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboards under deploy/grafana/dashboards, and Grafana's variable substitution. */
final class Dashboards {
  private Dashboards() {}

  record Dashboard(Path file, JsonNode json) {
    String name() {
      return file.getFileName().toString();
    }

    /** Every panel, including those nested in collapsed rows. */
    List<JsonNode> panels() {
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode p : json.path("panels")) {
        out.add(p);
        for (JsonNode nested : p.path("panels")) {
          out.add(nested);
        }
      }
      return out;
    }

    List<JsonNode> variables() {
      List<JsonNode> out = new ArrayList<>();
      json.path("templating").path("list").forEach(out::add);
      return out;
    }

    /** The type of the datasource variable's plugin: prometheus or loki. */
    String datasourceType() {
      return variables().stream().filter(v -> v.path("name").asText().equals("datasource"))
          .map(v -> v.path("query").asText()).findFirst()
          .orElseThrow(() -> new AssertionError(name() + " has no 'datasource' variable"));
    }
  }

  record Query(Dashboard dashboard, JsonNode panel, JsonNode target) {
    String expr() {
      return target.path("expr").asText();
    }

    boolean instant() {
      return target.path("instant").asBoolean(false);
    }

    @Override
    public String toString() {
      return dashboard.name() + " panel " + panel.path("id") + " '" + panel.path("title").asText() + "' "
          + target.path("refId").asText() + ": " + expr();
    }
  }

  static List<Dashboard> all() {
    List<Dashboard> out = new ArrayList<>();
    for (Path p : Deploy.files("grafana/dashboards", ".json")) {
      out.add(new Dashboard(p, Deploy.readJson(p)));
    }
    return out;
  }

  static List<Dashboard> ofType(String datasourceType) {
    return all().stream().filter(d -> d.datasourceType().equals(datasourceType)).toList();
  }

  static List<Query> queries(Dashboard d) {
    List<Query> out = new ArrayList<>();
    for (JsonNode p : d.panels()) {
      for (JsonNode t : p.path("targets")) {
        out.add(new Query(d, p, t));
      }
    }
    return out;
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)|\\[\\[(\\w+)]]");

  /** The names of the variables an expression uses ($x, ${x}, ${x:fmt}, [[x]]). */
  static List<String> variablesIn(String expr) {
    List<String> out = new ArrayList<>();
    Matcher m = VARIABLE.matcher(expr);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return out;
  }

  /** Replaces every variable with its value; fails on one {@code values} lacks. */
  static String substitute(String expr, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String v = values.get(name);
      if (v == null) {
        throw new AssertionError("no value for variable $" + name + " in " + expr);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
