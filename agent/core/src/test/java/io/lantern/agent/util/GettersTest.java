package io.lantern.agent.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class GettersTest {
  /** Shaped like an SDK model: public final class, Optional and primitive accessors, one that throws. */
  public static final class Model {
    public String model() { return "gpt-4o"; }
    public Optional<Usage> usage() { return Optional.of(new Usage()); }
    public Optional<Usage> none() { return Optional.empty(); }
    public List<String> choices() { return List.of("a", "b"); }
    public String broken() { throw new IllegalStateException("required field missing"); }
    public Kind kind() { return new Kind(); }
    public Optional<Boolean> includeUsage() { return Optional.of(true); }
  }

  public static final class Usage {
    public long promptTokens() { return 12; }
  }

  /** Like an SDK enum class: text through asString(). */
  public static final class Kind {
    public String asString() { return "stop"; }
    @Override public String toString() { return "Kind{stop}"; }
  }

  @Test
  void readsAccessorsUnwrappingOptionalsAndNeverThrows() {
    Model m = new Model();
    assertEquals("gpt-4o", Getters.get(m, "model"));
    assertEquals(12L, Getters.number(Getters.get(m, "usage"), "promptTokens"));
    assertEquals(12L, Getters.path(m, "usage", "promptTokens"));
    assertNull(Getters.get(m, "none"));
    assertEquals(-1, Getters.number(Getters.get(m, "none"), "promptTokens"));
    assertNull(Getters.get(m, "broken"), "an accessor that throws reads as absent");
    assertNull(Getters.get(m, "noSuchMethod"));
    assertNull(Getters.get(null, "model"));
    assertEquals(List.of("a", "b"), Getters.list(m, "choices"));
    assertEquals(List.of(), Getters.list(m, "model"));
    assertEquals("stop", Getters.string(m, "kind"));
    assertEquals("gpt-4o", Getters.string(m, "model"));
    assertTrue(Getters.isTrue(m, "includeUsage"));
    assertFalse(Getters.isTrue(m, "model"));
  }

  @Test
  void aPrivateClassIsReadThroughItsPublicInterface() {
    Supplier<String> lambdaLike = new Supplier<String>() {
      @Override
      public String get() {
        return "from a private class";
      }
    };
    assertEquals("from a private class", Getters.get(lambdaLike, "get"));
    assertEquals(3, Getters.number(List.of(1, 2, 3), "size"), "a JDK-internal list class through List.size");
  }
}
