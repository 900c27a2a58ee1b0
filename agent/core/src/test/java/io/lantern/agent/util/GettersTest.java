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

  static final SdkApi API = new SdkApi("test");
  static final SdkApi.Type MODEL = API.type(Model.class.getName());
  static final Accessor MODEL_NAME = MODEL.accessor("model");
  static final Accessor USAGE = MODEL.accessor("usage");
  static final Accessor NONE = MODEL.accessor("none");
  static final Accessor CHOICES = MODEL.accessor("choices");
  static final Accessor BROKEN = MODEL.accessor("broken");
  static final Accessor KIND = MODEL.accessor("kind");
  static final Accessor INCLUDE_USAGE = MODEL.accessor("includeUsage");
  static final Accessor NO_SUCH_METHOD = MODEL.accessor("noSuchMethod");
  static final Accessor PROMPT_TOKENS = API.type(Usage.class.getName()).accessor("promptTokens");
  static final Accessor GET = API.type(Supplier.class.getName()).accessor("get");
  static final Accessor SIZE = API.type(List.class.getName()).accessor("size");

  @Test
  void readsAccessorsUnwrappingOptionalsAndNeverThrows() {
    Model m = new Model();
    assertEquals("gpt-4o", Getters.get(m, MODEL_NAME));
    assertEquals(12L, Getters.number(Getters.get(m, USAGE), PROMPT_TOKENS));
    assertEquals(12L, Getters.path(m, USAGE, PROMPT_TOKENS));
    assertNull(Getters.get(m, NONE));
    assertEquals(-1, Getters.number(Getters.get(m, NONE), PROMPT_TOKENS));
    assertNull(Getters.get(m, BROKEN), "an accessor that throws reads as absent");
    assertNull(Getters.get(m, NO_SUCH_METHOD));
    assertNull(Getters.get(null, MODEL_NAME));
    assertEquals(List.of("a", "b"), Getters.list(m, CHOICES));
    assertEquals(List.of(), Getters.list(m, MODEL_NAME));
    assertEquals("stop", Getters.string(m, KIND));
    assertEquals("gpt-4o", Getters.string(m, MODEL_NAME));
    assertTrue(Getters.isTrue(m, INCLUDE_USAGE));
    assertFalse(Getters.isTrue(m, MODEL_NAME));
  }

  @Test
  void aPrivateClassIsReadThroughItsPublicInterface() {
    Supplier<String> lambdaLike = new Supplier<String>() {
      @Override
      public String get() {
        return "from a private class";
      }
    };
    assertEquals("from a private class", Getters.get(lambdaLike, GET));
    assertEquals(3, Getters.number(List.of(1, 2, 3), SIZE), "a JDK-internal list class through List.size");
  }
}
