package io.lantern.agent.method;

import io.lantern.agent.Names;
import io.lantern.agent.log.Event;
import io.lantern.agent.log.JsonWriter;
import io.lantern.agent.log.Level;
import io.lantern.agent.operation.Operation;

/**
 * One call of an application method the user named (in configuration, or with {@code @WithSpan}):
 * its INTERNAL span (or the kind the annotation asks for), its {@code lantern_method_duration_seconds}
 * record and, when it is slow, its {@code method_call} event.
 */
public final class MethodCall extends Operation implements Event {
  /** The {@code code_function_name} label: {@code com.acme.Trader.decide}, or a {@code @WithSpan} constant name. */
  final String label;
  /** The method's own full name, for the span's {@code code.function.name}. */
  final String functionName;
  /** What the module keeps with the call (the method it is a call of); the domain never reads it. */
  private final Object site;

  public MethodCall(String label, String functionName, Object site) {
    this.label = label;
    this.functionName = functionName;
    this.site = site;
  }

  public Object site() {
    return site;
  }

  public String label() {
    return label;
  }

  /** A slow call is a warning, failed or not. */
  @Override
  protected Level eventLevel() {
    return Level.WARN;
  }

  @Override
  public String name() {
    return Names.EVENT_METHOD_CALL;
  }

  @Override
  public String message() {
    return label + " took " + Math.round(durationNanos() / 1e6) + " ms";
  }

  @Override
  public void writeFields(JsonWriter out) {
    out.field(Names.CODE_FUNCTION_NAME, label)
        .field(Names.DURATION_MS, durationNanos() / 1e6)
        .field(Names.ERROR_TYPE, errorTypeLabel());
  }
}
