package io.lantern.agent.operation;

import io.lantern.agent.log.JsonWriter;
import io.lantern.agent.Names;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.util.HashMap;
import java.util.Map;

/**
 * An inbound request a server answers (HTTP now, RPC next): the local root of its trace, and where
 * work done for it finds per-request state, through {@link #current()} rather than through
 * another domain's classes: the tenant and request id it came with, and the database statements
 * run for it ({@code db_count}, {@code db_duration_ms}, the repeated-query rule).
 */
public abstract class RequestOperation extends Operation {
  /** Distinct statement texts tracked per request for the repeated-query rule. */
  static final int MAX_TRACKED_STATEMENTS = 256;

  private final String tenant;
  private final String requestId;
  // Statements run on the request's thread(s) while it is current.
  private int dbCount;
  private long dbDurationNanos;
  // The first distinct text is counted inline: most requests run one or a few statements, and a
  // map for them cost ~180 B per request. The map holds the others.
  private String firstText;
  private int firstCount;
  private Map<String, int[]> statementCounts;

  protected RequestOperation(String tenant, String requestId) {
    this.tenant = tenant;
    this.requestId = requestId;
  }

  /** The request the current span belongs to (its server span or one of its children), or null. */
  public static RequestOperation current() {
    LanternSpan span = Tracing.current();
    LanternSpan root = span == null ? null : span.localRoot();
    return root instanceof RequestOperation ? (RequestOperation) root : null;
  }

  /** The tenant the request named (the configured header or metadata key), or null. */
  public final String tenant() {
    return tenant;
  }

  public final String requestId() {
    return requestId;
  }

  /**
   * Counts one database statement of this request, and how often each sanitized text ran. Called
   * on the thread the request is current on, which runs its statements one at a time, so plain
   * fields and no lock; the end reads them on that thread (or after the async hand-off), the event
   * writer after the queue hand-off.
   */
  public final void addDbStatement(String sanitizedText, long durationNanos) {
    dbCount++;
    dbDurationNanos += durationNanos;
    if (sanitizedText == null) {
      return;
    }
    if (firstText == null) {
      firstText = sanitizedText;
    }
    if (firstText == sanitizedText || firstText.equals(sanitizedText)) {
      firstCount++;
      return;
    }
    if (statementCounts == null) {
      statementCounts = new HashMap<>();
    }
    int[] count = statementCounts.get(sanitizedText);
    if (count == null) {
      if (statementCounts.size() >= MAX_TRACKED_STATEMENTS - 1) {
        return;
      }
      count = new int[1];
      statementCounts.put(sanitizedText, count);
    }
    count[0]++;
  }

  public final int dbCount() {
    return dbCount;
  }

  public final long dbDurationNanos() {
    return dbDurationNanos;
  }

  /** Sanitized statement texts run at least {@code threshold} times, with their counts; null when none. */
  public final Map<String, Integer> repeatedStatements(int threshold) {
    Map<String, Integer> repeated = null;
    if (firstText != null && threshold > 0 && firstCount >= threshold) {
      repeated = new HashMap<>();
      repeated.put(firstText, firstCount);
    }
    if (statementCounts != null && threshold > 0) {
      for (Map.Entry<String, int[]> entry : statementCounts.entrySet()) {
        if (entry.getValue()[0] >= threshold) {
          if (repeated == null) {
            repeated = new HashMap<>();
          }
          repeated.put(entry.getKey(), entry.getValue()[0]);
        }
      }
    }
    return repeated;
  }

  /** The event fields every request event carries after its own: duration, database work, tenant, request id, remote parent. */
  protected final void writeRequestFields(JsonWriter out) {
    out.field(Names.DURATION_MS, durationNanos() / 1e6)
        .field(Names.DB_COUNT, dbCount)
        .field(Names.DB_DURATION_MS, dbDurationNanos / 1e6)
        .field(Names.ERROR_TYPE, errorTypeLabel())
        .field(Names.TENANT, tenant)
        .field(Names.REQUEST_ID, requestId)
        .field(Names.PARENT_SPAN_ID, hasRemoteParent() ? parentSpanIdHex() : null);
  }

  /** What the server names the operation in its route label, for events of other domains (the repeated-query rule). */
  public abstract String routeLabel();
}
