package io.lantern.agent.metrics;

import io.lantern.agent.Names;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds the metric child (series) for a label combination on the hot path without building label
 * lists, allocating or locking: a map lookup by the one high-cardinality label ({@code primary},
 * e.g. the route), then a scan of a few entries keyed by an int packing the low-cardinality labels
 * and an optional {@code secondary} string (e.g. {@code error_type}). Only the first sighting of a
 * combination takes a lock (the row's, to append once); past the cap, the lookup of the
 * {@link Names#OTHER} child takes none either. Past {@code maxSeries} combinations, new ones go to the
 * {@link Names#OTHER} primary and the overflow is counted (law 4: bounded).
 *
 * @param <C> the metric child type
 */
public final class SeriesTable<C> {
  /** Creates the child for a label combination; called once per combination. */
  public interface ChildFactory<C> {
    C create(String primary, int packed, String secondary);
  }

  private final ConcurrentHashMap<String, Row<C>> rows = new ConcurrentHashMap<>();
  private final AtomicInteger seriesCount = new AtomicInteger();
  private final int maxSeries;
  private final ChildFactory<C> factory;
  private final Runnable onOverflow;
  private final boolean overflowSecondary;

  public SeriesTable(int maxSeries, ChildFactory<C> factory, Runnable onOverflow) {
    this(maxSeries, factory, onOverflow, false);
  }

  /**
   * @param overflowSecondary whether an overflowing combination's {@code secondary} becomes
   *     {@link Names#OTHER} too: for a secondary that is itself open-ended (a model name), so the
   *     {@code _OTHER} row stays bounded; a small closed set (an exception class) keeps its value
   */
  public SeriesTable(int maxSeries, ChildFactory<C> factory, Runnable onOverflow, boolean overflowSecondary) {
    this.maxSeries = maxSeries;
    this.factory = factory;
    this.onOverflow = onOverflow;
    this.overflowSecondary = overflowSecondary;
  }

  public C get(String primary, int packed, String secondary) {
    Row<C> row = rows.get(primary);
    if (row != null) {
      C child = row.find(packed, secondary);
      if (child != null) {
        return child;
      }
    }
    return add(primary, packed, secondary);
  }

  private C add(String primary, int packed, String secondary) {
    boolean overflow = !Names.OTHER.equals(primary) && !reserve();
    if (overflow) {
      onOverflow.run();
      primary = Names.OTHER;
      if (overflowSecondary && secondary != null) {
        secondary = Names.OTHER;
      }
      // Past the cap every new combination comes here, on every call: find its _OTHER child
      // without the row's lock, which only the first sighting of that child needs.
      Row<C> other = rows.get(primary);
      C child = other == null ? null : other.find(packed, secondary);
      if (child != null) {
        return child;
      }
    }
    Row<C> row = rows.computeIfAbsent(primary, k -> new Row<>());
    synchronized (row) {
      C existing = row.find(packed, secondary);
      if (existing != null) {
        if (!overflow && !Names.OTHER.equals(primary)) {
          seriesCount.decrementAndGet(); // raced with another thread adding the same series
        }
        return existing;
      }
      C child = factory.create(primary, packed, secondary);
      row.append(new Entry<>(packed, secondary, child));
      return child;
    }
  }

  /**
   * Takes one of the {@code maxSeries} places, or none when all are taken. Once full it only reads
   * the count: every call past the cap writing the one shared counter would make it contended.
   */
  private boolean reserve() {
    if (seriesCount.get() >= maxSeries) {
      return false;
    }
    if (seriesCount.incrementAndGet() > maxSeries) {
      seriesCount.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Number of label combinations created, excluding the overflow row. */
  public int size() {
    return seriesCount.get();
  }

  private static final class Row<C> {
    @SuppressWarnings("unchecked")
    private volatile Entry<C>[] entries = new Entry[0];

    C find(int packed, String secondary) {
      for (Entry<C> entry : entries) {
        if (entry.packed == packed && Objects.equals(entry.secondary, secondary)) {
          return entry.child;
        }
      }
      return null;
    }

    void append(Entry<C> entry) {
      Entry<C>[] grown = Arrays.copyOf(entries, entries.length + 1);
      grown[entries.length] = entry;
      entries = grown;
    }
  }

  private static final class Entry<C> {
    final int packed;
    final String secondary;
    final C child;

    Entry(int packed, String secondary, C child) {
      this.packed = packed;
      this.secondary = secondary;
      this.child = child;
    }
  }
}
