package io.lantern.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts the jar's {@code io/lantern/bootstrap} classes, the hooks that woven code in every class
 * loader calls, into the bootstrap class loader: defined one by one, not by appending the jar to
 * the bootstrap search path. An appended path makes the JVM print "Sharing is only supported for
 * boot loader classes because bootstrap classpath has been appended" on the application's output,
 * and turns class data sharing (CDS archives, JDK 25's AOT cache) off for every class that is not
 * the boot loader's, the application's own included. Where the JVM has no static
 * {@code ClassLoader.defineClass1} to define them with (JDK 11 to 14), the jar is appended as before.
 *
 * <p>Called by the premain class before any other class of the agent is loaded: nothing may resolve
 * a hook class before the bootstrap loader has it.
 */
public final class BootstrapClasses {
  private static final String PACKAGE = "io/lantern/bootstrap/";
  /** The premain class and the agent's class loader: loaded by the system class loader, never needed in the bootstrap one. */
  private static final Set<String> LOADED_BY_THE_SYSTEM_LOADER =
      Set.of(PACKAGE + "LanternAgent.class", PACKAGE + "AgentClassLoader.class");

  private BootstrapClasses() {}

  public static void define(Instrumentation instrumentation, File agentJar) throws IOException {
    try (JarFile jar = new JarFile(agentJar, false)) {
      List<JarEntry> classes = new ArrayList<>();
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith(PACKAGE) && name.endsWith(".class") && !LOADED_BY_THE_SYSTEM_LOADER.contains(name)) {
          classes.add(entry);
        }
      }
      // Nested types (Hooks$Handler, Hooks$Module) before their outer class, which may implement or use them.
      classes.sort((a, b) -> b.getName().length() - a.getName().length());
      try {
        Method defineClass = bootstrapDefiner(instrumentation);
        for (JarEntry entry : classes) {
          byte[] bytes;
          try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
          }
          String name = entry.getName();
          String binaryName = name.substring(0, name.length() - ".class".length()).replace('/', '.');
          defineClass.invoke(null, null, binaryName, bytes, 0, bytes.length, null, agentJar.getPath());
        }
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // A class defined before the failure stays; the path serves the rest (the same bytes).
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(agentJar, false));
      }
    }
  }

  /**
   * {@code static ClassLoader.defineClass1(loader, name, bytes, offset, length, domain, source)},
   * which defines into the bootstrap loader when {@code loader} is null. {@code java.lang} is
   * opened for it to the agent's own class loader only, never to the application's.
   */
  private static Method bootstrapDefiner(Instrumentation instrumentation) throws NoSuchMethodException {
    JavaBasePackages.openToAgent(instrumentation, "java.lang");
    Method defineClass = ClassLoader.class.getDeclaredMethod("defineClass1", ClassLoader.class, String.class,
        byte[].class, int.class, int.class, ProtectionDomain.class, String.class);
    defineClass.setAccessible(true);
    return defineClass;
  }
}
