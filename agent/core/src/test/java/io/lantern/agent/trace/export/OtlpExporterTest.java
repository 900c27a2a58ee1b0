package io.lantern.agent.trace.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OtlpExporterTest {
  private final Tracing tracing = new Tracing(1.0, span -> { });

  /**
   * Batches handed over back to back to a collector that answers at once all succeed: the SDK
   * completes a batch's result a moment before its sender thread is free again, and the next
   * batch must find room rather than be refused as if the sender were stuck.
   */
  @Test
  void backToBackBatchesToAHealthyCollectorAllSucceed() throws IOException {
    HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    AtomicInteger posts = new AtomicInteger();
    collector.createContext("/v1/traces", exchange -> {
      exchange.getRequestBody().readAllBytes();
      posts.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    collector.start();
    OtlpExporter exporter = new OtlpExporter(
        "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces", 5000,
        "test", null, null, "0", EventLog.noop());
    try {
      int batches = 300;
      int succeeded = 0;
      for (int i = 0; i < batches; i++) {
        if (exporter.export(List.of(tracing.startSpan(LanternSpan.Kind.INTERNAL, "s" + i)))) {
          succeeded++;
        }
      }
      assertEquals(batches, succeeded);
      assertEquals(batches, posts.get());
    } finally {
      exporter.shutdown(1000);
      collector.stop(0);
    }
  }
}
