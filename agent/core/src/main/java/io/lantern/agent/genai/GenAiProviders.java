package io.lantern.agent.genai;

import io.lantern.agent.Names;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code gen_ai_provider_name} values (OpenTelemetry GenAI semantic conventions) for frameworks that
 * sit above many providers (LangChain4j, Spring AI): from a provider name the framework itself gives
 * (LangChain4j's {@code ModelProvider} enum), or from the class name of the model object (its
 * provider module's package). The result is one of a small fixed set, or null when nothing is
 * recognised (the call is then labelled {@code _OTHER}): the label stays bounded whatever modules an
 * application brings.
 */
public final class GenAiProviders {
  /** Normalised framework provider names (lower case, no separators) to semconv values. */
  private static final Map<String, String> NAMES = new HashMap<>();
  /**
   * Fragments of a model class name (lower case), most specific first: the first one the class
   * name contains decides.
   */
  private static final String[][] CLASS_FRAGMENTS = {
    {"azureopenai", Names.GEN_AI_PROVIDER_AZURE_OPENAI},
    {"azure.openai", Names.GEN_AI_PROVIDER_AZURE_OPENAI},
    {"vertexai", Names.GEN_AI_PROVIDER_VERTEX_AI},
    {"googlegenai", Names.GEN_AI_PROVIDER_GCP_GEN_AI},
    {"google.genai", Names.GEN_AI_PROVIDER_GCP_GEN_AI},
    {"googleai", Names.GEN_AI_PROVIDER_GEMINI},
    {"gemini", Names.GEN_AI_PROVIDER_GEMINI},
    {"bedrock", Names.GEN_AI_PROVIDER_AWS_BEDROCK},
    {"anthropic", Names.GEN_AI_PROVIDER_ANTHROPIC},
    {"mistral", Names.GEN_AI_PROVIDER_MISTRAL_AI},
    {"ollama", Names.GEN_AI_PROVIDER_OLLAMA},
    {"deepseek", Names.GEN_AI_PROVIDER_DEEPSEEK},
    {"watsonx", Names.GEN_AI_PROVIDER_WATSONX},
    {"cohere", Names.GEN_AI_PROVIDER_COHERE},
    {"groq", Names.GEN_AI_PROVIDER_GROQ},
    {"perplexity", Names.GEN_AI_PROVIDER_PERPLEXITY},
    {"openai", Names.GEN_AI_PROVIDER_OPENAI},
  };

  static {
    NAMES.put("openai", Names.GEN_AI_PROVIDER_OPENAI);
    NAMES.put("anthropic", Names.GEN_AI_PROVIDER_ANTHROPIC);
    NAMES.put("amazonbedrock", Names.GEN_AI_PROVIDER_AWS_BEDROCK);
    NAMES.put("awsbedrock", Names.GEN_AI_PROVIDER_AWS_BEDROCK);
    NAMES.put("bedrock", Names.GEN_AI_PROVIDER_AWS_BEDROCK);
    NAMES.put("azureopenai", Names.GEN_AI_PROVIDER_AZURE_OPENAI);
    NAMES.put("azureaiopenai", Names.GEN_AI_PROVIDER_AZURE_OPENAI);
    // GitHub Models and Microsoft Foundry serve the Azure AI model inference API
    NAMES.put("githubmodels", Names.GEN_AI_PROVIDER_AZURE_AI_INFERENCE);
    NAMES.put("microsoftfoundry", Names.GEN_AI_PROVIDER_AZURE_AI_INFERENCE);
    NAMES.put("azureaiinference", Names.GEN_AI_PROVIDER_AZURE_AI_INFERENCE);
    NAMES.put("googleaigemini", Names.GEN_AI_PROVIDER_GEMINI);
    NAMES.put("gcpgemini", Names.GEN_AI_PROVIDER_GEMINI);
    NAMES.put("gemini", Names.GEN_AI_PROVIDER_GEMINI);
    NAMES.put("googlegenai", Names.GEN_AI_PROVIDER_GCP_GEN_AI);
    NAMES.put("gcpgenai", Names.GEN_AI_PROVIDER_GCP_GEN_AI);
    NAMES.put("googlevertexaigemini", Names.GEN_AI_PROVIDER_VERTEX_AI);
    // a model hosted by Vertex AI is Vertex AI's, as a Bedrock-hosted one is Bedrock's
    NAMES.put("googlevertexaianthropic", Names.GEN_AI_PROVIDER_VERTEX_AI);
    NAMES.put("vertexai", Names.GEN_AI_PROVIDER_VERTEX_AI);
    NAMES.put("gcpvertexai", Names.GEN_AI_PROVIDER_VERTEX_AI);
    NAMES.put("mistralai", Names.GEN_AI_PROVIDER_MISTRAL_AI);
    NAMES.put("mistral", Names.GEN_AI_PROVIDER_MISTRAL_AI);
    NAMES.put("ollama", Names.GEN_AI_PROVIDER_OLLAMA);
    NAMES.put("watsonx", Names.GEN_AI_PROVIDER_WATSONX);
    NAMES.put("ibmwatsonxai", Names.GEN_AI_PROVIDER_WATSONX);
    NAMES.put("cohere", Names.GEN_AI_PROVIDER_COHERE);
    NAMES.put("deepseek", Names.GEN_AI_PROVIDER_DEEPSEEK);
    NAMES.put("groq", Names.GEN_AI_PROVIDER_GROQ);
    NAMES.put("perplexity", Names.GEN_AI_PROVIDER_PERPLEXITY);
    NAMES.put("xai", Names.GEN_AI_PROVIDER_X_AI);
  }

  private GenAiProviders() {}

  /**
   * The semconv provider for a framework's own provider name ({@code OPEN_AI}, {@code
   * GOOGLE_AI_GEMINI}, {@code aws.bedrock}, ...; case and separators do not matter), or null.
   */
  public static String fromName(String name) {
    if (name == null || name.isEmpty()) {
      return null;
    }
    StringBuilder key = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        key.append(Character.toLowerCase(c));
      }
    }
    return NAMES.get(key.toString());
  }

  /**
   * The semconv provider a model class belongs to, from its package and name (e.g. {@code
   * dev.langchain4j.model.googleai.GoogleAiGeminiChatModel}, {@code
   * org.springframework.ai.openai.OpenAiChatModel}), or null.
   */
  public static String fromClassName(String className) {
    if (className == null) {
      return null;
    }
    String lower = className.toLowerCase(Locale.ROOT);
    for (String[] fragment : CLASS_FRAGMENTS) {
      if (lower.contains(fragment[0])) {
        return fragment[1];
      }
    }
    return null;
  }
}
