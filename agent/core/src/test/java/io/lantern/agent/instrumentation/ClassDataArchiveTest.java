package io.lantern.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassDataArchiveTest {
  private final AdviceRule threadStart = AdviceRule.forBootstrapType("java.lang.Thread", named("start"), Object.class);
  private final AdviceRule threadRun = AdviceRule.forBootstrapType("java.lang.Thread", named("run"), Object.class);
  private final AdviceRule virtualStart =
      AdviceRule.forBootstrapType("java.lang.VirtualThread", named("start"), Object.class);
  private final AdviceRule futureTask = AdviceRule.forBootstrapType("java.util.concurrent.FutureTask", named("run"), Object.class);
  private final AdviceRule statements = AdviceRule.of(loader -> true, any(), named("execute"), Object.class);

  @Test
  void aJvmWritingAnArchiveKeepsItsVmClassesUnwoven() {
    List<AdviceRule> rules = new ArrayList<>(List.of(threadStart, futureTask, threadRun, statements, virtualStart));
    List<String> unwoven = ClassDataArchive.removeUnsafeRules(rules, () -> true);
    assertEquals(List.of("java.lang.Thread", "java.lang.VirtualThread"), unwoven);
    assertEquals(List.of(futureTask, statements), rules);
  }

  @Test
  void everyOtherRunWeavesThem() {
    List<AdviceRule> rules = new ArrayList<>(List.of(threadStart, futureTask, statements, virtualStart));
    assertEquals(List.of(), ClassDataArchive.removeUnsafeRules(rules, () -> false));
    assertEquals(List.of(threadStart, futureTask, statements, virtualStart), rules);
  }

  @Test
  void withoutSuchRulesTheJvmIsNotAsked() {
    List<AdviceRule> rules = new ArrayList<>(List.of(futureTask, statements));
    assertEquals(List.of(), ClassDataArchive.removeUnsafeRules(rules, () -> {
      throw new AssertionError("asked");
    }));
    assertFalse(ClassDataArchive.isBeingWritten(null), "unknown (no Instrumentation): not written");
  }
}
