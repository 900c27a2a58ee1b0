package io.lantern.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link AdviceRule#whenPoolHolds}: only classes whose constant pool holds the constant are candidates. */
class PoolHoldsTest {
  @Retention(RetentionPolicy.RUNTIME)
  @interface Marked {}

  static class Annotated {
    @Marked
    void run() {}
  }

  static class Plain {
    void run() {}
  }

  private static final String MARKED = "L" + Marked.class.getName().replace('.', '/') + ";";

  private static byte[] bytes(Class<?> type) throws IOException {
    try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void onlyAClassHoldingTheConstantMayApply() throws IOException {
    AdviceRule rule = AdviceRule.of(loader -> true, any(), any(), PoolHoldsTest.class).whenPoolHolds(MARKED);
    assertTrue(rule.mayApplyToClassFile(bytes(Annotated.class)));
    assertFalse(rule.mayApplyToClassFile(bytes(Plain.class)));
    assertTrue(rule.mayApplyToClassFile(new byte[] {1, 2, 3}), "unreadable bytes are left to Byte Buddy");
  }

  @Test
  void theCandidateFilterAppliesIt() throws IOException {
    AdviceRule rule = AdviceRule.of(loader -> true, any(), any(), PoolHoldsTest.class).whenPoolHolds(MARKED);
    CandidateFilter filter = new CandidateFilter(List.of(rule), null, new CompletableFuture<>(), null);
    ClassLoader loader = getClass().getClassLoader();
    assertTrue(filter.isCandidate(loader, "a/Annotated", bytes(Annotated.class)));
    assertFalse(filter.isCandidate(loader, "a/Plain", bytes(Plain.class)));
    // with the method check too: both must pass
    AdviceRule both = rule.whenDeclaring("()", "run");
    CandidateFilter filter2 = new CandidateFilter(List.of(both), null, new CompletableFuture<>(), null);
    assertTrue(filter2.isCandidate(loader, "a/Annotated", bytes(Annotated.class)));
    assertFalse(filter2.isCandidate(loader, "a/Plain", bytes(Plain.class)));
    assertEquals(1, both.poolHolds.length);
  }
}
