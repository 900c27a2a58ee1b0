package io.lantern.instrumentation.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lantern.agent.instrumentation.AdviceRule;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/** Which methods the rules weave, and which classes the class-file checks let through to Byte Buddy. */
class MethodsRulesTest {
  interface Trader {
    String decide(String s);
  }

  abstract static class Base implements Trader {
  }

  static class Impl extends Base {
    @Override
    public String decide(String s) {
      return s;
    }

    public CompletableFuture<String> decide(int n) {
      return CompletableFuture.completedFuture("x");
    }

    public String other() {
      return "";
    }
  }

  static class Unrelated {
    public String decide(String s) {
      return s;
    }
  }

  static class NoSuchMethod {
    public String other() {
      return "";
    }
  }

  private static List<String> woven(List<AdviceRule> rules, Class<?> type) throws IOException {
    List<String> found = new ArrayList<>();
    // As the agent sees it: described from the class file, not the loaded class.
    TypeDescription description = net.bytebuddy.pool.TypePool.Default.of(type.getClassLoader()).describe(type.getName()).resolve();
    byte[] bytes;
    try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      bytes = in.readAllBytes();
    }
    for (int i = 0; i < rules.size(); i++) {
      AdviceRule rule = rules.get(i);
      if (rule.weaves(description)) {
        found.add(i + (rule.mayApplyToClassFile(bytes) ? "" : " (class file check denies!)"));
      } else if (rule.mayApplyToClassFile(bytes)) {
        found.add(i + " candidate only");
      }
    }
    return found;
  }

  @Test
  void anInterfaceEntryWeavesItsImplementationsAndNothingElse() throws IOException {
    Map<String, Set<String>> include = new LinkedHashMap<>();
    include.put(Trader.class.getName(), Set.of("decide"));
    List<AdviceRule> rules = MethodsInstrumentation.rules(include, false);
    assertEquals(2, rules.size());
    assertEquals(List.of("0", "1"), woven(rules, Impl.class)); // sync decide(String), async decide(int)
    assertEquals(List.of("0 candidate only", "1 candidate only"), woven(rules, Unrelated.class));
    assertEquals(List.of(), woven(rules, NoSuchMethod.class));
  }

  @Test
  void nothingConfiguredAndNoAnnotationMakesNoCandidate() throws IOException {
    List<AdviceRule> rules = MethodsInstrumentation.rules(Map.of(), true);
    assertEquals(2, rules.size());
    assertEquals(List.of(), woven(rules, Impl.class));
    assertEquals(List.of(), woven(rules, MethodsRulesTest.class));
  }
}
