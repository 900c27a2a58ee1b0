package io.lantern.agent.genai;

import io.lantern.agent.Names;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code gen_ai_provider_name} of an SDK client's base URL: an OpenAI-compatible server reached
 * through openai-java is the provider of its host ({@code api.deepseek.com} is {@code deepseek}),
 * an anthropic-java client on a Bedrock or Vertex backend is {@code aws.bedrock} / {@code
 * gcp.vertex_ai}. The built-in table knows the public APIs only; a self-hosted server (Ollama,
 * vLLM, a gateway, {@code localhost}) keeps the SDK's own provider, the API shape, unless {@code
 * lantern.gen-ai.provider-hosts} maps its {@code host} or {@code host:port}. The label stays
 * bounded: the table's values and the configured ones only.
 */
public final class GenAiHosts {
  /** No configured hosts: the built-in table only. */
  public static final GenAiHosts NONE = new GenAiHosts(Collections.emptyMap());

  /** Exact hosts of the public APIs. */
  private static final Map<String, String> HOSTS = new HashMap<>();
  /** Host suffixes, any subdomain: {@code {suffix, provider}}. */
  private static final String[][] SUFFIXES = {
    {".openai.azure.com", Names.GEN_AI_PROVIDER_AZURE_OPENAI},
    {".amazonaws.com", null}, // only bedrock-runtime.<region>.amazonaws.com, below
    {"aiplatform.googleapis.com", Names.GEN_AI_PROVIDER_VERTEX_AI},
  };

  static {
    HOSTS.put("api.openai.com", Names.GEN_AI_PROVIDER_OPENAI);
    HOSTS.put("api.anthropic.com", Names.GEN_AI_PROVIDER_ANTHROPIC);
    HOSTS.put("api.deepseek.com", Names.GEN_AI_PROVIDER_DEEPSEEK);
    HOSTS.put("api.groq.com", Names.GEN_AI_PROVIDER_GROQ);
    HOSTS.put("api.mistral.ai", Names.GEN_AI_PROVIDER_MISTRAL_AI);
    HOSTS.put("api.x.ai", Names.GEN_AI_PROVIDER_X_AI);
    HOSTS.put("api.perplexity.ai", Names.GEN_AI_PROVIDER_PERPLEXITY);
  }

  /** Configured, by lower-case {@code host} or {@code host:port}. */
  private final Map<String, String> configured;

  private GenAiHosts(Map<String, String> configured) {
    this.configured = configured;
  }

  /**
   * {@code lantern.gen-ai.provider-hosts}: comma-separated {@code host[:port]=provider}, e.g.
   * {@code localhost:11434=ollama,vllm.internal=vllm}; null (the value is unusable) when an entry
   * is not of that form or its provider is not a label value ({@code [a-z0-9._]}, at most 40).
   */
  public static GenAiHosts parse(String raw) {
    Map<String, String> map = new HashMap<>();
    for (String entry : raw.split(",")) {
      String item = entry.trim();
      if (item.isEmpty()) {
        continue;
      }
      int eq = item.indexOf('=');
      if (eq <= 0) {
        return null;
      }
      String host = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String provider = item.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
      if (host.isEmpty() || host.contains("/") || !isLabel(provider)) {
        return null;
      }
      map.put(host, provider);
    }
    return map.isEmpty() ? null : new GenAiHosts(Collections.unmodifiableMap(map));
  }

  private static boolean isLabel(String value) {
    if (value.isEmpty() || value.length() > 40) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** The built-in provider of a (lower-case) host, or null for one not in the table. */
  public static String builtIn(String host) {
    if (host == null) {
      return null;
    }
    String exact = HOSTS.get(host);
    if (exact != null) {
      return exact;
    }
    for (String[] suffix : SUFFIXES) {
      if (host.endsWith(suffix[0])) {
        if (suffix[1] != null) {
          return suffix[1];
        }
        return host.startsWith("bedrock-runtime.") || host.startsWith("bedrock.") ? Names.GEN_AI_PROVIDER_AWS_BEDROCK : null;
      }
    }
    return null;
  }

  /**
   * The provider of a base URL ({@code https://api.groq.com/openai/v1}): a configured {@code
   * host:port}, then a configured {@code host}, then the built-in table; else {@code fallback}.
   */
  public String provider(String baseUrl, String fallback) {
    if (baseUrl == null) {
      return fallback;
    }
    int scheme = baseUrl.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int end = start;
    while (end < baseUrl.length() && "/?#".indexOf(baseUrl.charAt(end)) < 0) {
      end++;
    }
    String authority = baseUrl.substring(start, end).toLowerCase(Locale.ROOT);
    int at = authority.lastIndexOf('@'); // never keep user info
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    int colon = authority.lastIndexOf(':');
    String host = colon > authority.lastIndexOf(']') && colon >= 0 ? authority.substring(0, colon) : authority;
    if (!configured.isEmpty()) {
      String mapped = configured.get(authority);
      if (mapped == null) {
        mapped = configured.get(host);
      }
      if (mapped != null) {
        return mapped;
      }
    }
    String known = builtIn(host);
    return known != null ? known : fallback;
  }
}
