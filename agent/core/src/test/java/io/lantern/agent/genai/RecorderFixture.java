package io.lantern.agent.genai;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.EventLogSettings;
import io.lantern.agent.log.EventLogTarget;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.Tracing;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;

/** A recorder on a private registry, no event output, for tests that read metrics only. */
final class RecorderFixture implements AutoCloseable {
  final EventLog events = EventLog.start(EventLogSettings.builder().target(EventLogTarget.NONE).build());
  final LanternMetrics metrics = new LanternMetrics(100);
  final GenAiRecorder recorder = new GenAiRecorder(new GenAiMetrics(metrics), new Tracing(1.0), events, new InstrumentationErrors(new LanternMetrics(100), EventLog.noop()), GenAiPrices.none(), false, 100);
  final InstrumentationErrors errors = new InstrumentationErrors(metrics, events);

  /** A streaming call, already detached from this thread. */
  GenAiCall streamingCall(String provider, String model) {
    GenAiCall call = recorder.start("chat", provider, model, true);
    call.detach();
    return call;
  }

  String scrape() throws IOException {
    StringWriter out = new StringWriter();
    TextFormat.write004(out, metrics.registry().metricFamilySamples());
    return out.toString();
  }

  @Override
  public void close() {
    Tracing.restore(null);
    events.close();
  }
}
