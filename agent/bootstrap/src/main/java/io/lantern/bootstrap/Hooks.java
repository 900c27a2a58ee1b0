package io.lantern.bootstrap;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one bridge between advice inlined into application (and JDK) classes and the modules inside
 * the agent's class loader. Inlined code can only call what every class loader sees, the bootstrap
 * path; so every module's advice calls {@link #enter} and {@link #exit} here with java.base types,
 * and they forward to the {@link Handler} that module installed.
 *
 * <p>Which module: the installer binds the module's number into its advice as the parameter
 * annotated {@link Module}, a constant in the woven code. Which hook of that module: a {@code site}
 * constant the module defines (javac inlines it into the advice, so the advice refers to no
 * agent class). A handler is installed before any class is woven with its number.
 */
public final class Hooks {
  private Hooks() {}

  /** Marks the advice parameter that receives the module's number. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  public @interface Module {}

  /**
   * Implemented by each module inside the agent. A site the module does not use keeps the
   * default. Both methods are called from the application's threads inside {@code suppress = Throwable}
   * advice, and must not throw anyway: they report their own failures.
   */
  public interface Handler {
    /**
     * Before a method body: {@code self} is {@code this} (null for a static method), {@code argument}
     * and {@code detail} what the advice passes for this site. Returns the state {@link #exit} gets,
     * or, at a site whose advice replaces an argument with it (a request with headers added), the
     * argument to go on with: {@code argument} unless it is replaced.
     */
    default Object enter(int site, Object self, Object argument, Object detail) {
      return null;
    }

    /**
     * After a method body, returning or throwing: {@code state} is what {@link #enter} returned (for
     * a site with no enter, what the advice hands over). Returns what the method should return:
     * {@code returned} unless the site replaces it (a wrapped stream); advice that does not replace
     * ignores it.
     */
    default Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
      return returned;
    }
  }

  private static volatile Handler[] handlers = new Handler[0];

  /** Installs a module's handler (at start-up, before its rules apply); returns the module's number. */
  public static synchronized int install(Handler handler) {
    Handler[] installed = java.util.Arrays.copyOf(handlers, handlers.length + 1);
    installed[installed.length - 1] = handler;
    handlers = installed;
    return installed.length - 1;
  }

  public static Object enter(int module, int site, Object self, Object argument, Object detail) {
    return handlers[module].enter(site, self, argument, detail);
  }

  public static Object exit(int module, int site, Object state, Object self, Object returned, Throwable thrown) {
    return handlers[module].exit(site, state, self, returned, thrown);
  }
}
