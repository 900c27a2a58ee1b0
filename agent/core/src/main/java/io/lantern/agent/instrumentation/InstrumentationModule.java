package io.lantern.agent.instrumentation;

import io.lantern.agent.AgentContext;
import io.lantern.agent.config.ConfigKey;
import io.lantern.bootstrap.Hooks;
import java.util.Collections;
import java.util.List;

/**
 * One instrumented technology, found through {@link java.util.ServiceLoader} in the agent's class
 * loader. Its {@link #name()} is the module's directory name and the {@code <name>} of
 * {@code lantern.instrumentation.<name>.enabled}.
 */
public interface InstrumentationModule {
  String name();

  /**
   * The configuration keys this module reads, declared as constants in its own code: parsed (and
   * warned about) at start whether or not the module is enabled, and listed in the README's
   * Configuration table (a test holds the two together).
   */
  default List<ConfigKey<?>> configKeys() {
    return Collections.emptyList();
  }

  /**
   * The handler this module's advice calls through {@link Hooks}, built only when the module is
   * enabled. The installer installs it and binds its number into every one of {@link #rules()}.
   */
  default Hooks.Handler handler(AgentContext context) {
    return null;
  }

  /** Where this module's advice goes. */
  default List<AdviceRule> rules() {
    return Collections.emptyList();
  }
}
