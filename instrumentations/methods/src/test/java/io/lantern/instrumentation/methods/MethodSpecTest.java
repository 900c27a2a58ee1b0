package io.lantern.instrumentation.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lantern.agent.config.ConfigWarning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MethodSpecTest {
  private static final String KEY = "lantern.methods.include";

  @Test
  void parsesOpenTelemetrysGrammarAndMergesAClassNamedTwice() {
    List<ConfigWarning> warnings = new ArrayList<>();
    Map<String, Set<String>> parsed = MethodSpec.parse(
        " com.acme.Trader[decide, execute] ;com.acme.RiskCheck[check];com.acme.Trader[decide,close];com.acme.Outer$Inner[run];",
        KEY, warnings);
    Map<String, Set<String>> expected = new LinkedHashMap<>();
    expected.put("com.acme.Trader", Set.of("decide", "execute", "close"));
    expected.put("com.acme.RiskCheck", Set.of("check"));
    expected.put("com.acme.Outer$Inner", Set.of("run"));
    assertEquals(expected, parsed);
    assertEquals(List.of(), warnings);
  }

  @Test
  void aMalformedEntryIsOneWarningNamingItAndTheRestStillApply() {
    List<ConfigWarning> warnings = new ArrayList<>();
    Map<String, Set<String>> parsed = MethodSpec.parse(
        "com.acme.Trader[decide];com.acme.NoBrackets;com.acme.Empty[];[orphan];com.acme.Bad[a-b];com..X[m];com.acme.Two[a][b];com.acme.Risk[check]",
        KEY, warnings);
    assertEquals(Map.of("com.acme.Trader", Set.of("decide"), "com.acme.Risk", Set.of("check")), parsed);
    List<String> named = new ArrayList<>();
    warnings.forEach(w -> {
      assertEquals(KEY, w.key());
      assertEquals(MethodSpec.DROPPED, w.defaultValue());
      named.add(w.value());
    });
    assertEquals(List.of("com.acme.NoBrackets", "com.acme.Empty[]", "[orphan]", "com.acme.Bad[a-b]", "com..X[m]",
        "com.acme.Two[a][b]"), named);
  }

  @Test
  void unsetOrBlankIsNothing() {
    List<ConfigWarning> warnings = new ArrayList<>();
    assertEquals(Map.of(), MethodSpec.parse(null, KEY, warnings));
    assertEquals(Map.of(), MethodSpec.parse(" ; ", KEY, warnings));
    assertEquals(List.of(), warnings);
  }
}
