package io.lantern.agent.instrumentation;

import io.lantern.agent.JavaBasePackages;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A JVM that writes a class-data archive when it exits (JDK 25's AOT cache training run,
 * {@code -XX:AOTMode=record} or {@code -XX:AOTCacheOutput}; a CDS dump, {@code -XX:ArchiveClassesAtExit})
 * must find the classes it holds itself ("vm classes") unchanged: one that was transformed is left
 * out of the archive, and Temurin 25.0.3 then crashes writing it (SIGSEGV in
 * {@code SystemDictionaryShared::serialize_vm_classes}). Of the classes Lantern weaves, two are vm
 * classes; in such a run their rules are dropped, so that the application's training run works.
 */
final class ClassDataArchive {
  static final Set<String> VM_CLASSES = Set.of("java.lang.Thread", "java.lang.VirtualThread");

  private ClassDataArchive() {}

  /**
   * Removes from {@code rules} those weaving a vm class when the JVM writes an archive (asked only
   * when there are such rules); returns the
   * names of the classes that are therefore left as they are (none in every other run).
   */
  static List<String> removeUnsafeRules(List<AdviceRule> rules, BooleanSupplier archiveBeingWritten) {
    List<String> unwoven = new ArrayList<>();
    for (AdviceRule rule : rules) {
      if (weavesVmClass(rule) && !unwoven.contains(rule.typeName())) {
        unwoven.add(rule.typeName());
      }
    }
    if (unwoven.isEmpty() || !archiveBeingWritten.getAsBoolean()) {
      return Collections.emptyList();
    }
    rules.removeIf(ClassDataArchive::weavesVmClass);
    return unwoven;
  }

  private static boolean weavesVmClass(AdviceRule rule) {
    String type = rule.typeName(); // null for a rule matched by hierarchy: never a vm class
    return type != null && VM_CLASSES.contains(type);
  }

  /**
   * The JDK's own answer, {@code jdk.internal.misc.CDS.isDumpingArchive()} (JDK 17 and later), with
   * {@code jdk.internal.misc} opened to the agent's class loader only. Unknown: false.
   */
  static boolean isBeingWritten(Instrumentation instrumentation) {
    try {
      JavaBasePackages.openToAgent(instrumentation, "jdk.internal.misc");
      java.lang.reflect.Method dumping = Class.forName("jdk.internal.misc.CDS").getDeclaredMethod("isDumpingArchive");
      dumping.setAccessible(true);
      return (Boolean) dumping.invoke(null);
    } catch (Throwable t) {
      return false;
    }
  }
}
