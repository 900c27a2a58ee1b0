package io.lantern.agent.genai;

import io.lantern.agent.Names;
import io.lantern.agent.metrics.Interner;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.metrics.SeriesTable;
import io.lantern.agent.trace.TraceExemplarSampler;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;

/**
 * The GenAI client metrics of contract section 3 (operation duration, token usage, time to first
 * chunk, cost, tool duration) under the names {@link GenAiSemconv} picks once, at construction.
 * The requested model is the open-ended label (the {@link SeriesTable}'s primary), the responded
 * model its secondary; operation, provider, error type and token type are few values interned into
 * the packed int, so recording looks a series up without building a label list. Past {@code
 * lantern.metrics.max-series} combinations per metric both models become {@code _OTHER}.
 *
 * <p>With {@link GenAiSemconv#LATEST} (semantic-conventions-genai v0.1.0): chat durations go to
 * {@code gen_ai_client_inference_duration_seconds}, embeddings durations to {@code
 * gen_ai_client_embeddings_duration_seconds}, the token histogram gives way to the {@code
 * gen_ai_client_inference_usage_*} counters (embeddings: the {@code
 * gen_ai_client_embeddings_operation_input_tokens} histogram), tool runs go to {@code
 * gen_ai_execute_tool_duration_seconds}. A table a mode does not emit is null (its metric is not
 * registered); the record methods test that final field, nothing else.
 */
public final class GenAiMetrics {
  static final int MAX_OPERATIONS = 16;
  static final int MAX_PROVIDERS = 32;
  static final int MAX_ERROR_TYPES = 128;
  /** The packed "last" value of a series with no error type or token type label. */
  private static final int NO_LAST = 0;

  private final Interner operations = new Interner(MAX_OPERATIONS);
  private final Interner providers = new Interner(MAX_PROVIDERS);
  private final Interner errorTypes = new Interner(MAX_ERROR_TYPES);
  private final int noError;
  private final GenAiSemconv semconv;
  /** {@link GenAiSemconv#LATEST}: the time to first chunk has no error type label. */
  private final boolean latest;
  /** The operation index whose durations go to {@link #embeddingsDurations} (latest), else -1. */
  private final int embeddingsOperation;
  private final SeriesTable<Histogram.Child> durations;
  private final SeriesTable<Histogram.Child> embeddingsDurations;
  private final SeriesTable<Histogram.Child> firstChunks;
  private final SeriesTable<Histogram.Child> tokens;
  private final SeriesTable<Histogram.Child> embeddingsTokens;
  private final SeriesTable<Counter.Child> usageInput;
  private final SeriesTable<Counter.Child> usageOutput;
  private final SeriesTable<Counter.Child> usageCacheRead;
  private final SeriesTable<Counter.Child> usageCacheWrite;
  private final SeriesTable<Counter.Child> usageReasoning;
  private final SeriesTable<Counter.Child> cacheReadTokens;
  private final SeriesTable<Counter.Child> costs;
  private final SeriesTable<Counter.Child> cachedCosts;
  private final SeriesTable<Histogram.Child> toolDurations;

  /** Today's names ({@link GenAiSemconv#DEFAULT}). */
  public GenAiMetrics(LanternMetrics metrics) {
    this(metrics, GenAiSemconv.DEFAULT);
  }

