package io.lantern.agent.instrumentation;

import io.lantern.agent.AgentContext;
import java.util.List;

/**
 * One instrumented technology, found through {@link java.util.ServiceLoader} in the agent's class
 * loader. Its {@link #name()} is the module's directory name and the {@code <name>} of
 * {@code lantern.instrumentation.<name>.enabled}.
 */
public interface InstrumentationModule {
  String name();

  /** Installs this module's hook handler and returns where its advice goes. Called only when enabled. */
  List<AdviceRule> instrument(AgentContext context);
}
