package io.lantern.testapps.springai;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

/**
 * Spring Boot 4 web app calling a language model through Spring AI 2 (its OpenAI module, which is
 * built on openai-java), auto-configured against the fake provider named by {@code
 * -Dai.openai.base-url}; run from its executable jar. {@code -Dapp.port} (0 = ephemeral); prints
 * {@code LISTENING <port>}.
 *
 * <ul>
 *   <li>{@code /ai/call}: {@code ChatModel.call(Prompt)};
 *   <li>{@code /ai/client}: the same through a {@code ChatClient} (advisors, then the model);
 *   <li>{@code /ai/stream}: {@code StreamingChatModel.stream(Prompt)}, collected; {@code take=N}
 *       takes N elements and cancels the rest;
 *   <li>{@code /ai/tools}: a {@code ChatClient} call with two tools (Spring AI runs them).
 *   <li>{@code /ai/embed}: {@code EmbeddingModel.call(EmbeddingRequest)} with the model asked for;
 *       {@code /ai/embed-text}: the convenience {@code embed(String)} on the configured default model.
 * </ul>
 *
 * Query parameters {@code model} (none: the configured default) and {@code prompt}. An answer is
 * {@code <response model>|<text>}; a failure is a 500 whose body is the class name of the
 * exception Spring AI threw or signalled.
 */
@SpringBootApplication
@RestController
public class SpringAiApp implements ApplicationListener<WebServerInitializedEvent> {
  private final ChatModel chatModel;
  private final ChatClient chatClient;
  private final EmbeddingModel embeddingModel;

  public SpringAiApp(ChatModel chatModel, EmbeddingModel embeddingModel) {
    this.chatModel = chatModel;
    this.embeddingModel = embeddingModel;
    this.chatClient = ChatClient.create(chatModel);
  }

  public static void main(String[] args) {
    System.setProperty("server.port", Integer.toString(Integer.getInteger("app.port", 8080)));
    SpringApplication.run(SpringAiApp.class, args);
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    System.out.println("LISTENING " + event.getWebServer().getPort());
    System.out.flush();
  }

  private static Prompt prompt(String model, String prompt) {
    return new Prompt(prompt, model == null ? null : OpenAiChatOptions.builder().model(model).build());
  }

  private static String text(ChatResponse response) {
    Generation generation = response.getResult();
    return response.getMetadata().getModel() + "|" + (generation == null ? "" : generation.getOutput().getText());
  }

  @GetMapping("/ai/call")
  public String call(@RequestParam(name = "model", required = false) String model, @RequestParam("prompt") String prompt) {
    return text(chatModel.call(prompt(model, prompt)));
  }

  /** The input of the {@code weather} tool (a record: its component names need no {@code -parameters}). */
  public record City(String city) {}

  /** A method tool that throws; Spring AI hands its message to the model as the tool's result. */
  public static final class BrokenTool {
    @Tool(description = "A tool that fails")
    public String broken() {
      throw new IllegalStateException("the tool broke");
    }
  }

  /**
   * {@code /ai/tools}: a {@code ChatClient} call offering a function tool {@code weather} and a
   * method tool {@code broken}; the scripted replies decide which the model asks for.
   */
  @GetMapping("/ai/tools")
  public String tools(@RequestParam("model") String model, @RequestParam("prompt") String prompt) {
    ToolCallback weather = FunctionToolCallback.builder("weather", (City c) -> "sunny in " + c.city())
        .description("The weather of a city").inputType(City.class).build();
    return text(chatClient.prompt().user(prompt).options(OpenAiChatOptions.builder().model(model))
        .toolCallbacks(weather).tools(new BrokenTool()).call().chatResponse());
  }

  @GetMapping("/ai/client")
  public String client(@RequestParam("model") String model, @RequestParam("prompt") String prompt) {
    return text(chatClient.prompt().user(prompt).options(OpenAiChatOptions.builder().model(model)).call().chatResponse());
  }

  @GetMapping("/ai/stream")
  public String stream(@RequestParam("model") String model, @RequestParam("prompt") String prompt,
      @RequestParam(name = "take", defaultValue = "0") int take) {
    Flux<ChatResponse> flux = chatModel.stream(prompt(model, prompt));
    List<ChatResponse> responses = (take > 0 ? flux.take(take) : flux).collectList().block();
    StringBuilder text = new StringBuilder();
    String answeredBy = "";
    for (ChatResponse response : responses) {
      if (!response.getMetadata().getModel().isEmpty()) {
        answeredBy = response.getMetadata().getModel();
      }
      for (Generation generation : response.getResults()) {
        String part = generation.getOutput().getText();
        text.append(part == null ? "" : part);
      }
    }
    return answeredBy + "|" + text;
  }

  @GetMapping("/ai/embed")
  public String embed(@RequestParam("model") String model, @RequestParam("prompt") String prompt) {
    EmbeddingResponse response = embeddingModel.call(new EmbeddingRequest(List.of(prompt, prompt + " again"),
        OpenAiEmbeddingOptions.builder().model(model).build()));
    return response.getMetadata().getModel() + "|" + response.getResults().size();
  }

  @GetMapping("/ai/embed-text")
  public String embedText(@RequestParam("prompt") String prompt) {
    return "|" + embeddingModel.embed(prompt).length;
  }

  @ExceptionHandler(Exception.class)
  public ResponseEntity<String> failed(Exception e) {
    e.printStackTrace(); // for the IT's diagnostics
    Throwable t = Exceptions.unwrap(e);
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return ResponseEntity.status(500).body(t.getClass().getName());
  }
}
