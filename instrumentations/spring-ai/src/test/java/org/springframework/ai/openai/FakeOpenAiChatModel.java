package org.springframework.ai.openai;

import java.util.function.Function;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

/** A model in the OpenAI module's package: answers what the test scripted, with a default model. */
public final class FakeOpenAiChatModel implements ChatModel {
  public ChatResponse response;
  public Function<Prompt, Flux<ChatResponse>> stream;

  @Override
  public ChatResponse call(Prompt prompt) {
    return response;
  }

  @Override
  public Flux<ChatResponse> stream(Prompt prompt) {
    return stream.apply(prompt);
  }

  @Override
  public ChatOptions getOptions() {
    return ChatOptions.builder().model("default-model").build();
  }
}
