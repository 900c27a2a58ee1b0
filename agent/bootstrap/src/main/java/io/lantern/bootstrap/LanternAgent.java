package io.lantern.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class}. It only makes the agent's class loader, has the jar's other
 * {@code io/lantern/bootstrap} classes (the hooks) defined in the bootstrap loader
 * ({@code io.lantern.agent.BootstrapClasses}), and hands over to the agent inside its own loader.
 *
 * <p>It refers to no other Lantern class by type: this class is loaded by the system class loader,
 * and a direct reference could make that loader define its own copy of a hook class before the
 * bootstrap loader holds it, splitting the hooks in two.
 */
public final class LanternAgent {
  private static final String AGENT_STARTER_ENTRY = "inst/io/lantern/agent/AgentStarter.classdata";

  private LanternAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    try {
      File jar = new File(LanternAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      JarFile jarFile = new JarFile(jar, false);
      if (jarFile.getJarEntry(AGENT_STARTER_ENTRY) == null) {
        // This class came from the application's class path, not from the agent jar: appending
        // that jar to the bootstrap path would pull the application's own classes out of reach
        // of the platform modules they use.
        System.err.println("[lantern] agent not started: its premain class was loaded from " + jar
            + ", which is not the Lantern agent jar; remove Lantern's classes from the application class path");
        jarFile.close();
        return;
      }
      jarFile.close();
      Class<?> loaderClass = Class.forName("io.lantern.bootstrap.AgentClassLoader", true, LanternAgent.class.getClassLoader());
      ClassLoader agentLoader = (ClassLoader) loaderClass.getConstructor(File.class).newInstance(jar);
      Class.forName("io.lantern.agent.BootstrapClasses", true, agentLoader)
          .getMethod("define", Instrumentation.class, File.class)
          .invoke(null, instrumentation, jar);
      Class<?> starter = Class.forName("io.lantern.agent.AgentStarter", true, agentLoader);
      starter.getMethod("start", Instrumentation.class, String.class, File.class)
          .invoke(null, instrumentation, arguments, jar);
    } catch (Throwable t) {
      // Law 1: the application must start even when the agent cannot.
      Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
      System.err.println("[lantern] agent not started, the application runs without it: " + cause);
    }
  }
}
