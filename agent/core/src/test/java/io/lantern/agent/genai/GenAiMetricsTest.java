package io.lantern.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.metrics.LanternMetrics;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GenAiMetricsTest {
  static final String CHAT_LABELS =
      "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",gen_ai_response_model=\"gpt-4o-2024-08-06\"";

  static String scrape(LanternMetrics metrics) throws IOException {
    StringWriter out = new StringWriter();
    TextFormat.write004(out, metrics.registry().metricFamilySamples());
    return out.toString();
  }

  /** The le values of a histogram's buckets, in exposition order (+Inf left out). */
  static List<String> buckets(String text, String metric) {
    Matcher m = Pattern.compile(metric + "_bucket\\{[^}]*le=\"([^\"]+)\"").matcher(text);
    List<String> les = new ArrayList<>();
    while (m.find()) {
      if (!m.group(1).equals("+Inf") && !les.contains(m.group(1))) {
        les.add(m.group(1));
      }
    }
    return les;
  }

  @Test
  void bucketsAreTheContractsDoublingAndTimesFour() throws IOException {
    LanternMetrics lantern = new LanternMetrics(100);
    GenAiMetrics metrics = new GenAiMetrics(lantern);
    int chat = metrics.operationIndex("chat");
    int openai = metrics.providerIndex("openai");
    metrics.recordDuration(chat, openai, "gpt-4o", "gpt-4o-2024-08-06", metrics.errorTypeIndex(null), 0.5);
    metrics.recordTimeToFirstChunk(chat, openai, "gpt-4o", "gpt-4o-2024-08-06", metrics.errorTypeIndex(null), 0.3);
    metrics.recordTokens(chat, openai, "gpt-4o", "gpt-4o-2024-08-06", false, 12);
    String text = scrape(lantern);
    List<String> seconds = List.of("0.01", "0.02", "0.04", "0.08", "0.16", "0.32", "0.64", "1.28", "2.56", "5.12",
        "10.24", "20.48", "40.96", "81.92");
    assertEquals(seconds, buckets(text, "gen_ai_client_operation_duration_seconds"));
    assertEquals(seconds, buckets(text, "gen_ai_client_operation_time_to_first_chunk_seconds"));
    assertEquals(List.of("1.0", "4.0", "16.0", "64.0", "256.0", "1024.0", "4096.0", "16384.0", "65536.0", "262144.0",
        "1048576.0", "4194304.0", "1.6777216E7", "6.7108864E7"), buckets(text, "gen_ai_client_token_usage"));
  }

  @Test
  void recordsEachMetricWithExactLabels() throws IOException {
    LanternMetrics lantern = new LanternMetrics(100);
    GenAiMetrics metrics = new GenAiMetrics(lantern);
    int chat = metrics.operationIndex("chat");
    int openai = metrics.providerIndex("openai");
    int none = metrics.errorTypeIndex("");
    int rateLimit = metrics.errorTypeIndex("com.openai.errors.RateLimitException");
    metrics.recordDuration(chat, openai, "gpt-4o", "gpt-4o-2024-08-06", none, 1.0);
    metrics.recordDuration(chat, openai, "gpt-4o", "gpt-4o-2024-08-06", none, 2.0);
    metrics.recordDuration(chat, openai, "gpt-4o", "", rateLimit, 0.1);
    metrics.recordTokens(chat, openai, "gpt-4o", "gpt-4o-2024-08-06", false, 12);
    metrics.recordTokens(chat, openai, "gpt-4o", "gpt-4o-2024-08-06", true, 34);
    metrics.addCost(openai, "gpt-4o", 0.25);
    metrics.addCost(openai, "gpt-4o", 0.5);
    String text = scrape(lantern);
    assertTrue(text.contains("gen_ai_client_operation_duration_seconds_count{" + CHAT_LABELS + ",error_type=\"\",} 2.0"), text);
    assertTrue(text.contains("gen_ai_client_operation_duration_seconds_sum{" + CHAT_LABELS + ",error_type=\"\",} 3.0"), text);
    assertTrue(text.contains("gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
        + "gen_ai_request_model=\"gpt-4o\",gen_ai_response_model=\"\",error_type=\"com.openai.errors.RateLimitException\",} 1.0"), text);
    assertTrue(text.contains("gen_ai_client_token_usage_sum{" + CHAT_LABELS + ",gen_ai_token_type=\"input\",} 12.0"), text);
    assertTrue(text.contains("gen_ai_client_token_usage_sum{" + CHAT_LABELS + ",gen_ai_token_type=\"output\",} 34.0"), text);
    assertTrue(text.contains("lantern_gen_ai_client_cost_usd_total{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",} 0.75"), text);
    assertFalse(text.contains("gen_ai_client_operation_time_to_first_chunk_seconds_count"), "no streaming call, no series: " + text);
  }

  @Test
  void pastTheCapBothModelsBecomeOtherAndTheOverflowIsCounted() throws IOException {
    LanternMetrics lantern = new LanternMetrics(2);
    GenAiMetrics metrics = new GenAiMetrics(lantern);
    int chat = metrics.operationIndex("chat");
    int openai = metrics.providerIndex("openai");
    int none = metrics.errorTypeIndex(null);
    for (int i = 0; i < 5; i++) {
      metrics.recordDuration(chat, openai, "model-" + i, "model-" + i + "-v1", none, 1.0);
    }
    String text = scrape(lantern);
    assertTrue(text.contains("gen_ai_request_model=\"model-1\",gen_ai_response_model=\"model-1-v1\""), text);
    assertFalse(text.contains("model-2"), text);
    assertTrue(text.contains("gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
        + "gen_ai_request_model=\"_OTHER\",gen_ai_response_model=\"_OTHER\",error_type=\"\",} 3.0"), text);
    assertTrue(text.contains("lantern_metric_series_overflow_total{metric=\"gen_ai_client_operation_duration_seconds\",} 3.0"), text);
  }

  @Test
  void unknownOperationOrProviderIsOther() throws IOException {
    LanternMetrics lantern = new LanternMetrics(100);
    GenAiMetrics metrics = new GenAiMetrics(lantern);
    metrics.recordDuration(metrics.operationIndex(null), metrics.providerIndex(null), "m", "m", metrics.errorTypeIndex(null), 1);
    assertTrue(scrape(lantern).contains("gen_ai_operation_name=\"_OTHER\",gen_ai_provider_name=\"_OTHER\""));
  }

  @Test
  void defaultNamesAddTheCacheReadTokensAndTheCachedCostAsLanternCounters() throws IOException {
    LanternMetrics lantern = new LanternMetrics(100);
    GenAiMetrics metrics = new GenAiMetrics(lantern, GenAiSemconv.DEFAULT);
    int chat = metrics.operationIndex("chat");
    int openai = metrics.providerIndex("openai");
    metrics.recordUsage(chat, openai, "gpt-4o", "gpt-4o-2024-08-06", 100, 20, 60, -1, 5);
    metrics.recordUsage(chat, openai, "gpt-4o", "gpt-4o-2024-08-06", 50, 10, 40, 0, -1);
    metrics.addCost(openai, "gpt-4o", 0.5, 0.125);
    String text = scrape(lantern);
    assertTrue(text.contains("gen_ai_client_token_usage_sum{" + CHAT_LABELS + ",gen_ai_token_type=\"input\",} 150.0"), text);
    assertTrue(text.contains("lantern_gen_ai_client_cache_read_input_tokens_total{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",} 100.0"), text);
    assertTrue(text.contains("lantern_gen_ai_client_cached_input_cost_usd_total{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",} 0.125"), text);
    assertTrue(text.contains("lantern_gen_ai_client_cost_usd_total{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",} 0.5"), text);
    assertFalse(text.contains("gen_ai_client_inference_"), text);
    assertFalse(text.contains("gen_ai_execute_tool_duration_seconds"), text);
  }

  @Test
  void latestNamesAreThoseOfSemanticConventionsGenAi() throws IOException {
    LanternMetrics lantern = new LanternMetrics(100);
    GenAiMetrics metrics = new GenAiMetrics(lantern, GenAiSemconv.LATEST);
    int[] ops = {metrics.operationIndex("chat"), metrics.operationIndex("embeddings")};
    int chat = ops[0];
    int embeddings = ops[1];
    int openai = metrics.providerIndex("openai");
    int none = metrics.errorTypeIndex("");
    metrics.recordDuration(chat, openai, "gpt-4o", "gpt-4o-2024-08-06", none, 1.0);
    metrics.recordDuration(chat, openai, "gpt-4o", "", metrics.errorTypeIndex("com.openai.errors.RateLimitException"), 0.5);
    metrics.recordTimeToFirstChunk(chat, openai, "gpt-4o", "gpt-4o-2024-08-06", none, 0.3);
    metrics.recordUsage(chat, openai, "gpt-4o", "gpt-4o-2024-08-06", 100, 20, 60, 7, 5);
    metrics.recordUsage(chat, openai, "gpt-4o", "gpt-4o-2024-08-06", 50, 10, -1, -1, -1);
    metrics.recordDuration(embeddings, openai, "text-embedding-3-small", "text-embedding-3-small", none, 0.2);
    metrics.recordUsage(embeddings, openai, "text-embedding-3-small", "text-embedding-3-small", 8, -1, -1, -1, -1);
    metrics.recordToolDuration("weather", "", 0.01);
    String text = scrape(lantern);
    String usage = "{" + CHAT_LABELS + ",gen_ai_token_modality=\"unknown\",}";
    assertTrue(text.contains("gen_ai_client_inference_duration_seconds_count{" + CHAT_LABELS + ",error_type=\"\",} 1.0"), text);
    assertTrue(text.contains("gen_ai_client_inference_duration_seconds_count{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
        + "gen_ai_request_model=\"gpt-4o\",gen_ai_response_model=\"\",error_type=\"com.openai.errors.RateLimitException\",} 1.0"), text);
    assertTrue(text.contains("gen_ai_client_inference_time_to_first_chunk_seconds_count{" + CHAT_LABELS + ",} 1.0"), text);
    assertTrue(text.contains("gen_ai_client_inference_usage_input_tokens_total" + usage + " 150.0"), text);
    assertTrue(text.contains("gen_ai_client_inference_usage_output_tokens_total" + usage + " 30.0"), text);
    assertTrue(text.contains("gen_ai_client_inference_usage_cache_read_input_tokens_total" + usage + " 60.0"), text);
    assertTrue(text.contains("gen_ai_client_inference_usage_cache_write_input_tokens_total" + usage + " 7.0"), text);
    assertTrue(text.contains("gen_ai_client_inference_usage_reasoning_output_tokens_total" + usage + " 5.0"), text);
    String embed = "{gen_ai_operation_name=\"embeddings\",gen_ai_provider_name=\"openai\",gen_ai_request_model=\"text-embedding-3-small\","
        + "gen_ai_response_model=\"text-embedding-3-small\"";
    assertTrue(text.contains("gen_ai_client_embeddings_duration_seconds_count" + embed + ",error_type=\"\",} 1.0"), text);
    assertTrue(text.contains("gen_ai_client_embeddings_operation_input_tokens_sum" + embed + ",} 8.0"), text);
    assertTrue(text.contains("gen_ai_execute_tool_duration_seconds_count{gen_ai_tool_name=\"weather\",error_type=\"\",} 1.0"), text);
    // none of today's names, and embeddings calls are not inference
    for (String old : List.of("gen_ai_client_operation_duration_seconds", "gen_ai_client_token_usage",
        "gen_ai_client_operation_time_to_first_chunk_seconds", "lantern_gen_ai_tool_duration_seconds",
        "lantern_gen_ai_client_cache_read_input_tokens_total")) {
      assertFalse(text.contains(old), old + " in " + text);
    }
    assertFalse(text.contains("gen_ai_client_inference_duration_seconds_count{gen_ai_operation_name=\"embeddings\""), text);
    assertFalse(text.contains("gen_ai_client_inference_usage_input_tokens_total{gen_ai_operation_name=\"embeddings\""), text);
    assertEquals(List.of("0.01", "0.02", "0.04", "0.08", "0.16", "0.32", "0.64", "1.28", "2.56", "5.12", "10.24", "20.48",
        "40.96", "81.92"), buckets(text, "gen_ai_client_embeddings_duration_seconds"));
  }
}
