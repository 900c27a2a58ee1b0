package io.lantern.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsTest {

  static final String PROMETHEUS = String.join("\n",
      "# HELP http_server_request_duration_seconds Duration of HTTP server requests.",
      "# TYPE http_server_request_duration_seconds histogram",
      "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/hello\",le=\"0.005\",} 3.0",
      "http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_route=\"/hello\",le=\"+Inf\",} 5.0",
      "http_server_request_duration_seconds_count{http_request_method=\"GET\",http_route=\"/hello\",} 5.0",
      "http_server_request_duration_seconds_sum{http_request_method=\"GET\",http_route=\"/hello\",} 0.0125",
      "http_server_request_duration_seconds_count{http_request_method=\"GET\",http_route=\"/users/*\",} 2.0",
      "# HELP weird Escapes.",
      "# TYPE weird gauge",
      "weird{path=\"C:\\\\dir\",quote=\"say \\\"hi\\\"\",nl=\"a\\nb\",empty=\"\"} -1.5e-3 1700000000000",
      "jvm_cpu_count 2.0",
      "nan_gauge NaN",
      "neg_inf -Inf",
      "");

  static final String OPENMETRICS = String.join("\n",
      "# TYPE http_server_request_duration_seconds histogram",
      "# UNIT http_server_request_duration_seconds seconds",
      "# HELP http_server_request_duration_seconds Duration.",
      "http_server_request_duration_seconds_bucket{http_route=\"/hello\",le=\"0.005\"} 1.0 # {span_id=\"00f067aa0ba902b7\",trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\"} 0.0012 1700000000.123",
      "http_server_request_duration_seconds_bucket{http_route=\"/hello\",le=\"0.01\"} 1.0",
      "http_server_request_duration_seconds_bucket{http_route=\"/hello\",le=\"+Inf\"} 1.0 # {trace_id=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",span_id=\"bbbbbbbbbbbbbbbb\"} 7",
      "http_server_request_duration_seconds_count{http_route=\"/hello\"} 1.0",
      "http_server_request_duration_seconds_sum{http_route=\"/hello\"} 0.0012",
      "http_server_request_duration_seconds_created{http_route=\"/hello\"} 1.7e9",
      "# TYPE target info",
      "target_info{service_name=\"demo\"} 1.0",
      "# EOF",
      "");

  @Test
  void parsesPrometheusText() {
    Metrics m = Metrics.parse(PROMETHEUS);
    assertFalse(m.hasEof());
    assertEquals("histogram", m.type("http_server_request_duration_seconds"));
    assertEquals(5.0, m.value("http_server_request_duration_seconds_count",
        Map.of("http_request_method", "GET", "http_route", "/hello")));
    assertEquals(Double.POSITIVE_INFINITY, Metrics.le(m.samples("http_server_request_duration_seconds_bucket")
        .get(1).labels().get("le")));
    assertEquals(2, m.labelSets("http_server_request_duration_seconds_count").size());
    assertEquals(7.0, m.sum("http_server_request_duration_seconds_count", l -> true));
    assertEquals(2.0, m.sum("http_server_request_duration_seconds_count", l -> l.get("http_route").startsWith("/users")));
    assertEquals(2.0, m.value("jvm_cpu_count", Map.of()));
    assertTrue(Double.isNaN(m.value("nan_gauge", Map.of())));
    assertEquals(Double.NEGATIVE_INFINITY, m.value("neg_inf", Map.of()));
  }

  @Test
  void unescapesLabelValuesAndReadsTimestamps() {
    Metrics m = Metrics.parse(PROMETHEUS);
    Metrics.Sample s = m.samples("weird").get(0);
    assertEquals(Map.of("path", "C:\\dir", "quote", "say \"hi\"", "nl", "a\nb", "empty", ""), s.labels());
    assertEquals(-0.0015, s.value());
    assertEquals(1.7e12, s.timestamp());
    assertNull(s.exemplar());
    assertTrue(m.allLabelValues().contains("a\nb"));
  }

  @Test
  void parsesOpenMetricsWithExemplars() {
    Metrics m = Metrics.parse(OPENMETRICS);
    assertTrue(m.hasEof());
    List<Metrics.Exemplar> ex = m.exemplars("http_server_request_duration_seconds_bucket");
    assertEquals(2, ex.size());
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", ex.get(0).traceId());
    assertEquals("00f067aa0ba902b7", ex.get(0).spanId());
    assertEquals(0.0012, ex.get(0).value());
    assertEquals(1700000000.123, ex.get(0).timestamp());
    assertEquals(7.0, ex.get(1).value());
    assertNull(ex.get(1).timestamp());
    Metrics.Sample inf = m.samples("http_server_request_duration_seconds_bucket").get(2);
    assertEquals("+Inf", inf.labels().get("le"));
    assertEquals(1.0, inf.value());
    assertEquals(Set.of(Map.of("service_name", "demo")), m.labelSets("target_info"));
    assertEquals("info", m.type("target"));
    assertEquals(1.7e9, m.value("http_server_request_duration_seconds_created", Map.of("http_route", "/hello")));
  }

  @Test
  void exactLabelMatchAndHelpfulFailure() {
    Metrics m = Metrics.parse(PROMETHEUS);
    AssertionError e = assertThrows(AssertionError.class,
        () -> m.value("http_server_request_duration_seconds_count", Map.of("http_route", "/hello")));
    assertTrue(e.getMessage().contains("/users/*"), e.getMessage());
    AssertionError missing = assertThrows(AssertionError.class, () -> m.value("nope_total", Map.of()));
    assertTrue(missing.getMessage().contains("jvm_cpu_count"), missing.getMessage());
    assertEquals(0.0, m.valueOrZero("nope_total", Map.of()));
  }

  @Test
  void rejectsMalformedLines() {
    assertThrows(IllegalArgumentException.class, () -> Metrics.parse("a{b=\"c} 1\n"));
    assertThrows(IllegalArgumentException.class, () -> Metrics.parse("a{b=\"\\x\"} 1\n"));
    assertThrows(IllegalArgumentException.class, () -> Metrics.parse("a 1 2 3\n"));
    assertThrows(IllegalArgumentException.class, () -> Metrics.parse("a\n"));
    assertThrows(IllegalArgumentException.class, () -> Metrics.parse("# EOF\na 1\n"));
  }

  @Test
  void labelsWithSpacesAfterCommas() {
    Metrics m = Metrics.parse("x{a=\"1\", b=\"2\"} 3\n");
    assertEquals(3.0, m.value("x", Map.of("a", "1", "b", "2")));
  }
}
