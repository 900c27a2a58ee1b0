package io.lantern.agent.genai;

import io.lantern.agent.Names;
import io.lantern.agent.metrics.Interner;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.metrics.SeriesTable;
import io.lantern.agent.trace.TraceExemplarSampler;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;

/**
 * The four GenAI client metrics of contract section 3: operation duration, token usage, time to
 * first chunk (streaming) and cost. The requested model is the open-ended label (the {@link
 * SeriesTable}'s primary), the responded model its secondary; operation, provider, error type and
 * token type are few values interned into the packed int, so recording looks a series up without
 * building a label list. Past {@code lantern.metrics.max-series} combinations per metric both
 * models become {@code _OTHER}.
 */
public final class GenAiMetrics {
  static final int MAX_OPERATIONS = 16;
  static final int MAX_PROVIDERS = 32;
  static final int MAX_ERROR_TYPES = 128;

  private final Interner operations = new Interner(MAX_OPERATIONS);
  private final Interner providers = new Interner(MAX_PROVIDERS);
  private final Interner errorTypes = new Interner(MAX_ERROR_TYPES);
  private final int noError;
  private final SeriesTable<Histogram.Child> durations;
  private final SeriesTable<Histogram.Child> firstChunks;
  private final SeriesTable<Histogram.Child> tokens;
  private final SeriesTable<Counter.Child> costs;
  private final SeriesTable<Histogram.Child> toolDurations;

  public GenAiMetrics(LanternMetrics metrics) {
    this.noError = errorTypes.index("");
    Histogram duration = histogram(metrics, Names.GEN_AI_CLIENT_OPERATION_DURATION,
        "Duration of GenAI client operations.", LanternMetrics.GEN_AI_DURATION_BUCKETS, Names.ERROR_TYPE);
    Histogram firstChunk = histogram(metrics, Names.GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK,
        "Time from the request to the first chunk of a streamed GenAI response.", LanternMetrics.GEN_AI_DURATION_BUCKETS,
        Names.ERROR_TYPE);
    Histogram tokenUsage = histogram(metrics, Names.GEN_AI_CLIENT_TOKEN_USAGE,
        "Input and output tokens per GenAI client operation, as the provider reported them.",
        LanternMetrics.GEN_AI_TOKEN_BUCKETS, Names.GEN_AI_TOKEN_TYPE);
    Counter cost =
        Counter.build(Names.LANTERN_GEN_AI_CLIENT_COST_USD, "Estimated cost of GenAI client operations in USD, from the configured price table.")
            .labelNames(Names.GEN_AI_PROVIDER_NAME, Names.GEN_AI_REQUEST_MODEL)
            .register(metrics.registry());
    this.durations = table(metrics, duration, Names.GEN_AI_CLIENT_OPERATION_DURATION);
    this.firstChunks = table(metrics, firstChunk, Names.GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK);
    this.tokens = table(metrics, tokenUsage, Names.GEN_AI_CLIENT_TOKEN_USAGE);
    this.costs = new SeriesTable<>(metrics.maxSeries(),
        (requestModel, packed, unused) -> cost.labels(providers.name(packed), requestModel),
        metrics.overflowCounter(Names.LANTERN_GEN_AI_CLIENT_COST_USD), true);
    Histogram toolDuration = Histogram.build(Names.LANTERN_GEN_AI_TOOL_DURATION,
            "Duration of the tools a model asked for, as the AI library ran them.")
        .labelNames(Names.GEN_AI_TOOL_NAME, Names.ERROR_TYPE)
        .buckets(LanternMetrics.HTTP_DURATION_BUCKETS)
        .withExemplarSampler(new TraceExemplarSampler())
        .register(metrics.registry());
    this.toolDurations = new SeriesTable<>(metrics.maxSeries(),
        (toolName, errorType, unused) -> toolDuration.labels(toolName, errorTypes.name(errorType)),
        metrics.overflowCounter(Names.LANTERN_GEN_AI_TOOL_DURATION), true);
  }

  /** One tool run; the tool name (app-defined) becomes {@code _OTHER} past the series cap. */
  public void recordToolDuration(String toolName, String errorType, double seconds) {
    toolDurations.get(toolName, errorTypeIndex(errorType), null).observe(seconds);
  }

  private static Histogram histogram(LanternMetrics metrics, String name, String help, double[] buckets, String lastLabel) {
    return Histogram.build(name, help)
        .labelNames(Names.GEN_AI_OPERATION_NAME, Names.GEN_AI_PROVIDER_NAME, Names.GEN_AI_REQUEST_MODEL,
            Names.GEN_AI_RESPONSE_MODEL, lastLabel)
        .buckets(buckets)
        .withExemplarSampler(new TraceExemplarSampler())
        .register(metrics.registry());
  }

  /**
   * Series of a histogram keyed by request model (primary), the packed operation, provider and last
   * label (an error type index, or 0/1 for the input/output token type), and response model.
   */
  private SeriesTable<Histogram.Child> table(LanternMetrics metrics, Histogram histogram, String name) {
    boolean tokenType = name.equals(Names.GEN_AI_CLIENT_TOKEN_USAGE);
    return new SeriesTable<>(metrics.maxSeries(),
        (requestModel, packed, responseModel) -> {
          int last = packed % MAX_ERROR_TYPES;
          String lastValue = !tokenType ? errorTypes.name(last)
              : last == 1 ? Names.GEN_AI_TOKEN_TYPE_OUTPUT : Names.GEN_AI_TOKEN_TYPE_INPUT;
          return histogram.labels(operations.name(operationOf(packed)), providers.name(providerOf(packed)), requestModel,
              responseModel, lastValue);
        },
        metrics.overflowCounter(name), true);
  }

  /** A stable index for a {@code gen_ai_operation_name} (a small set: {@code chat}, ...). */
  public int operationIndex(String operation) {
    return operations.index(operation == null ? Names.OTHER : operation);
  }

  /** A stable index for a {@code gen_ai_provider_name} (a small set: {@code openai}, ...). */
  public int providerIndex(String provider) {
    return providers.index(provider == null ? Names.OTHER : provider);
  }

  /** A stable index for an {@code error_type}; null or empty is "no error". */
  public int errorTypeIndex(String errorType) {
    return errorType == null || errorType.isEmpty() ? noError : errorTypes.index(errorType);
  }

  /** Record while the call's span is current so the exemplar names it; the same for the others. */
  public void recordDuration(int operation, int provider, String requestModel, String responseModel, int errorType,
      double seconds) {
    durations.get(requestModel, pack(operation, provider, errorType), responseModel).observe(seconds);
  }

  public void recordTimeToFirstChunk(int operation, int provider, String requestModel, String responseModel,
      int errorType, double seconds) {
    firstChunks.get(requestModel, pack(operation, provider, errorType), responseModel).observe(seconds);
  }

  /** One observation of {@code gen_ai_client_token_usage}; {@code output} picks the token type. */
  public void recordTokens(int operation, int provider, String requestModel, String responseModel, boolean output,
      long count) {
    tokens.get(requestModel, pack(operation, provider, output ? 1 : 0), responseModel).observe(count);
  }

  public void addCost(int provider, String requestModel, double usd) {
    costs.get(requestModel, provider, null).inc(usd);
  }

  private static int pack(int operation, int provider, int last) {
    return (operation * MAX_PROVIDERS + provider) * MAX_ERROR_TYPES + last;
  }

  private static int operationOf(int packed) {
    return packed / (MAX_PROVIDERS * MAX_ERROR_TYPES);
  }

  private static int providerOf(int packed) {
    return packed / MAX_ERROR_TYPES % MAX_PROVIDERS;
  }
}
