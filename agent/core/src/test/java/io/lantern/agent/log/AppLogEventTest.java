package io.lantern.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.agent.applog.AppLogEvent;
import io.lantern.agent.applog.AppLogRecorder;
import io.lantern.agent.applog.StackTraces;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code log} event's line, level mapping and the capped stack trace. */
class AppLogEventTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EventFormatter formatter = new EventFormatter("svc", null, null);

  @Test
  void aRecordInsideASpanHasItsIdsAndTheMdcWithoutLanternsKeys() throws Exception {
    AppLogRecorder recorder = new AppLogRecorder(EventLog.noop(), true, Level.INFO, 8000);
    LanternSpan span = new Tracing(1.0).startSpan(LanternSpan.Kind.SERVER, "GET");
    LanternSpan previous = Tracing.makeCurrent(span);
    AppLogEvent event;
    try {
      event = recorder.start(Level.WARN, "com.acme.Orders", "worker-1", "order 7 is slow", null);
    } finally {
      Tracing.restore(previous);
    }
    Map<String, String> mdc = new LinkedHashMap<>();
    mdc.put("user_id", "u-42");
    mdc.put("trace_id", span.traceIdHex());
    mdc.put("span_id", span.spanIdHex());
    mdc.put("trace_flags", "01");
    event.mdc(mdc).attribute("order_id", 1234).attribute("paid", true).attribute("ratio", 0.5)
        .attribute("when", new StringBuilder("now")).attribute("none", null);
    JsonNode line = JSON.readTree(formatter.format(event).toString());
    assertEquals("log", line.get("event").asText());
    assertEquals("WARN", line.get("level").asText());
    assertEquals(span.traceIdHex(), line.get("trace_id").asText());
    assertEquals(JSON.readTree("{\"user_id\":\"u-42\"}"), line.get("mdc"));
    assertEquals(JSON.readTree("{\"order_id\":1234,\"paid\":true,\"ratio\":0.5,\"when\":\"now\",\"none\":null}"),
        line.get("attributes"));
    assertEquals("com.acme.Orders", line.get("logger_name").asText());
    assertEquals("worker-1", line.get("thread_name").asText());
    assertFalse(line.has("_schema_error"), line.toString());
    assertFalse(line.has("tenant"));
  }

  @Test
  void withoutASpanTheApplicationsOwnTraceKeysStayAndAnEmptyMdcIsLeftOut() throws Exception {
    AppLogRecorder recorder = new AppLogRecorder(EventLog.noop(), true, Level.INFO, 8000);
    JsonNode own = JSON.readTree(formatter.format(
        recorder.start(Level.INFO, "l", "t", "m", null).mdc(Map.of("trace_id", "mine"))).toString());
    assertEquals(JSON.readTree("{\"trace_id\":\"mine\"}"), own.get("mdc"));
    assertFalse(own.has("span_id"));
    JsonNode empty = JSON.readTree(formatter.format(recorder.start(Level.INFO, "l", "t", "m", null).mdc(Map.of())).toString());
    assertFalse(empty.has("mdc"));
  }

  @Test
  void anExceptionGivesItsTypeMessageAndStackTraceWithCauses() throws Exception {
    AppLogRecorder recorder = new AppLogRecorder(EventLog.noop(), true, Level.INFO, 8000);
    Exception e = new IllegalStateException("outer", new IllegalArgumentException("inner"));
    JsonNode line = JSON.readTree(formatter.format(recorder.start(Level.ERROR, "l", "t", "failed", e)).toString());
    assertEquals("java.lang.IllegalStateException", line.get("exception_type").asText());
    assertEquals("outer", line.get("exception_message").asText());
    String stack = line.get("exception_stacktrace").asText();
    assertTrue(stack.startsWith("java.lang.IllegalStateException: outer\n\tat "), stack);
    assertTrue(stack.contains("\nCaused by: java.lang.IllegalArgumentException: inner\n"), stack);
  }

  @Test
  void aLongStackTraceIsCutAtTheCapAndMarked() {
    Throwable deep = new RuntimeException("deep");
    for (int i = 0; i < 50; i++) {
      deep = new RuntimeException("level " + i, deep);
    }
    String full = StackTraces.format(deep, 1_000_000);
    assertFalse(full.endsWith(StackTraces.TRUNCATED));
    String cut = StackTraces.format(deep, 500);
    assertEquals(500, cut.length());
    assertTrue(cut.endsWith(StackTraces.TRUNCATED), cut);
    assertEquals(full.substring(0, 500 - StackTraces.TRUNCATED.length()), cut.substring(0, 500 - StackTraces.TRUNCATED.length()));
    Throwable one = new RuntimeException("x");
    String exact = StackTraces.format(one, 100_000);
    assertEquals(exact, StackTraces.format(one, exact.length()), "exactly at the cap: whole, unmarked");
  }

  @Test
  void levelsMapToLanternsAndTheCaptureLevelAndLogLevelBothDecide() {
    assertEquals(Level.ERROR, AppLogRecorder.fromLogback(40000));
    assertEquals(Level.TRACE, AppLogRecorder.fromLogback(5000));
    assertEquals(Level.ERROR, AppLogRecorder.fromLog4j(100));
    assertEquals(Level.WARN, AppLogRecorder.fromLog4j(300));
    assertEquals(Level.TRACE, AppLogRecorder.fromLog4j(600));
    assertEquals(Level.ERROR, AppLogRecorder.fromJul(1000));
    assertEquals(Level.WARN, AppLogRecorder.fromJul(900));
    assertEquals(Level.INFO, AppLogRecorder.fromJul(800));
    assertEquals(Level.DEBUG, AppLogRecorder.fromJul(700));
    assertEquals(Level.TRACE, AppLogRecorder.fromJul(300));

    EventLog info = EventLog.start(EventLogSettings.builder().target(EventLogTarget.STDERR).level(Level.INFO).build());
    try {
      AppLogRecorder warn = new AppLogRecorder(info, true, Level.WARN, 8000);
      assertFalse(warn.wants(Level.INFO));
      assertTrue(warn.wants(Level.WARN));
      AppLogRecorder debug = new AppLogRecorder(info, true, Level.DEBUG, 8000);
      assertFalse(debug.wants(Level.DEBUG), "below lantern.log.level");
      assertFalse(new AppLogRecorder(info, false, Level.INFO, 8000).wants(Level.ERROR));
      assertFalse(new AppLogRecorder(EventLog.noop(), true, Level.INFO, 8000).enabled());
    } finally {
      info.close();
    }
  }
}
