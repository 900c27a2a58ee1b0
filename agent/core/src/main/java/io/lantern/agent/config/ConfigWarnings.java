package io.lantern.agent.config;

import io.lantern.agent.Names;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.FieldsEvent;
import io.lantern.agent.log.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where every {@link ConfigWarning} goes, one {@code config_warning} event each. The configuration
 * is read before the event log exists (it says where the log goes), so warnings are held until
 * {@link #emitTo} names the log, then emitted in order; later ones (a key first read after start,
 * the price table named by a key) go out at once.
 */
public final class ConfigWarnings implements Consumer<ConfigWarning> {
  private List<ConfigWarning> held = new ArrayList<>();
  private EventLog events;

  @Override
  public synchronized void accept(ConfigWarning warning) {
    if (events == null) {
      held.add(warning);
    } else {
      events.emit(event(warning));
    }
  }

  /** Emits the held warnings to {@code events}, and every later one as it comes. */
  public synchronized void emitTo(EventLog events) {
    this.events = events;
    for (ConfigWarning warning : held) {
      events.emit(event(warning));
    }
    held.clear();
  }

  /** One {@code config_warning} event: key, value and the default used instead. */
  static FieldsEvent event(ConfigWarning warning) {
    return FieldsEvent.of(Names.EVENT_CONFIG_WARNING, Level.WARN, "invalid value for " + warning.key() + ", using the default")
        .with(Names.KEY, warning.key())
        .with(Names.VALUE, warning.value())
        .with(Names.DEFAULT, warning.defaultValue());
  }
}
