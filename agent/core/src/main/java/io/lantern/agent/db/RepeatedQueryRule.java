package io.lantern.agent.db;

import io.lantern.agent.Names;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.FieldsEvent;
import io.lantern.agent.log.Level;
import io.lantern.agent.operation.OperationListener;
import io.lantern.agent.operation.RequestOperation;
import java.util.Map;

/**
 * The N+1 rule, run when a request ends: one {@code db_repeated_query} per sanitized statement the
 * request ran at least {@code lantern.jdbc.repeated-query-threshold} times, with the final count
 * and the route (known only now).
 */
final class RepeatedQueryRule implements OperationListener<RequestOperation> {
  private final EventLog events;
  private final int threshold;

  RepeatedQueryRule(EventLog events, int threshold) {
    this.events = events;
    this.threshold = threshold;
  }

  @Override
  public void onEnd(RequestOperation request) {
    Map<String, Integer> repeated = request.repeatedStatements(threshold);
    if (repeated == null || !events.isEnabled(Level.WARN)) {
      return;
    }
    String route = request.routeLabel();
    for (Map.Entry<String, Integer> entry : repeated.entrySet()) {
      events.emit(
          FieldsEvent.of(Names.EVENT_DB_REPEATED_QUERY, Level.WARN,
                  "statement ran " + entry.getValue() + " times in one request to " + route)
              .withTrace(request)
              .with(Names.DB_QUERY_TEXT, entry.getKey())
              .with(Names.COUNT, entry.getValue())
              .with(Names.HTTP_ROUTE, route));
    }
  }
}
