package io.lantern.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Structure of every dashboard: ids, grid, datasources, variables. */
class DashboardJsonIT {
  /** Grafana's own variables, which need no definition. */
  static final Set<String> BUILTINS = Set.of("__rate_interval", "__interval", "__interval_ms", "__range", "__range_s",
      "__range_ms", "__auto", "__all", "__from", "__to", "__name");

  @Test
  void theDashboardsExistWithUniqueUids() {
    List<Dashboards.Dashboard> all = Dashboards.all();
    Set<String> uids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    for (Dashboards.Dashboard d : all) {
      assertTrue(uids.add(d.json().path("uid").asText()), "duplicate uid in " + d.name());
      assertTrue(titles.add(d.json().path("title").asText()), "duplicate title in " + d.name());
      assertFalse(d.json().has("id") && !d.json().path("id").isNull(), d.name() + " must not pin a database id");
    }
    assertEquals(Set.of("lantern-service-overview", "lantern-database", "lantern-ai", "lantern-jvm", "lantern-logs"), uids);
  }

  @Test
  void panelIdsAreUniqueAndGridPositionsValidWithoutOverlap() {
    for (Dashboards.Dashboard d : Dashboards.all()) {
      Set<Integer> ids = new HashSet<>();
      List<int[]> boxes = new ArrayList<>();
      for (JsonNode p : d.panels()) {
        String where = d.name() + " panel " + p.path("id") + " '" + p.path("title").asText() + "'";
        assertTrue(p.path("id").isInt(), where + ": id");
        assertTrue(ids.add(p.path("id").asInt()), where + ": duplicate id");
        JsonNode g = p.path("gridPos");
        int x = g.path("x").asInt(-1);
        int y = g.path("y").asInt(-1);
        int w = g.path("w").asInt(-1);
        int h = g.path("h").asInt(-1);
        assertTrue(w >= 1 && w <= 24, where + ": w " + w);
        assertTrue(x >= 0 && x + w <= 24, where + ": x " + x + " + w " + w);
        assertTrue(y >= 0 && h >= 1, where + ": y " + y + " h " + h);
        for (int[] b : boxes) {
          boolean overlap = x < b[0] + b[2] && b[0] < x + w && y < b[1] + b[3] && b[1] < y + h;
          assertFalse(overlap, where + " overlaps panel " + b[4]);
        }
        boxes.add(new int[] {x, y, w, h, p.path("id").asInt()});
      }
      assertFalse(ids.isEmpty(), d.name() + " has no panels");
    }
  }

  @Test
  void everyPanelAndQueryUsesTheDatasourceVariable() {
    for (Dashboards.Dashboard d : Dashboards.all()) {
      String type = d.datasourceType();
      assertTrue(Set.of("prometheus", "loki").contains(type), d.name() + ": datasource type " + type);
      for (JsonNode p : d.panels()) {
        if (p.path("type").asText().equals("row")) {
          continue;
        }
        String where = d.name() + " panel " + p.path("id");
        assertEquals("${datasource}", p.path("datasource").path("uid").asText(), where);
        assertEquals(type, p.path("datasource").path("type").asText(), where);
        assertTrue(p.path("targets").size() > 0, where + " has no query");
        for (JsonNode t : p.path("targets")) {
          assertEquals("${datasource}", t.path("datasource").path("uid").asText(), where + " target " + t.path("refId"));
          assertFalse(t.path("expr").asText().isBlank(), where + " target " + t.path("refId"));
        }
      }
      for (JsonNode v : d.variables()) {
        if (v.path("type").asText().equals("query")) {
          assertEquals("${datasource}", v.path("datasource").path("uid").asText(), d.name() + " variable " + v.path("name"));
        }
      }
    }
  }

  @Test
  void variablesAreDefinedAndUsed() {
    for (Dashboards.Dashboard d : Dashboards.all()) {
      Set<String> defined = new HashSet<>();
      d.variables().forEach(v -> defined.add(v.path("name").asText()));
      Set<String> required = d.datasourceType().equals("prometheus") ? Set.of("datasource", "job", "instance")
          : Set.of("datasource", "service", "level", "event");
      assertTrue(defined.containsAll(required), d.name() + " variables " + defined + " lack some of " + required);

      Set<String> used = new HashSet<>(Set.of("datasource"));
      List<String> texts = new ArrayList<>();
      Dashboards.queries(d).forEach(q -> texts.add(q.expr()));
      d.variables().forEach(v -> texts.add(v.path("definition").asText()));
      for (String text : texts) {
        for (String name : Dashboards.variablesIn(text)) {
          if (!BUILTINS.contains(name) && !defined.contains(name)) {
            fail(d.name() + ": $" + name + " is not a variable of the dashboard: " + text);
          }
          used.add(name);
        }
      }
      for (String name : defined) {
        assertTrue(used.contains(name), d.name() + ": variable $" + name + " is never used");
      }
    }
  }

  @Test
  void latencyPanelsShowExemplars() {
    Dashboards.Dashboard overview = Dashboards.all().stream()
        .filter(d -> d.json().path("uid").asText().equals("lantern-service-overview")).findFirst().orElseThrow();
    long withExemplars = Dashboards.queries(overview).stream()
        .filter(q -> q.expr().contains("histogram_quantile") && !q.instant())
        .filter(q -> q.target().path("exemplar").asBoolean(false)).count();
    assertEquals(3, withExemplars, "p50, p95, p99 by route carry exemplars");
  }
}
