package io.lantern.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class GenAiHostsTest {
  @Test
  void publicApiHostsNameTheirProvider() {
    GenAiHosts hosts = GenAiHosts.NONE;
    assertEquals("openai", hosts.provider("https://api.openai.com/v1", "x"));
    assertEquals("azure.ai.openai", hosts.provider("https://my-resource.openai.azure.com/openai/deployments/d", "openai"));
    assertEquals("deepseek", hosts.provider("https://api.deepseek.com", "openai"));
    assertEquals("groq", hosts.provider("https://api.groq.com/openai/v1", "openai"));
    assertEquals("mistral_ai", hosts.provider("https://api.mistral.ai/v1", "openai"));
    assertEquals("x_ai", hosts.provider("https://API.X.AI/v1", "openai"));
    assertEquals("perplexity", hosts.provider("https://api.perplexity.ai", "openai"));
    assertEquals("anthropic", hosts.provider("https://api.anthropic.com", "x"));
    assertEquals("aws.bedrock", hosts.provider("https://bedrock-runtime.us-east-1.amazonaws.com", "anthropic"));
    assertEquals("gcp.vertex_ai", hosts.provider("https://us-east5-aiplatform.googleapis.com/v1", "anthropic"));
    assertEquals("gcp.vertex_ai", hosts.provider("https://aiplatform.googleapis.com", "anthropic"));
    assertEquals("anthropic", hosts.provider("https://s3.amazonaws.com", "anthropic"), "not bedrock: the SDK's own");
  }

  @Test
  void unknownHostsKeepTheApiShape() {
    assertEquals("openai", GenAiHosts.NONE.provider("http://localhost:11434/v1", "openai"));
    assertEquals("openai", GenAiHosts.NONE.provider("http://vllm.internal:8000/v1", "openai"));
    assertEquals("openai", GenAiHosts.NONE.provider("https://user:secret@api.example.com", "openai"));
    assertEquals("openai", GenAiHosts.NONE.provider(null, "openai"));
    assertNull(GenAiHosts.builtIn("evilapi.openai.com.example"));
  }

  @Test
  void configuredHostsWinHostPortFirst() {
    GenAiHosts hosts = GenAiHosts.parse(" localhost:11434=ollama, vllm.internal=vllm ,api.groq.com=Groq_Proxy");
    assertEquals("ollama", hosts.provider("http://localhost:11434/v1", "openai"));
    assertEquals("openai", hosts.provider("http://localhost:8080/v1", "openai"), "another port is not mapped");
    assertEquals("vllm", hosts.provider("http://vllm.internal:8000/v1", "openai"), "a host maps every port");
    assertEquals("groq_proxy", hosts.provider("https://api.groq.com/openai/v1", "openai"), "over the built-in table");
    assertEquals("deepseek", hosts.provider("https://api.deepseek.com", "openai"));
  }

  @Test
  void malformedValuesAreUnusable() {
    assertNull(GenAiHosts.parse("localhost"));
    assertNull(GenAiHosts.parse("=ollama"));
    assertNull(GenAiHosts.parse("localhost=bad label"));
    assertNull(GenAiHosts.parse("http://localhost/v1=ollama"));
    assertNull(GenAiHosts.parse(" , "));
  }
}
