package io.lantern.agent.export;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.CounterMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What became of every item handed to an exporter: exported, failed (the export was attempted and
 * did not succeed) or dropped (the queue was full, or the agent was shutting down). Exposed as three
 * counters whose names the subclass gives; all three are 0 with no exporter.
 */
public class ExportStats extends Collector {
  private final LongAdder exported = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final String exportedName;
  private final String exportedHelp;
  private final String failedName;
  private final String failedHelp;
  private final String droppedName;
  private final String droppedHelp;

  public ExportStats(String exportedName, String exportedHelp, String failedName, String failedHelp,
      String droppedName, String droppedHelp) {
    this.exportedName = exportedName;
    this.exportedHelp = exportedHelp;
    this.failedName = failedName;
    this.failedHelp = failedHelp;
    this.droppedName = droppedName;
    this.droppedHelp = droppedHelp;
  }

  public long exported() {
    return exported.sum();
  }

  public long failed() {
    return failed.sum();
  }

  public long dropped() {
    return dropped.sum();
  }

  public void addExported(long n) {
    exported.add(n);
  }

  public void addFailed(long n) {
    failed.add(n);
  }

  public void addDropped(long n) {
    dropped.add(n);
  }

  /** Registers the three counters. */
  public ExportStats registerIn(CollectorRegistry registry) {
    register(registry);
    return this;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    List<MetricFamilySamples> families = new ArrayList<>(3);
    families.add(new CounterMetricFamily(exportedName, exportedHelp, exported.sum()));
    families.add(new CounterMetricFamily(failedName, failedHelp, failed.sum()));
    families.add(new CounterMetricFamily(droppedName, droppedHelp, dropped.sum()));
    return families;
  }
}
