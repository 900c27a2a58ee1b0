package io.lantern.agent.log.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lantern.agent.log.AttributesWriter;
import io.lantern.agent.log.FieldsEvent;
import io.lantern.agent.log.Level;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogRecordTest {
  private static EventLogRecord record(FieldsEvent event) {
    return new EventLogRecord(event, Resource.empty(), InstrumentationScopeInfo.create("io.lantern"),
        new AttributesWriter(), 42L);
  }

  @Test
  void fieldsKeepTheirTypesAndTheEventNameIsAnAttribute() {
    EventLogRecord r = record(FieldsEvent.of("db_query", Level.WARN, "slow statement")
        .with("duration_ms", 12.5).with("count", 3L).with("ok", true).with("db_query_text", "SELECT ?")
        .with("tags", List.of("a", "b")).with("nothing", null));
    assertEquals(Attributes.builder().put("event.name", "db_query").put("duration_ms", 12.5).put("count", 3L)
        .put("ok", true).put("db_query_text", "SELECT ?").put(AttributeKey.stringArrayKey("tags"), List.of("a", "b"))
        .build(), r.getAttributes());
    assertEquals(Severity.WARN, r.getSeverity());
    assertEquals("WARN", r.getSeverityText());
    assertEquals("slow statement", r.getBody().asString());
    assertEquals(42L, r.getObservedTimestampEpochNanos());
    assertFalse(r.getSpanContext().isValid());
  }

  @Test
  void severitiesAndTheBodyOfAnEventWithoutMessage() {
    assertEquals(Severity.TRACE, EventLogRecord.severity(Level.TRACE));
    assertEquals(Severity.DEBUG, EventLogRecord.severity(Level.DEBUG));
    assertEquals(Severity.INFO, EventLogRecord.severity(Level.INFO));
    assertEquals(Severity.WARN, EventLogRecord.severity(Level.WARN));
    assertEquals(Severity.ERROR, EventLogRecord.severity(Level.ERROR));
    EventLogRecord r = record(FieldsEvent.of("agent_start", Level.INFO, ""));
    assertEquals("agent_start", r.getBody().asString());
  }

  @Test
  void nestedObjectsAreFlattenedWithADot() {
    AttributesWriter w = new AttributesWriter();
    io.opentelemetry.api.common.AttributesBuilder b = Attributes.builder();
    w.reset(b).field("logger_name", "com.acme.Orders");
    w.beginObject("mdc").field("user_id", "u1").beginObject("inner").field("n", 1L).endObject().endObject();
    w.field("after", "x").nullField("gone");
    assertEquals(Attributes.builder().put("logger_name", "com.acme.Orders").put("mdc.user_id", "u1")
        .put("mdc.inner.n", 1L).put("after", "x").build(), b.build());
  }
}
