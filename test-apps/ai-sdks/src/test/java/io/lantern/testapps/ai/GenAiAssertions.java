package io.lantern.testapps.ai;

/** The gen_ai checks of the harness ({@link io.lantern.harness.GenAiAssertions}), by their short names here. */
final class GenAiAssertions extends io.lantern.harness.GenAiAssertions {
  private GenAiAssertions() {}
}
