package io.lantern.agent.trace.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanternSpanDataTest {
  private static final Resource RESOURCE = Resource.empty();
  private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("io.lantern");

  @Test
  void serverSpanContinuingAnInboundTraceHasARemoteParentAndItsTracestate() {
    List<LanternSpan> sink = new ArrayList<>();
    Tracing tracing = new Tracing(1.0, sink::add);
    LanternSpan server = new LanternSpan();
    tracing.startServerSpan(server, "GET", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "b=2,a=1");
    server.setAttribute("http.response.status_code", 500L);
    server.setError("500");
    LanternSpan previous = Tracing.makeCurrent(server);
    LanternSpan client = tracing.startSpan(LanternSpan.Kind.CLIENT, "SELECT users");
    client.setAttribute("db.system.name", "h2database");
    tracing.end(client);
    Tracing.restore(previous);
    tracing.end(server);

    SpanData serverData = new LanternSpanData(server, RESOURCE, SCOPE);
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", serverData.getTraceId());
    assertEquals(server.spanIdHex(), serverData.getSpanId());
    assertEquals("00f067aa0ba902b7", serverData.getParentSpanId());
    assertTrue(serverData.getParentSpanContext().isRemote());
    assertEquals(SpanKind.SERVER, serverData.getKind());
    assertEquals(StatusData.error(), serverData.getStatus());
    assertEquals(500L, serverData.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
    assertEquals("500", serverData.getAttributes().get(AttributeKey.stringKey("error.type")));
    assertEquals(List.of("b", "a"), keys(serverData.getSpanContext().getTraceState()));
    assertTrue(serverData.getEndEpochNanos() >= serverData.getStartEpochNanos());
    assertTrue(serverData.getSpanContext().isSampled());

    SpanData clientData = new LanternSpanData(client, RESOURCE, SCOPE);
    assertEquals(server.spanIdHex(), clientData.getParentSpanId());
    assertFalse(clientData.getParentSpanContext().isRemote());
    assertEquals(SpanKind.CLIENT, clientData.getKind());
    assertEquals(StatusData.unset(), clientData.getStatus());
    assertEquals("h2database", clientData.getAttributes().get(AttributeKey.stringKey("db.system.name")));
    assertEquals("SELECT users", clientData.getName());
  }

  @Test
  void rootHasNoParentAndMalformedTracestateMembersAreSkipped() {
    LanternSpan root = new Tracing(1.0, span -> { }).startSpan(LanternSpan.Kind.INTERNAL, "work");
    SpanData data = new LanternSpanData(root, RESOURCE, SCOPE);
    assertFalse(data.getParentSpanContext().isValid());
    assertEquals(SpanKind.INTERNAL, data.getKind());
    assertEquals(List.of("ok"), keys(LanternSpanData.traceState("=x,ok=1,broken")));
  }

  private static List<String> keys(TraceState state) {
    List<String> keys = new ArrayList<>();
    state.forEach((k, v) -> keys.add(k));
    return keys;
  }
}
