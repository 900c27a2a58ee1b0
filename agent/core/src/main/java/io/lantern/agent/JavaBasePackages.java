package io.lantern.agent;

import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * Opens a {@code java.base} package for deep reflection to the agent's own class loader only, never to
 * the application's: the agent reaches the few JDK internals it needs (defining the hooks in the
 * bootstrap loader, asking whether a class-data archive is being written) without an
 * {@code --add-opens} on the user's command line.
 */
public final class JavaBasePackages {
  private JavaBasePackages() {
  }

  public static void openToAgent(Instrumentation instrumentation, String packageName) {
    instrumentation.redefineModule(Object.class.getModule(), Collections.emptySet(), Collections.emptyMap(),
        Map.of(packageName, Set.of(JavaBasePackages.class.getModule())), Collections.emptySet(),
        Collections.emptyMap());
  }
}