  public GenAiMetrics(LanternMetrics metrics, GenAiSemconv semconv) {
    this.semconv = semconv;
    this.noError = errorTypes.index("");
    boolean latest = semconv == GenAiSemconv.LATEST;
    this.latest = latest;
    double[] seconds = LanternMetrics.GEN_AI_DURATION_BUCKETS;
    this.embeddingsOperation = latest ? operations.index(Names.GEN_AI_OPERATION_EMBEDDINGS) : -1;
    this.durations = histogram(metrics, latest ? Names.GEN_AI_CLIENT_INFERENCE_DURATION : Names.GEN_AI_CLIENT_OPERATION_DURATION,
        latest ? "Duration of GenAI client inference operations." : "Duration of GenAI client operations.", seconds,
        Names.ERROR_TYPE);
    this.embeddingsDurations = !latest ? null : histogram(metrics, Names.GEN_AI_CLIENT_EMBEDDINGS_DURATION,
        "Duration of GenAI client embeddings operations.", seconds, Names.ERROR_TYPE);
    this.firstChunks = histogram(metrics,
        latest ? Names.GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK : Names.GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK,
        "Time from the request to the first chunk of a streamed GenAI response.", seconds, latest ? null : Names.ERROR_TYPE);
    this.tokens = latest ? null : histogram(metrics, Names.GEN_AI_CLIENT_TOKEN_USAGE,
        "Input and output tokens per GenAI client operation, as the provider reported them.",
        LanternMetrics.GEN_AI_TOKEN_BUCKETS, Names.GEN_AI_TOKEN_TYPE);
    this.embeddingsTokens = !latest ? null : histogram(metrics, Names.GEN_AI_CLIENT_EMBEDDINGS_OPERATION_INPUT_TOKENS,
        "Input tokens per GenAI embeddings operation, as the provider reported them.", LanternMetrics.GEN_AI_TOKEN_BUCKETS, null);
    this.usageInput = usage(latest, metrics, Names.GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS,
        "Input tokens of GenAI inference operations, cached ones included.");
    this.usageOutput = usage(latest, metrics, Names.GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS,
        "Output tokens of GenAI inference operations, reasoning ones included.");
    this.usageCacheRead = usage(latest, metrics, Names.GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS,
        "Input tokens served from the provider's prompt cache.");
    this.usageCacheWrite = usage(latest, metrics, Names.GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS,
        "Input tokens written to the provider's prompt cache.");
    this.usageReasoning = usage(latest, metrics, Names.GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS,
        "Output tokens spent on reasoning.");
    this.cacheReadTokens = latest ? null : byModel(metrics, Names.LANTERN_GEN_AI_CLIENT_CACHE_READ_INPUT_TOKENS,
        "Input tokens served from the provider's prompt cache (included in gen_ai_client_token_usage's input).");
    this.costs = byModel(metrics, Names.LANTERN_GEN_AI_CLIENT_COST_USD,
        "Estimated cost of GenAI client operations in USD, from the configured price table.");
    this.cachedCosts = byModel(metrics, Names.LANTERN_GEN_AI_CLIENT_CACHED_INPUT_COST_USD,
        "Of the estimated cost, the share of the cache-read input tokens (at the cached-input price), in USD.");
    String toolName = latest ? Names.GEN_AI_EXECUTE_TOOL_DURATION : Names.LANTERN_GEN_AI_TOOL_DURATION;
    Histogram toolDuration = Histogram.build(toolName,
            "Duration of the tools a model asked for, as the AI library ran them.")
        .labelNames(Names.GEN_AI_TOOL_NAME, Names.ERROR_TYPE)
        .buckets(LanternMetrics.HTTP_DURATION_BUCKETS)
        .withExemplarSampler(new TraceExemplarSampler())
        .register(metrics.registry());
    this.toolDurations = new SeriesTable<>(metrics.maxSeries(),
        (tool, errorType, unused) -> toolDuration.labels(tool, errorTypes.name(errorType)),
        metrics.overflowCounter(toolName), true);
  }

  /** The names this instance emits. */
  public GenAiSemconv semconv() {
    return semconv;
  }

  /** One tool run; the tool name (app-defined) becomes {@code _OTHER} past the series cap. */
  public void recordToolDuration(String toolName, String errorType, double seconds) {
    toolDurations.get(toolName, errorTypeIndex(errorType), null).observe(seconds);
  }

  /**
   * A histogram labelled operation, provider, request and response model, and {@code lastLabel}
   * (an error type, or the token type) unless null, as the series of a table keyed by request model
   * (primary), the packed operation, provider and last value (an error type index, or 0/1 for the
   * input/output token type), and response model.
   */
  private SeriesTable<Histogram.Child> histogram(LanternMetrics metrics, String name, String help, double[] buckets,
      String lastLabel) {
    Histogram histogram = Histogram.build(name, help)
        .labelNames(lastLabel == null ? MODEL_LABELS : withLast(lastLabel))
        .buckets(buckets)
        .withExemplarSampler(new TraceExemplarSampler())
        .register(metrics.registry());
    boolean tokenType = Names.GEN_AI_TOKEN_TYPE.equals(lastLabel);
    return new SeriesTable<>(metrics.maxSeries(),
        (requestModel, packed, responseModel) -> {
          String operation = operations.name(operationOf(packed));
          String provider = providers.name(providerOf(packed));
          if (lastLabel == null) {
            return histogram.labels(operation, provider, requestModel, responseModel);
          }
          int last = packed % MAX_ERROR_TYPES;
          String lastValue = !tokenType ? errorTypes.name(last)
              : last == 1 ? Names.GEN_AI_TOKEN_TYPE_OUTPUT : Names.GEN_AI_TOKEN_TYPE_INPUT;
          return histogram.labels(operation, provider, requestModel, responseModel, lastValue);
        },
        metrics.overflowCounter(name), true);
  }

  private static final String[] MODEL_LABELS = {Names.GEN_AI_OPERATION_NAME, Names.GEN_AI_PROVIDER_NAME,
      Names.GEN_AI_REQUEST_MODEL, Names.GEN_AI_RESPONSE_MODEL};

