package io.lantern.agent.operation;

import io.lantern.agent.log.Event;
import io.lantern.agent.log.EventLog;

/**
 * Writes the operation itself as its event line (an {@code http_request}, a {@code gen_ai_call}),
 * when events at its level are on. Add it after the listeners that fill what the event reports:
 * the operation must not change once emitted, the writer thread reads it later.
 */
public final class EventListener<O extends Operation & Event> implements OperationListener<O> {
  private final EventLog events;

  public EventListener(EventLog events) {
    this.events = events;
  }

  @Override
  public void onEnd(O operation) {
    if (events.isEnabled(operation.level())) {
      events.emit(operation);
    }
  }
}
