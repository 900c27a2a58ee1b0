package io.lantern.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.bootstrap.Hooks;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.asm.Advice;
import org.junit.jupiter.api.Test;

class AdviceWeaverTest {
  /** Stands for an application class. */
  public static class Greeter {
    public String greet(String name) {
      if (name.isEmpty()) {
        throw new IllegalArgumentException("no name");
      }
      return "hello " + name;
    }

    public String farewell(String name) {
      return "bye " + name;
    }
  }

  public static final class GreetAdvice {
    private GreetAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Hooks.Module int module, @Advice.Argument(0) Object name) {
      return Hooks.enter(module, 1, null, name, null);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Return Object returned,
        @Advice.Thrown Throwable thrown) {
      Hooks.exit(module, 2, state, null, returned, thrown);
    }
  }

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final int module = Hooks.install(new Hooks.Handler() {
    @Override
    public Object enter(int site, Object self, Object argument, Object detail) {
      calls.add("enter " + argument);
      return "state";
    }

    @Override
    public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
      calls.add("exit " + state + " " + returned + " " + (thrown == null ? "-" : thrown.getClass().getSimpleName()));
      return returned;
    }
  });
  private final LanternMetrics metrics = new LanternMetrics(10);
  private final InstrumentationErrors errors = new InstrumentationErrors(metrics, EventLog.noop());
  private final ClassLoader loader = getClass().getClassLoader();

  private AdviceWeaver weaver(AdviceRule... rules) {
    return new AdviceWeaver(Arrays.asList(rules), loader, null, errors);
  }

  @Test
  void weavesTheMatchedMethodsOfMatchedTypesOnly() throws Exception {
    AdviceRule greet = AdviceRule.of(l -> true, named(Greeter.class.getName()), named("greet"), GreetAdvice.class)
        .calling(module);
    AdviceWeaver weaver = weaver(greet);

    byte[] woven = weaver.weave(null, loader, internalName(Greeter.class), DeclaredMethodScanTest.bytes(Greeter.class));
    assertNotNull(woven);
    Object greeter = define(Greeter.class, woven).getDeclaredConstructor().newInstance();
    assertEquals("hello ann", greeter.getClass().getMethod("greet", String.class).invoke(greeter, "ann"));
    assertEquals("bye ann", greeter.getClass().getMethod("farewell", String.class).invoke(greeter, "ann"));
    InvocationTargetException failed = assertThrows(InvocationTargetException.class,
        () -> greeter.getClass().getMethod("greet", String.class).invoke(greeter, ""));
    assertEquals("no name", failed.getCause().getMessage(), "the method's own exception passes through");
    assertEquals(List.of("enter ann", "exit state hello ann -", "enter ", "exit state null IllegalArgumentException"), calls);

    assertNull(weaver.weave(null, loader, internalName(GreetAdvice.class), DeclaredMethodScanTest.bytes(GreetAdvice.class)),
        "a class no rule's type matcher accepts is left as it is");
  }

  @Test
  void aRuleThatCannotBeWovenLeavesTheClassAsItWasAndIsCounted() throws Exception {
    AdviceRule broken = AdviceRule.of(l -> true, named(Greeter.class.getName()), named("greet"), String.class);
    byte[] original = DeclaredMethodScanTest.bytes(Greeter.class);
    assertNull(weaver(broken).transform(null, loader, internalName(Greeter.class), null, null, original));
    assertEquals(1.0, metrics.registry().getSampleValue("lantern_instrumentation_errors_total",
        new String[] {"instrumentation"}, new String[] {"transformer"}));
    assertArrayEquals(DeclaredMethodScanTest.bytes(Greeter.class), original, "the bytes handed in are untouched");
  }

  @Test
  void theWarmUpWeavesItsTarget() throws Exception {
    byte[] original = DeclaredMethodScanTest.bytes(WarmUp.Target.class);
    byte[] woven = WarmUp.weave(loader, null);
    assertNotNull(woven);
    assertFalse(Arrays.equals(original, woven));
  }

  private static String internalName(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  /** Defines {@code type} from {@code classFile} in a loader of its own, everything else from the test's. */
  private Class<?> define(Class<?> type, byte[] classFile) throws ClassNotFoundException {
    return new ClassLoader(loader) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.equals(type.getName())) {
          synchronized (getClassLoadingLock(name)) {
            Class<?> defined = findLoadedClass(name);
            return defined != null ? defined : defineClass(name, classFile, 0, classFile.length);
          }
        }
        return super.loadClass(name, resolve);
      }
    }.loadClass(type.getName());
  }
}
