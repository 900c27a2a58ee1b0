package io.lantern.agent.log;

import io.lantern.agent.Names;
import io.lantern.agent.trace.LanternSpan;

/**
 * Turns one {@link Event} into one JSON line (without the newline). Owned by a single thread (the
 * event writer); reuses one buffer. Never throws for a misbehaving event: a line is always
 * produced, with {@code _schema_error} explaining what went wrong.
 *
 * <p>Field order: timestamp, level, service, service_version, deployment_environment, event,
 * message, trace_id, span_id, trace_flags, the event's own fields, _schema_error.
 */
final class EventFormatter {
  private final JsonWriter out = new JsonWriter();
  private final StringBuilder errors = new StringBuilder(64);
  private final String service;
  private final String serviceVersion;
  private final String deploymentEnvironment;

  EventFormatter(String service, String serviceVersion, String deploymentEnvironment) {
    this.service = service;
    this.serviceVersion = serviceVersion;
    this.deploymentEnvironment = deploymentEnvironment;
  }

  /** The line, valid until the next call. */
  StringBuilder format(Event e) {
    String name = null;
    Level level = null;
    long micros = 0;
    boolean haveTime = false;
    String message = null;
    LanternSpan span = null;
    Throwable accessorError = null;
    try {
      name = e.name();
      level = e.level();
      micros = e.epochMicros();
      haveTime = true;
      message = e.message();
      span = e.span();
    } catch (Throwable t) {
      accessorError = t;
    }
    if (!haveTime) {
      micros = EventLog.currentEpochMicros();
    }
    JsonWriter w = out;
    StringBuilder err = errors;
    err.setLength(0);
    w.beginLine();
    w.commonTimestamp(Names.TIMESTAMP, micros);
    w.commonField(Names.LEVEL, (level == null ? Level.INFO : level).name());
    w.commonField(Names.SERVICE, service);
    if (serviceVersion != null) {
      w.commonField(Names.SERVICE_VERSION, serviceVersion);
    }
    if (deploymentEnvironment != null) {
      w.commonField(Names.DEPLOYMENT_ENVIRONMENT, deploymentEnvironment);
    }
    if (name != null) {
      w.commonField(Names.EVENT, name);
    }
    w.commonField(Names.MESSAGE, message == null ? "" : message);
    if (span != null) {
      w.commonTrace(span);
    }
    if (accessorError != null) {
      err.append("event accessor threw ").append(accessorError.getClass().getName());
    } else {
      if (name == null) {
        err.append("missing: ").append(Names.EVENT);
      }
      int mark = w.mark();
      boolean comma = w.needComma();
      w.track(EventSchema.required(name));
      try {
        e.writeFields(w);
        if (err.length() == 0) {
          if (w.appendMissing(err.append("missing: "))) {
            // names appended
          } else {
            err.setLength(0);
          }
        }
      } catch (Throwable t) {
        w.truncate(mark, comma); // drop a half-written field
        err.setLength(0);
        err.append("writeFields threw ").append(t.getClass().getName());
      }
      w.stopTracking();
    }
    if (err.length() > 0) {
      w.commonField(Names.SCHEMA_ERROR, err.toString());
    }
    w.endLine();
    return w.buffer();
  }
}
