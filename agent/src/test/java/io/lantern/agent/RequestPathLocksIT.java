package io.lantern.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, "no lock in the agent on a request path", checked on the bytecode of the built jar:
 * every place in Lantern's own classes (not the shaded libraries) that can make a thread wait for
 * another (a {@code synchronized} method or block, {@code java.util.concurrent.locks}, {@code
 * Object.wait}, a {@code ReferenceQueue}, the JDK's synchronized collections) must be one of
 * {@link #KNOWN}, each with the reason it is not on a request path or cannot make a request wait
 * for another. A new one fails the test until someone has made that case and added it; one that
 * went away fails it too, so the list stays the truth.
 *
 * <p>Why bytecode and not a recording: on JDK 25 a virtual thread that waits for a monitor or parks
 * without pinning shows in no JFR event, and an uncontended lock shows in none on any JDK, so a
 * load test only finds the locks it happens to contend. VirtualThreadPinningIT covers the pins.
 */
class RequestPathLocksIT {

  /** Each site ({@code class.method kind}) and why it is no lock on a request path. */
  private static final Map<String, String> KNOWN = Map.ofEntries(
      // start-up and module install: before the application serves anything
      Map.entry("io.lantern.bootstrap.Hooks.install synchronized method", "each module's install, in premain"),
      Map.entry("io.lantern.agent.AgentContext.genAi synchronized method", "a module's install makes the recorder"),
      Map.entry("io.lantern.agent.AgentContext.genAiRateLimits synchronized method", "a module's install makes the gauges"),
      Map.entry("io.lantern.agent.AgentContext.httpClient synchronized method", "a module's install makes the recorder"),
      Map.entry("io.lantern.agent.AgentContext.rpcServer synchronized method", "a module's install makes the recorder"),
      Map.entry("io.lantern.agent.AgentContext.rpcClient synchronized method", "a module's install makes the recorder"),
      Map.entry("io.lantern.agent.AgentContext.appLogs synchronized method", "a logging module's install makes the recorder"),
      Map.entry("io.lantern.agent.AgentContext.httpClientIfCreated synchronized method", "the starter, once"),
      Map.entry("io.lantern.agent.config.ConfigWarnings.accept synchronized method", "config parsing at start-up"),
      Map.entry("io.lantern.agent.config.ConfigWarnings.emitTo synchronized method", "config parsing at start-up"),
      Map.entry("io.lantern.agent.operation.RequestListeners.add synchronized method", "a module's install"),
      // class loading: once per class a loader defines, inside the transformer, never per request
      Map.entry("io.lantern.agent.instrumentation.ClassLoaders$1.matches synchronized block",
          "the per-rule loader cache, asked while a class is being transformed"),
      // the agent's own threads
      Map.entry("io.lantern.agent.log.EventLog.runWriter LockSupport.park", "the event writer thread idles"),
      Map.entry("io.lantern.agent.export.BatchQueue.run LockSupport.park", "the span and log exporter threads idle"),
      Map.entry("io.lantern.agent.util.WeakIdentityMap$Expunger.run ReferenceQueue.remove",
          "the expunger thread waits for collected keys (moved off the writers: it pinned carriers)"),
      // on a request thread, but only the first time a value is seen, never again for it
      Map.entry("io.lantern.agent.metrics.SeriesTable.add synchronized block",
          "appending a new label combination's series; lookups, and overflow past the cap, take no lock"),
      Map.entry("io.lantern.agent.metrics.Interner.add synchronized method",
          "indexing a label value not seen before; lookups, and values past a full table, take no lock"),
      Map.entry("io.lantern.agent.metrics.Interner.name synchronized method",
          "read by SeriesTable's factory, i.e. under the first sighting of a series"),
      // on a request thread, on a monitor no other request shares
      Map.entry("io.lantern.agent.genai.GenAiCall.finishReason synchronized block",
          "one AI call's own state; a stream's chunks may arrive on another thread than its start"),
      Map.entry("io.lantern.agent.genai.GenAiCall.outputContent synchronized block", "one AI call's own state, as above"),
      Map.entry("io.lantern.agent.genai.GenAiCall.snapshotContent synchronized block", "one AI call's own state, as above"));

  @Test
  void everyPlaceThatCanWaitIsKnownAndOffTheRequestPath() throws IOException {
    String path = System.getProperty("lantern.agent.jar");
    assertNotNull(path, "system property lantern.agent.jar is not set");
    TreeSet<String> found = new TreeSet<>();
    try (JarFile jar = new JarFile(path)) {
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        boolean lantern = name.startsWith("io/lantern/") && name.endsWith(".class")
            || name.startsWith("inst/io/lantern/") && !name.startsWith("inst/io/lantern/shaded/") && name.endsWith(".classdata");
        if (lantern) {
          try (InputStream in = jar.getInputStream(entry)) {
            new ClassReader(in.readAllBytes()).accept(new Scanner(found), ClassReader.SKIP_DEBUG);
          }
        }
      }
    }
    Map<String, String> unexplained = new TreeMap<>();
    found.stream().filter(site -> !KNOWN.containsKey(site)).forEach(site -> unexplained.put(site, "?"));
    assertEquals(Map.of(), unexplained, "places that can wait, not in KNOWN (decide whether a request can reach them)");
    assertEquals(new TreeSet<>(KNOWN.keySet()), found, "KNOWN lists places that are gone");
  }

  /** Records {@code class.method kind} for every way a method can wait for another thread. */
  private static final class Scanner extends ClassVisitor {
    private final TreeSet<String> found;
    private String className;

    Scanner(TreeSet<String> found) {
      super(Opcodes.ASM9);
      this.found = found;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
      className = name.replace('/', '.');
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
      String site = className + "." + name;
      if ((access & Opcodes.ACC_SYNCHRONIZED) != 0) {
        found.add(site + " synchronized method");
      }
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public void visitInsn(int opcode) {
          if (opcode == Opcodes.MONITORENTER) {
            found.add(site + " synchronized block");
          }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
          String waits = waits(owner, method);
          if (waits != null) {
            found.add(site + " " + waits);
          }
        }
      };
    }

    /** What calling {@code owner.method} can wait on, or null. */
    private static String waits(String owner, String method) {
      if (owner.equals("java/util/concurrent/locks/LockSupport")) {
        return method.startsWith("park") ? "LockSupport.park" : null; // unpark never waits
      }
      if (method.equals("<init>") || method.equals("unlock") || method.startsWith("signal")) {
        return null; // making a lock or a queue, releasing, waking: none of it waits
      }
      if (owner.startsWith("java/util/concurrent/locks/")) {
        return owner.substring(owner.lastIndexOf('/') + 1) + "." + method;
      }
      if (owner.equals("java/lang/Object") && method.equals("wait")) {
        return "Object.wait";
      }
      if (owner.equals("java/lang/ref/ReferenceQueue")) {
        return "ReferenceQueue." + method;
      }
      if (owner.equals("java/util/Hashtable") || owner.equals("java/util/Vector") || owner.equals("java/lang/StringBuffer")
          || owner.equals("java/util/Collections") && method.startsWith("synchronized")) {
        return owner.substring(owner.lastIndexOf('/') + 1) + "." + method;
      }
      return null;
    }
  }
}
