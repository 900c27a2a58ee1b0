package io.lantern.instrumentation.openai;

import io.lantern.agent.genai.StainlessInstrumentation;

/** {@code com.openai:openai-java} 4.x ({@link OpenAiModels}), instrumented as every Stainless SDK is. */
public final class OpenAiInstrumentation extends StainlessInstrumentation {
  public OpenAiInstrumentation() {
    super(OpenAiModels.SDK);
  }
}
