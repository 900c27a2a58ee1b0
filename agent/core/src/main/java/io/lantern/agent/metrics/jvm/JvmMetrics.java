package io.lantern.agent.metrics.jvm;

import io.lantern.agent.Names;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.Histogram;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * JVM runtime metrics named after the OpenTelemetry semantic conventions, as Prometheus renders
 * them: memory pools, GC durations, threads, classes and CPU. Everything except GC durations is
 * read from the platform MXBeans on each scrape; GC durations come from GC notifications.
 *
 * <p>Usage: {@code new JvmMetrics().register(registry)}. {@link #close()} detaches the GC
 * listeners.
 */
public final class JvmMetrics extends Collector implements Collector.Describable, AutoCloseable {

  static final double[] GC_BUCKETS = {0.01, 0.1, 1, 10};

  private static final String HELP_MEMORY_USED = "Measure of memory used.";
  private static final String HELP_MEMORY_COMMITTED = "Measure of memory committed.";
  private static final String HELP_MEMORY_LIMIT = "Measure of max obtainable memory.";
  private static final String HELP_GC_DURATION = "Duration of JVM garbage collection actions.";
  private static final String HELP_THREAD_COUNT = "Number of executing platform threads.";
  private static final String HELP_CLASS_COUNT = "Number of classes currently loaded.";
  private static final String HELP_CLASS_LOADED = "Number of classes loaded since JVM start.";
  private static final String HELP_CPU_COUNT = "Number of processors available to the JVM.";
  private static final String HELP_CPU_TIME = "CPU time used by the process as reported by the JVM.";
  private static final String HELP_CPU_UTILIZATION =
      "Recent CPU utilization for the process as reported by the JVM (0..1).";

  private static final List<String> POOL_LABELS =
      Collections.unmodifiableList(Arrays.asList(Names.JVM_MEMORY_TYPE, Names.JVM_MEMORY_POOL_NAME));
  private static final List<String> THREAD_LABELS =
      Collections.unmodifiableList(Arrays.asList(Names.JVM_THREAD_DAEMON, Names.JVM_THREAD_STATE));
  private static final Thread.State[] STATES = Thread.State.values();
  private static final String[] STATE_NAMES = new String[STATES.length];

  static {
    for (int i = 0; i < STATES.length; i++) {
      STATE_NAMES[i] = STATES[i].name().toLowerCase(Locale.ROOT);
    }
  }

  private final Histogram gcDuration;
  private final GcListener gcListener;
  /** False once com.sun.management turned out to be missing. */
  private volatile boolean sunOsAvailable = true;

  public JvmMetrics() {
    this.gcDuration = Histogram.build()
        .name(Names.JVM_GC_DURATION)
        .help(HELP_GC_DURATION)
        .labelNames(Names.JVM_GC_NAME, Names.JVM_GC_ACTION)
        .buckets(GC_BUCKETS)
        .withoutExemplars()
        .create();
    GcListener listener = null;
    try {
      listener = GcListener.install(gcDuration);
    } catch (LinkageError | RuntimeException e) {
      // No com.sun.management (or no notifications): the histogram simply stays empty.
    }
    this.gcListener = listener;
  }

  /** True when GC notifications are being received (com.sun.management is available). */
  public boolean gcNotificationsAvailable() {
    return gcListener != null;
  }

  /** Detaches the GC notification listeners. Scrapes keep working (without new GC data). */
  @Override
  public void close() {
    if (gcListener != null) {
      gcListener.remove();
    }
  }

  @Override
  public List<MetricFamilySamples> describe() {
    List<String> none = Collections.emptyList();
    List<MetricFamilySamples> out = new ArrayList<>();
    out.add(new GaugeMetricFamily(Names.JVM_MEMORY_USED, HELP_MEMORY_USED, POOL_LABELS));
    out.add(new GaugeMetricFamily(Names.JVM_MEMORY_COMMITTED, HELP_MEMORY_COMMITTED, POOL_LABELS));
    out.add(new GaugeMetricFamily(Names.JVM_MEMORY_LIMIT, HELP_MEMORY_LIMIT, POOL_LABELS));
    out.addAll(gcDuration.describe());
    out.add(new GaugeMetricFamily(Names.JVM_THREAD_COUNT, HELP_THREAD_COUNT, THREAD_LABELS));
    out.add(new GaugeMetricFamily(Names.JVM_CLASS_COUNT, HELP_CLASS_COUNT, none));
    out.add(new CounterMetricFamily(Names.JVM_CLASS_LOADED, HELP_CLASS_LOADED, none));
    out.add(new GaugeMetricFamily(Names.JVM_CPU_COUNT, HELP_CPU_COUNT, none));
    out.add(new CounterMetricFamily(Names.JVM_CPU_TIME, HELP_CPU_TIME, none));
    out.add(new GaugeMetricFamily(Names.JVM_CPU_RECENT_UTILIZATION, HELP_CPU_UTILIZATION, none));
    return out;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    List<MetricFamilySamples> out = new ArrayList<>(12);
    try {
      addMemory(out);
    } catch (RuntimeException e) {
      // a failing MXBean must not break the scrape
    }
    out.addAll(gcDuration.collect());
    try {
      addThreads(out);
    } catch (RuntimeException e) {
      // idem
    }
    try {
      addClasses(out);
    } catch (RuntimeException e) {
      // idem
    }
    addCpu(out);
    return out;
  }

  private static void addMemory(List<MetricFamilySamples> out) {
    GaugeMetricFamily used = new GaugeMetricFamily(Names.JVM_MEMORY_USED, HELP_MEMORY_USED, POOL_LABELS);
    GaugeMetricFamily committed =
        new GaugeMetricFamily(Names.JVM_MEMORY_COMMITTED, HELP_MEMORY_COMMITTED, POOL_LABELS);
    GaugeMetricFamily limit = new GaugeMetricFamily(Names.JVM_MEMORY_LIMIT, HELP_MEMORY_LIMIT, POOL_LABELS);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage usage;
      try {
        usage = pool.getUsage();
      } catch (RuntimeException e) {
        continue;
      }
      if (usage == null) {
        continue; // pool no longer valid
      }
      List<String> labels = Arrays.asList(
          pool.getType() == MemoryType.HEAP ? "heap" : "non_heap", pool.getName());
      used.addMetric(labels, usage.getUsed());
      committed.addMetric(labels, usage.getCommitted());
      if (usage.getMax() != -1) {
        limit.addMetric(labels, usage.getMax());
      }
    }
    out.add(used);
    out.add(committed);
    out.add(limit);
  }

  private static void addThreads(List<MetricFamilySamples> out) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // maxDepth 0: no stack traces, no lock information.
    ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds(), 0);
    int[] counts = new int[STATES.length * 2];
    for (ThreadInfo info : infos) {
      if (info != null) { // null: the thread ended meanwhile
        counts[info.getThreadState().ordinal() * 2 + (info.isDaemon() ? 1 : 0)]++;
      }
    }
    GaugeMetricFamily family = new GaugeMetricFamily(Names.JVM_THREAD_COUNT, HELP_THREAD_COUNT, THREAD_LABELS);
    for (int s = 0; s < STATES.length; s++) {
      // Live threads are never NEW or TERMINATED: those appear only if seen, the rest always.
      boolean always = STATES[s] != Thread.State.NEW && STATES[s] != Thread.State.TERMINATED;
      if (always || counts[s * 2] > 0) {
        family.addMetric(Arrays.asList("false", STATE_NAMES[s]), counts[s * 2]);
      }
      if (always || counts[s * 2 + 1] > 0) {
        family.addMetric(Arrays.asList("true", STATE_NAMES[s]), counts[s * 2 + 1]);
      }
    }
    out.add(family);
  }

  private static void addClasses(List<MetricFamilySamples> out) {
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    out.add(new GaugeMetricFamily(Names.JVM_CLASS_COUNT, HELP_CLASS_COUNT, classes.getLoadedClassCount()));
    out.add(new CounterMetricFamily(
        Names.JVM_CLASS_LOADED, HELP_CLASS_LOADED, classes.getTotalLoadedClassCount()));
  }

  private void addCpu(List<MetricFamilySamples> out) {
    out.add(new GaugeMetricFamily(
        Names.JVM_CPU_COUNT, HELP_CPU_COUNT, Runtime.getRuntime().availableProcessors()));
    if (!sunOsAvailable) {
      return;
    }
    try {
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      long cpuNanos = SunOs.processCpuTime(os);
      if (cpuNanos >= 0) {
        out.add(new CounterMetricFamily(Names.JVM_CPU_TIME, HELP_CPU_TIME, cpuNanos / NANOSECONDS_PER_SECOND));
      }
      double load = SunOs.processCpuLoad(os);
      if (load >= 0) {
        out.add(new GaugeMetricFamily(Names.JVM_CPU_RECENT_UTILIZATION, HELP_CPU_UTILIZATION, load));
      }
    } catch (LinkageError e) {
      sunOsAvailable = false;
    } catch (RuntimeException e) {
      // skip CPU metrics for this scrape
    }
  }

  /** Isolates references to com.sun.management so a JVM without it fails only here. */
  private static final class SunOs {
    private SunOs() {}

    static long processCpuTime(OperatingSystemMXBean os) {
      if (os instanceof com.sun.management.OperatingSystemMXBean) {
        return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
      }
      return -1;
    }

    static double processCpuLoad(OperatingSystemMXBean os) {
      if (os instanceof com.sun.management.OperatingSystemMXBean) {
        return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuLoad();
      }
      return -1;
    }
  }

  /** Only GC notifications pass. */
  private static final class GcFilter implements NotificationFilter {
    private static final long serialVersionUID = 1L;
    /** = GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION */
    static final String TYPE = "com.sun.management.gc.notification";

    @Override
    public boolean isNotificationEnabled(Notification n) {
      return TYPE.equals(n.getType());
    }
  }

  /** Feeds the GC histogram; the only place that touches GarbageCollectionNotificationInfo. */
  private static final class GcListener implements NotificationListener {
    private final Histogram histogram;
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    private GcListener(Histogram histogram) {
      this.histogram = histogram;
    }

    static GcListener install(Histogram histogram) {
      // Fails early (LinkageError) when com.sun.management is not there.
      String type = com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION;
      if (!GcFilter.TYPE.equals(type)) {
        throw new IllegalStateException("unexpected GC notification type " + type);
      }
      GcListener listener = new GcListener(histogram);
      NotificationFilter filter = new GcFilter();
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter) {
          NotificationEmitter emitter = (NotificationEmitter) gc;
          emitter.addNotificationListener(listener, filter, null);
          listener.emitters.add(emitter);
        }
      }
      return listener;
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
      try {
        com.sun.management.GarbageCollectionNotificationInfo info =
            com.sun.management.GarbageCollectionNotificationInfo.from(
                (CompositeData) notification.getUserData());
        double seconds = info.getGcInfo().getDuration() / MILLISECONDS_PER_SECOND;
        histogram.labels(info.getGcName(), info.getGcAction()).observe(seconds);
      } catch (RuntimeException | LinkageError e) {
        // never disturb the JMX notification thread
      }
    }

    void remove() {
      for (NotificationEmitter emitter : emitters) {
        try {
          emitter.removeNotificationListener(this);
        } catch (ListenerNotFoundException | RuntimeException e) {
          // already gone
        }
      }
      emitters.clear();
    }
  }
}
