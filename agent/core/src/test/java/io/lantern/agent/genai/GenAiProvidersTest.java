package io.lantern.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class GenAiProvidersTest {
  @Test
  void frameworkProviderNamesMapToSemconvValues() {
    // LangChain4j 1.x ModelProvider constants
    assertEquals("openai", GenAiProviders.fromName("OPEN_AI"));
    assertEquals("anthropic", GenAiProviders.fromName("ANTHROPIC"));
    assertEquals("aws.bedrock", GenAiProviders.fromName("AMAZON_BEDROCK"));
    assertEquals("azure.ai.openai", GenAiProviders.fromName("AZURE_OPEN_AI"));
    assertEquals("azure.ai.inference", GenAiProviders.fromName("GITHUB_MODELS"));
    assertEquals("azure.ai.inference", GenAiProviders.fromName("MICROSOFT_FOUNDRY"));
    assertEquals("gcp.gemini", GenAiProviders.fromName("GOOGLE_AI_GEMINI"));
    assertEquals("gcp.gen_ai", GenAiProviders.fromName("GOOGLE_GENAI"));
    assertEquals("gcp.vertex_ai", GenAiProviders.fromName("GOOGLE_VERTEX_AI_GEMINI"));
    assertEquals("gcp.vertex_ai", GenAiProviders.fromName("GOOGLE_VERTEX_AI_ANTHROPIC"));
    assertEquals("mistral_ai", GenAiProviders.fromName("MISTRAL_AI"));
    assertEquals("ollama", GenAiProviders.fromName("OLLAMA"));
    assertEquals("ibm.watsonx.ai", GenAiProviders.fromName("WATSONX"));
    assertEquals("cohere", GenAiProviders.fromName("COHERE"));
    // semconv spellings come back as themselves
    assertEquals("gcp.vertex_ai", GenAiProviders.fromName("gcp.vertex_ai"));
    assertEquals("openai", GenAiProviders.fromName("openai"));
    assertNull(GenAiProviders.fromName("OTHER"));
    assertNull(GenAiProviders.fromName("VOYAGE_AI"), "an embedding-only provider: no chat label of its own");
    assertNull(GenAiProviders.fromName(""));
    assertNull(GenAiProviders.fromName(null));
  }

  @Test
  void modelClassesMapByTheirProviderModule() {
    assertEquals("openai", GenAiProviders.fromClassName("dev.langchain4j.model.openai.OpenAiChatModel"));
    assertEquals("openai", GenAiProviders.fromClassName("dev.langchain4j.model.openaiofficial.OpenAiOfficialChatModel"));
    assertEquals("azure.ai.openai", GenAiProviders.fromClassName("dev.langchain4j.model.azure.AzureOpenAiChatModel"));
    assertEquals("gcp.gemini", GenAiProviders.fromClassName("dev.langchain4j.model.googleai.GoogleAiGeminiChatModel"));
    assertEquals("gcp.vertex_ai", GenAiProviders.fromClassName("dev.langchain4j.model.vertexai.gemini.VertexAiGeminiChatModel"));
    assertEquals("anthropic", GenAiProviders.fromClassName("dev.langchain4j.model.anthropic.AnthropicChatModel"));
    assertEquals("ollama", GenAiProviders.fromClassName("dev.langchain4j.model.ollama.OllamaStreamingChatModel"));
    assertEquals("openai", GenAiProviders.fromClassName("org.springframework.ai.openai.OpenAiChatModel"));
    assertEquals("anthropic", GenAiProviders.fromClassName("org.springframework.ai.anthropic.AnthropicChatModel"));
    assertEquals("gcp.gen_ai", GenAiProviders.fromClassName("org.springframework.ai.google.genai.GoogleGenAiChatModel"));
    assertEquals("gcp.vertex_ai", GenAiProviders.fromClassName("org.springframework.ai.vertexai.gemini.VertexAiGeminiChatModel"));
    assertEquals("aws.bedrock", GenAiProviders.fromClassName("org.springframework.ai.bedrock.converse.BedrockProxyChatModel"));
    assertEquals("mistral_ai", GenAiProviders.fromClassName("org.springframework.ai.mistralai.MistralAiChatModel"));
    assertEquals("deepseek", GenAiProviders.fromClassName("org.springframework.ai.deepseek.DeepSeekChatModel"));
    assertNull(GenAiProviders.fromClassName("com.example.MyChatModel"));
    assertNull(GenAiProviders.fromClassName("org.springframework.ai.chat.model.ChatModel"), "the framework itself names none");
    assertNull(GenAiProviders.fromClassName(null));
  }
}
