package io.lantern.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.agent.Names;
import io.lantern.agent.trace.TestSpans;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventFormatterTest {
  static final ObjectMapper JSON = new ObjectMapper();
  private final EventFormatter formatter = new EventFormatter("petclinic", "1.2.3", "prod");

  private JsonNode line(Event e) throws Exception {
    String s = formatter.format(e).toString();
    assertFalse(s.contains("\n"), s);
    return JSON.readTree(s);
  }

  private static Consumer<JsonWriter> httpFields(boolean withDbCount) {
    return w -> {
      w.field(Names.HTTP_REQUEST_METHOD, "GET").field(Names.HTTP_ROUTE, "/owners/{ownerId}")
          .field(Names.URL_PATH, "/owners/7").field(Names.HTTP_RESPONSE_STATUS_CODE, 200L)
          .field(Names.DURATION_MS, 12.5);
      if (withDbCount) {
        w.field(Names.DB_COUNT, 3L);
      }
      w.field(Names.DB_DURATION_MS, 4.25);
    };
  }

  @Test
  void commonFieldsInContractOrder() throws Exception {
    TestEvent e = new TestEvent(Names.EVENT_HTTP_REQUEST, Level.WARN, 1_795_300_200_123_456L, "GET /owners/7",
        TestSpans.of("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "01"), httpFields(true));
    JsonNode n = line(e);
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    assertEquals(Arrays.asList("timestamp", "level", "service", "service_version", "deployment_environment",
        "event", "message", "trace_id", "span_id", "trace_flags", "http_request_method", "http_route", "url_path",
        "http_response_status_code", "duration_ms", "db_count", "db_duration_ms"), names);
    assertEquals("2026-11-21T22:30:00.123456Z", n.get("timestamp").asText());
    assertEquals("WARN", n.get("level").asText());
    assertEquals("petclinic", n.get("service").asText());
    assertEquals("1.2.3", n.get("service_version").asText());
    assertEquals("prod", n.get("deployment_environment").asText());
    assertEquals("http_request", n.get("event").asText());
    assertEquals("GET /owners/7", n.get("message").asText());
    assertEquals("0af7651916cd43dd8448eb211c80319c", n.get("trace_id").asText());
    assertEquals("b7ad6b7169203331", n.get("span_id").asText());
    assertEquals("01", n.get("trace_flags").asText());
    assertEquals(200, n.get("http_response_status_code").asInt());
    assertEquals(12.5, n.get("duration_ms").asDouble());
    assertFalse(n.has(Names.SCHEMA_ERROR));
  }

  @Test
  void optionalCommonFieldsOmitted() throws Exception {
    EventFormatter f = new EventFormatter("svc", null, null);
    JsonNode n = JSON.readTree(f.format(TestEvent.of("custom", Level.INFO, null)).toString());
    assertFalse(n.has("service_version"));
    assertFalse(n.has("deployment_environment"));
    assertFalse(n.has("trace_id"));
    assertFalse(n.has("span_id"));
    assertFalse(n.has("trace_flags"));
    assertFalse(n.has(Names.SCHEMA_ERROR), "unknown events are not checked");
    assertEquals("svc", n.get("service").asText());
  }

  @Test
  void missingRequiredFieldIsNamed() throws Exception {
    JsonNode n = line(TestEvent.of(Names.EVENT_HTTP_REQUEST, Level.INFO, httpFields(false)));
    assertEquals("missing: db_count", n.get(Names.SCHEMA_ERROR).asText());
    assertEquals(4.25, n.get("db_duration_ms").asDouble(), "the line is still written with its fields");

    JsonNode complete = line(TestEvent.of(Names.EVENT_HTTP_REQUEST, Level.INFO, httpFields(true)));
    assertFalse(complete.has(Names.SCHEMA_ERROR), complete.toString());
  }

  @Test
  void severalMissingAndNullValuesCountAsMissing() throws Exception {
    JsonNode n = line(TestEvent.of("db_query", Level.INFO,
        w -> w.field("db_system_name", "postgresql").field("db_query_text", (String) null)
            .field("duration_ms", Double.NaN)));
    assertEquals("missing: db_operation_name,db_collection_name,db_query_text,duration_ms",
        n.get(Names.SCHEMA_ERROR).asText());
  }

  @Test
  void everyContractEventHasItsSchema() throws Exception {
    String[][] table = {
      {"agent_start", "version", "instrumentations", "java_version"},
      {"config_warning", "key", "value", "default"},
      {"metrics_listen", "address"},
      {"metrics_error", "error"},
      {"http_request", "http_request_method", "http_route", "url_path", "http_response_status_code", "duration_ms",
          "db_count", "db_duration_ms"},
      {"db_query", "db_system_name", "db_operation_name", "db_collection_name", "db_query_text", "duration_ms"},
      {"db_repeated_query", "db_query_text", "count", "http_route"},
      {"gen_ai_call", "gen_ai_provider_name", "gen_ai_operation_name", "gen_ai_request_model",
          "gen_ai_response_model", "gen_ai_usage_input_tokens", "gen_ai_usage_output_tokens", "duration_ms"},
      {"instrumentation_error", "instrumentation", "error"},
    };
    for (String[] row : table) {
      List<String> req = Arrays.asList(row).subList(1, row.length);
      assertEquals(req, EventSchema.requiredFields(row[0]), row[0]);
      JsonNode empty = line(TestEvent.of(row[0], Level.INFO, null));
      assertEquals("missing: " + String.join(",", req), empty.get(Names.SCHEMA_ERROR).asText());
      JsonNode full = line(TestEvent.of(row[0], Level.INFO, w -> {
        for (String f : req) {
          w.field(f, "x");
        }
      }));
      assertFalse(full.has(Names.SCHEMA_ERROR), row[0]);
    }
    assertTrue(EventSchema.requiredFields("nope").isEmpty());
  }

  @Test
  void throwingWriteFieldsStillWritesCommonFields() throws Exception {
    JsonNode n = line(TestEvent.of(Names.EVENT_HTTP_REQUEST, Level.ERROR, w -> {
      w.field(Names.HTTP_REQUEST_METHOD, "GET");
      w.field("list", new java.util.AbstractList<String>() {
        @Override public String get(int i) {
          if (i == 1) {
            throw new IllegalStateException("boom");
          }
          return "a";
        }

        @Override public int size() {
          return 3;
        }
      });
    }));
    assertEquals("writeFields threw java.lang.IllegalStateException", n.get(Names.SCHEMA_ERROR).asText());
    assertEquals("ERROR", n.get("level").asText());
    assertEquals("http_request", n.get("event").asText());
    assertFalse(n.has(Names.HTTP_REQUEST_METHOD), "partial fields are rolled back");
    // the formatter is reusable afterwards
    assertFalse(line(TestEvent.of(Names.EVENT_HTTP_REQUEST, Level.INFO, httpFields(true))).has(Names.SCHEMA_ERROR));
  }

  @Test
  void throwingAccessorStillGivesALine() throws Exception {
    Event bad = new TestEvent("x", Level.INFO, 5, "m", null, null) {
      @Override public String message() {
        throw new UnsupportedOperationException();
      }
    };
    JsonNode n = line(bad);
    assertEquals("event accessor threw java.lang.UnsupportedOperationException", n.get(Names.SCHEMA_ERROR).asText());
    assertEquals("x", n.get("event").asText());
    assertEquals("1970-01-01T00:00:00.000005Z", n.get("timestamp").asText());
  }

  @Test
  void nullNameAndMessage() throws Exception {
    JsonNode n = line(new TestEvent(null, null, 0, null, null, null));
    assertEquals("missing: event", n.get(Names.SCHEMA_ERROR).asText());
    assertEquals("", n.get("message").asText());
    assertEquals("INFO", n.get("level").asText());
  }

  @Test
  void fieldsEventWritesTypedValues() throws Exception {
    JsonNode n = line(FieldsEvent.of(Names.EVENT_AGENT_START, Level.INFO, "started")
        .with(Names.VERSION, "0.1.0").with(Names.INSTRUMENTATIONS, Arrays.asList("servlet", "jdbc"))
        .with(Names.JAVA_VERSION, "17").with(Names.STARTUP_MS, 123.456).with("port", 9464)
        .with("flag", true).with("nothing", null).with("obj", Level.WARN)
        .withTrace(TestSpans.of("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "00")));
    assertFalse(n.has(Names.SCHEMA_ERROR), n.toString());
    assertEquals("[\"servlet\",\"jdbc\"]", n.get("instrumentations").toString());
    assertEquals(123.456, n.get("startup_ms").asDouble());
    assertTrue(n.get("port").isIntegralNumber());
    assertEquals(9464, n.get("port").asInt());
    assertTrue(n.get("flag").asBoolean());
    assertFalse(n.has("nothing"));
    assertEquals("WARN", n.get("obj").asText());
    assertEquals("00", n.get("trace_flags").asText());
    assertEquals("0af7651916cd43dd8448eb211c80319c", n.get("trace_id").asText());
    assertEquals("b7ad6b7169203331", n.get("span_id").asText());
    assertEquals("started", n.get("message").asText());

    JsonNode warn = line(FieldsEvent.of(Names.EVENT_CONFIG_WARNING, Level.WARN, "bad value")
        .with(Names.KEY, "lantern.metrics.port").with(Names.VALUE, "abc"));
    assertEquals("missing: default", warn.get(Names.SCHEMA_ERROR).asText());
  }

}
