package io.lantern.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;

import io.lantern.bootstrap.Hooks;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import net.bytebuddy.asm.Advice;

/**
 * Byte Buddy's cold start, done on the installer's thread while premain is still making the rules:
 * one weave of {@link Target} with advice shaped like the modules' (a module binding, {@code this},
 * an argument, the return value, the thrown exception), so that the ~500 classes of Byte Buddy and
 * ASM a weave needs are loaded and have run once before the application's first candidate waits
 * for them. The woven bytes are thrown away.
 */
final class WarmUp {
  private WarmUp() {}

  /** The woven class file of {@link Target} (for tests: null would mean nothing was woven). */
  static byte[] weave(ClassLoader agentLoader, Instrumentation instrumentation) throws Exception {
    byte[] classFile;
    try (InputStream in = agentLoader.getResourceAsStream(Target.class.getName().replace('.', '/') + ".class")) {
      classFile = in.readAllBytes();
    }
    AdviceRule rule = AdviceRule.forType(Target.class.getName(), named("run"), TargetAdvice.class).calling(0);
    return new AdviceWeaver(Collections.singletonList(rule), agentLoader, instrumentation, null)
        .weave(null, agentLoader, Target.class.getName().replace('.', '/'), classFile);
  }

  /** Only ever woven, never loaded woven. */
  static final class Target {
    Object run(Object argument) throws Exception {
      if (argument == null) {
        throw new Exception("no argument");
      }
      return argument;
    }
  }

  static final class TargetAdvice {
    private TargetAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Hooks.Module int module, @Advice.This Object self, @Advice.Argument(0) Object argument,
        @Advice.Origin("#m") String method) {
      return Hooks.enter(module, method.length(), self, argument, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Return Object returned,
        @Advice.Thrown Throwable thrown) {
      Hooks.exit(module, 0, state, null, returned, thrown);
    }
  }
}
