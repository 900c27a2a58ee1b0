package io.lantern.instrumentation.anthropic;

import io.lantern.agent.genai.StainlessInstrumentation;

/** {@code com.anthropic:anthropic-java} 3.x ({@link AnthropicModels}), instrumented as every Stainless SDK is. */
public final class AnthropicInstrumentation extends StainlessInstrumentation {
  public AnthropicInstrumentation() {
    super(AnthropicModels.SDK);
  }
}
