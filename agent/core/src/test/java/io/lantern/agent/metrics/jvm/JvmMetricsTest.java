package io.lantern.agent.metrics.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.Names;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.Collector.Type;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JvmMetricsTest {

  private CollectorRegistry registry;
  private JvmMetrics metrics;

  @BeforeEach
  void setUp() {
    registry = new CollectorRegistry();
    metrics = new JvmMetrics().register(registry);
  }

  @AfterEach
  void tearDown() {
    metrics.close();
  }

  private String text004() throws IOException {
    StringWriter w = new StringWriter();
    TextFormat.write004(w, registry.metricFamilySamples());
    return w.toString();
  }

  private String openMetrics() throws IOException {
    StringWriter w = new StringWriter();
    TextFormat.writeOpenMetrics100(w, registry.metricFamilySamples());
    return w.toString();
  }

  private Map<String, MetricFamilySamples> families() {
    Map<String, MetricFamilySamples> m = new HashMap<>();
    for (MetricFamilySamples f : Collections.list(registry.metricFamilySamples())) {
      m.put(f.name, f);
    }
    return m;
  }

  private static List<Sample> samples(MetricFamilySamples family, String sampleName) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : family.samples) {
      if (s.name.equals(sampleName)) {
        out.add(s);
      }
    }
    return out;
  }

  private static String label(Sample s, String name) {
    int i = s.labelNames.indexOf(name);
    return i < 0 ? null : s.labelValues.get(i);
  }

  @Test
  void familiesAndTypes() {
    Map<String, MetricFamilySamples> f = families();
    assertEquals(Type.GAUGE, f.get(Names.JVM_MEMORY_USED).type);
    assertEquals(Type.GAUGE, f.get(Names.JVM_MEMORY_COMMITTED).type);
    assertEquals(Type.GAUGE, f.get(Names.JVM_MEMORY_LIMIT).type);
    assertEquals(Type.HISTOGRAM, f.get(Names.JVM_GC_DURATION).type);
    assertEquals(Type.GAUGE, f.get(Names.JVM_THREAD_COUNT).type);
    assertEquals(Type.GAUGE, f.get(Names.JVM_CLASS_COUNT).type);
    assertEquals(Type.COUNTER, f.get(Names.JVM_CLASS_LOADED).type);
    assertEquals(Type.GAUGE, f.get(Names.JVM_CPU_COUNT).type);
    assertEquals(Type.COUNTER, f.get(Names.JVM_CPU_TIME).type);
    for (MetricFamilySamples family : f.values()) {
      assertFalse(family.help.isEmpty(), family.name);
    }
  }

  @Test
  void memoryPools() {
    Map<String, MetricFamilySamples> f = families();
    List<String> expectedLabels = Arrays.asList(Names.JVM_MEMORY_TYPE, Names.JVM_MEMORY_POOL_NAME);
    Set<String> types = new HashSet<>();
    Set<String> pools = new HashSet<>();
    for (Sample s : samples(f.get(Names.JVM_MEMORY_USED), Names.JVM_MEMORY_USED)) {
      assertEquals(expectedLabels, s.labelNames);
      types.add(label(s, Names.JVM_MEMORY_TYPE));
      pools.add(label(s, Names.JVM_MEMORY_POOL_NAME));
      assertTrue(s.value >= 0);
    }
    assertTrue(types.contains("heap"), types.toString());
    assertTrue(types.contains("non_heap"), types.toString());
    assertEquals(new HashSet<>(Arrays.asList("heap", "non_heap")), types);
    Set<String> expectedPools = new HashSet<>();
    ManagementFactory.getMemoryPoolMXBeans().forEach(p -> expectedPools.add(p.getName()));
    assertEquals(expectedPools, pools);
    assertEquals(pools.size(),
        samples(f.get(Names.JVM_MEMORY_COMMITTED), Names.JVM_MEMORY_COMMITTED).size());
    // The limit is only present for pools with a max; every limit belongs to a known pool.
    for (Sample s : samples(f.get(Names.JVM_MEMORY_LIMIT), Names.JVM_MEMORY_LIMIT)) {
      assertEquals(expectedLabels, s.labelNames);
      assertTrue(pools.contains(label(s, Names.JVM_MEMORY_POOL_NAME)));
      assertTrue(s.value > 0);
    }
  }

  @Test
  void threadCountByDaemonAndState() {
    MetricFamilySamples f = families().get(Names.JVM_THREAD_COUNT);
    double sum = 0;
    Set<String> states = new HashSet<>();
    for (Sample s : samples(f, Names.JVM_THREAD_COUNT)) {
      assertEquals(Arrays.asList(Names.JVM_THREAD_DAEMON, Names.JVM_THREAD_STATE), s.labelNames);
      assertTrue(Arrays.asList("true", "false").contains(label(s, Names.JVM_THREAD_DAEMON)));
      states.add(label(s, Names.JVM_THREAD_STATE));
      sum += s.value;
    }
    assertTrue(states.contains("runnable"));
    assertTrue(states.contains("timed_waiting"));
    for (String st : states) {
      assertEquals(st.toLowerCase(), st);
    }
    int actual = ManagementFactory.getThreadMXBean().getThreadCount();
    assertTrue(Math.abs(sum - actual) <= 5, "sum " + sum + " vs " + actual);
    // The current thread is a runnable non-daemon thread (JUnit's main thread).
    double runnable = 0;
    for (Sample s : samples(f, Names.JVM_THREAD_COUNT)) {
      if ("runnable".equals(label(s, Names.JVM_THREAD_STATE))) {
        runnable += s.value;
      }
    }
    assertTrue(runnable >= 1);
  }

  @Test
  void classesAndCpu() throws IOException {
    Map<String, MetricFamilySamples> f = families();
    double loaded = samples(f.get(Names.JVM_CLASS_COUNT), Names.JVM_CLASS_COUNT).get(0).value;
    double total = samples(f.get(Names.JVM_CLASS_LOADED), Names.JVM_CLASS_LOADED + "_total").get(0).value;
    assertTrue(loaded > 100);
    assertTrue(total >= loaded);
    assertEquals(Runtime.getRuntime().availableProcessors(),
        samples(f.get(Names.JVM_CPU_COUNT), Names.JVM_CPU_COUNT).get(0).value);
    double cpu = samples(f.get(Names.JVM_CPU_TIME), Names.JVM_CPU_TIME + "_total").get(0).value;
    assertTrue(cpu > 0 && cpu < 1e6, String.valueOf(cpu));

    String text = text004();
    assertTrue(text.contains("\njvm_cpu_count " + (double) Runtime.getRuntime().availableProcessors() + "\n"),
        text);
    assertTrue(text.contains("# TYPE jvm_class_loaded_total counter\n"), text);
    assertTrue(text.contains("# TYPE jvm_cpu_time_seconds_total counter\n"), text);
    MetricFamilySamples util = f.get(Names.JVM_CPU_RECENT_UTILIZATION);
    if (util != null) {
      double v = util.samples.get(0).value;
      assertTrue(v >= 0 && v <= 1, String.valueOf(v));
    }
  }

  @Test
  void gcHistogramAfterSystemGc() throws Exception {
    assertTrue(metrics.gcNotificationsAvailable());
    System.gc();
    MetricFamilySamples f = null;
    List<Sample> counts = Collections.emptyList();
    // Notifications arrive asynchronously.
    for (int i = 0; i < 100; i++) {
      f = families().get(Names.JVM_GC_DURATION);
      counts = samples(f, Names.JVM_GC_DURATION + "_count");
      if (counts.stream().anyMatch(s -> s.value > 0)) {
        break;
      }
      Thread.sleep(50);
    }
    assertNotNull(f);
    assertTrue(counts.stream().anyMatch(s -> s.value > 0), f.toString());
    for (Sample s : counts) {
      assertEquals(Arrays.asList(Names.JVM_GC_NAME, Names.JVM_GC_ACTION), s.labelNames);
      assertFalse(label(s, Names.JVM_GC_NAME).isEmpty());
      assertTrue(label(s, Names.JVM_GC_ACTION).startsWith("end of"), label(s, Names.JVM_GC_ACTION));
    }
    Set<String> les = new HashSet<>();
    for (Sample s : samples(f, Names.JVM_GC_DURATION + "_bucket")) {
      les.add(label(s, "le"));
    }
    assertEquals(new HashSet<>(Arrays.asList("0.01", "0.1", "1.0", "10.0", "+Inf")), les);
    assertEquals(counts.size(), samples(f, Names.JVM_GC_DURATION + "_sum").size());

    String text = text004();
    assertTrue(text.contains("# TYPE jvm_gc_duration_seconds histogram\n"), text);
    Matcher m = Pattern.compile("(?m)^jvm_gc_duration_seconds_bucket\\{jvm_gc_name=\"[^\"]+\","
        + "jvm_gc_action=\"[^\"]+\",le=\"\\+Inf\",} (\\S+)$").matcher(text);
    assertTrue(m.find(), text);
    assertTrue(text.contains("jvm_gc_duration_seconds_sum{"), text);
    assertTrue(text.contains("jvm_gc_duration_seconds_count{"), text);
  }

  @Test
  void closeStopsGcObservations() throws Exception {
    metrics.close();
    double before = gcCount();
    System.gc();
    Thread.sleep(300);
    assertEquals(before, gcCount());
  }

  private double gcCount() {
    double sum = 0;
    for (Sample s : samples(families().get(Names.JVM_GC_DURATION), Names.JVM_GC_DURATION + "_count")) {
      sum += s.value;
    }
    return sum;
  }

  @Test
  void text004FamilyNames() throws IOException {
    String text = text004();
    Set<String> typed = new HashSet<>();
    Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$").matcher(text);
    while (m.find()) {
      typed.add(m.group(1) + " " + m.group(2));
    }
    for (String expected : Arrays.asList(
        "jvm_memory_used_bytes gauge",
        "jvm_memory_committed_bytes gauge",
        "jvm_memory_limit_bytes gauge",
        "jvm_gc_duration_seconds histogram",
        "jvm_thread_count gauge",
        "jvm_class_count gauge",
        "jvm_class_loaded_total counter",
        "jvm_cpu_count gauge",
        "jvm_cpu_time_seconds_total counter")) {
      assertTrue(typed.contains(expected), expected + " in " + typed);
    }
    assertTrue(Pattern.compile("(?m)^jvm_memory_used_bytes\\{jvm_memory_type=\"heap\",jvm_memory_pool_name=\"[^\"]+\",\\} ")
        .matcher(text).find(), text);
    assertTrue(Pattern.compile("(?m)^jvm_thread_count\\{jvm_thread_daemon=\"(true|false)\",jvm_thread_state=\"runnable\",\\} ")
        .matcher(text).find(), text);
  }

  @Test
  void openMetricsCountersEndInTotalExactlyOnce() throws IOException {
    String om = openMetrics();
    assertTrue(om.endsWith("# EOF\n"));
    assertTrue(om.contains("# TYPE jvm_class_loaded counter\n"), om);
    assertTrue(om.contains("# TYPE jvm_cpu_time_seconds counter\n"), om);
    assertTrue(Pattern.compile("(?m)^jvm_class_loaded_total \\S+$").matcher(om).find(), om);
    assertTrue(Pattern.compile("(?m)^jvm_cpu_time_seconds_total \\S+$").matcher(om).find(), om);
    assertFalse(om.contains("_total_total"), om);
    assertTrue(om.contains("# TYPE jvm_gc_duration_seconds histogram\n"), om);
    assertTrue(Pattern.compile("(?m)^jvm_memory_used_bytes\\{jvm_memory_type=\"heap\",jvm_memory_pool_name=\"[^\"]+\"\\} ")
        .matcher(om).find(), om);
  }

  @Test
  void describeMatchesCollectedNames() {
    Set<String> described = new HashSet<>();
    for (MetricFamilySamples f : metrics.describe()) {
      described.add(f.name);
    }
    for (MetricFamilySamples f : metrics.collect()) {
      assertTrue(described.contains(f.name), f.name);
    }
  }

  @Test
  void registeringTwiceIntoOneRegistryFails() {
    JvmMetrics other = new JvmMetrics();
    try {
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> other.register(registry));
    } finally {
      other.close();
    }
  }
}
