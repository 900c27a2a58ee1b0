package io.lantern.testapps.ai;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;

/**
 * A LangChain4j AI Service with tools, against the fake provider: {@code /langchain4j/agent} asks the
 * assistant; the scripted replies decide which tool (if any) the model asks for before it answers.
 * {@code broken} throws, which LangChain4j turns into an error result for the model.
 */
final class LangChain4jToolRoutes {
  private LangChain4jToolRoutes() {}

  interface Assistant {
    String chat(String message);
  }

  public static final class Tools {
    @Tool("The weather of a city")
    public String weather(@P("city") String city) {
      return "sunny in " + city;
    }

    @Tool("A tool that fails")
    public String broken(@P("city") String city) {
      throw new IllegalStateException("the tool broke");
    }
  }

  static void register(HttpServer server) {
    String baseUrl = System.getProperty("ai.openai.base-url");
    if (baseUrl == null) {
      return;
    }
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(OpenAiChatModel.builder().baseUrl(baseUrl).apiKey("sk-fake-key").modelName("lc-agent").maxRetries(0).build())
        .tools(new Tools())
        .build();
    server.createContext("/langchain4j/agent", AiSdksApp.handler(q -> "|" + assistant.chat(q.getOrDefault("prompt", "Weather?"))));
  }
}