  private static String[] withLast(String lastLabel) {
    String[] labels = java.util.Arrays.copyOf(MODEL_LABELS, MODEL_LABELS.length + 1);
    labels[MODEL_LABELS.length] = lastLabel;
    return labels;
  }

  /**
   * A {@code gen_ai_client_inference_usage_*} counter (latest names only, else null): the model
   * labels and {@code gen_ai_token_modality} ({@code unknown}).
   */
  private SeriesTable<Counter.Child> usage(boolean latest, LanternMetrics metrics, String name, String help) {
    if (!latest) {
      return null;
    }
    Counter counter = Counter.build(name, help).labelNames(withLast(Names.GEN_AI_TOKEN_MODALITY)).register(metrics.registry());
    return new SeriesTable<>(metrics.maxSeries(),
        (requestModel, packed, responseModel) -> counter.labels(operations.name(operationOf(packed)),
            providers.name(providerOf(packed)), requestModel, responseModel, Names.GEN_AI_TOKEN_MODALITY_UNKNOWN),
        metrics.overflowCounter(name), true);
  }

  /** A Lantern counter labelled provider and request model. */
  private SeriesTable<Counter.Child> byModel(LanternMetrics metrics, String name, String help) {
    Counter counter = Counter.build(name, help).labelNames(Names.GEN_AI_PROVIDER_NAME, Names.GEN_AI_REQUEST_MODEL)
        .register(metrics.registry());
    return new SeriesTable<>(metrics.maxSeries(),
        (requestModel, packed, unused) -> counter.labels(providers.name(packed), requestModel),
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
    SeriesTable<Histogram.Child> table = operation == embeddingsOperation ? embeddingsDurations : durations;
    table.get(requestModel, pack(operation, provider, errorType), responseModel).observe(seconds);
  }

  public void recordTimeToFirstChunk(int operation, int provider, String requestModel, String responseModel,
      int errorType, double seconds) {
    firstChunks.get(requestModel, pack(operation, provider, latest ? NO_LAST : errorType), responseModel)
        .observe(seconds);
  }

  /**
   * The token counts of one call; a negative count is unknown and records nothing. Default names:
   * one observation of {@code gen_ai_client_token_usage} per known input/output count, the
   * cache-read tokens also on {@code lantern_gen_ai_client_cache_read_input_tokens_total}. Latest:
   * the usage counters (an embeddings call: its input tokens on the embeddings histogram only).
   */
  public void recordUsage(int operation, int provider, String requestModel, String responseModel, long input,
      long output, long cacheRead, long cacheWrite, long reasoning) {
    int packed = pack(operation, provider, NO_LAST);
    if (tokens != null) {
      if (input >= 0) {
        tokens.get(requestModel, packed, responseModel).observe(input);
      }
      if (output >= 0) {
        tokens.get(requestModel, pack(operation, provider, 1), responseModel).observe(output);
      }
      if (cacheRead >= 0) {
        cacheReadTokens.get(requestModel, provider, null).inc(cacheRead);
      }
    } else if (operation == embeddingsOperation) {
      if (input >= 0) {
        embeddingsTokens.get(requestModel, packed, responseModel).observe(input);
      }
    } else {
      add(usageInput, requestModel, packed, responseModel, input);
      add(usageOutput, requestModel, packed, responseModel, output);
      add(usageCacheRead, requestModel, packed, responseModel, cacheRead);
      add(usageCacheWrite, requestModel, packed, responseModel, cacheWrite);
      add(usageReasoning, requestModel, packed, responseModel, reasoning);
    }
  }

  private static void add(SeriesTable<Counter.Child> table, String requestModel, int packed, String responseModel,
      long count) {
    if (count >= 0) {
      table.get(requestModel, packed, responseModel).inc(count);
    }
  }

  /** One observation of {@code gen_ai_client_token_usage} (default names only); {@code output} picks the token type. */
  public void recordTokens(int operation, int provider, String requestModel, String responseModel, boolean output,
      long count) {
    recordUsage(operation, provider, requestModel, responseModel, output ? -1 : count, output ? count : -1, -1, -1, -1);
  }

  /** The estimated cost of a call, and of its cache-read input tokens alone (0 when none). */
  public void addCost(int provider, String requestModel, double usd, double cachedUsd) {
    costs.get(requestModel, provider, null).inc(usd);
    cachedCosts.get(requestModel, provider, null).inc(cachedUsd);
  }

  public void addCost(int provider, String requestModel, double usd) {
    addCost(provider, requestModel, usd, 0);
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
