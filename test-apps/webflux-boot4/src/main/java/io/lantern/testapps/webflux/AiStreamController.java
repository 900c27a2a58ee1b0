package io.lantern.testapps.webflux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * Boot 4 build only (Spring AI 2 needs Spring Framework 7): a WebFlux endpoint streaming a model's
 * answer as it comes, {@code ChatClient.stream().content()} returned as the response body, against
 * the fake provider named by {@code -Dai.openai.base-url}.
 */
@RestController
public class AiStreamController {
  private final ChatClient chat;

  public AiStreamController(ChatModel model) {
    this.chat = ChatClient.create(model);
  }

  @GetMapping("/ai/stream")
  public Flux<String> stream(@RequestParam("model") String model, @RequestParam("prompt") String prompt) {
    return chat.prompt().user(prompt).options(OpenAiChatOptions.builder().model(model)).stream().content();
  }
}
