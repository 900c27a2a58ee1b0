package io.lantern.agent;

/**
 * Every metric, label and log-field name of the outside contract (shared/contract.md), in one place.
 * A log field that is also a metric label uses the label's constant, so Loki and PromQL queries
 * speak the same words.
 */
public final class Names {
  private Names() {}

  /** Label value that replaces anything unknown or over a cardinality cap. */
  public static final String OTHER = "_OTHER";
  /** {@code error_type} of a request the client abandoned before its response was complete. */
  public static final String ERROR_CANCELLED = "cancelled";

  // HTTP server
  public static final String HTTP_SERVER_REQUEST_DURATION = "http_server_request_duration_seconds";
  public static final String HTTP_SERVER_ACTIVE_REQUESTS = "http_server_active_requests";
  public static final String HTTP_REQUEST_METHOD = "http_request_method";
  public static final String HTTP_ROUTE = "http_route";
  public static final String HTTP_RESPONSE_STATUS_CODE = "http_response_status_code";
  public static final String URL_SCHEME = "url_scheme";
  public static final String URL_PATH = "url_path";
  public static final String ERROR_TYPE = "error_type";

  // HTTP client (contract section 3)
  public static final String HTTP_CLIENT_REQUEST_DURATION = "http_client_request_duration_seconds";
  public static final String SERVER_ADDRESS = "server_address";

  // The application's own methods (contract sections 3 and 4)
  public static final String LANTERN_METHOD_DURATION = "lantern_method_duration_seconds";
  public static final String CODE_FUNCTION_NAME = "code_function_name";
  public static final String SPAN_CODE_FUNCTION_NAME = "code.function.name";

  // W3C trace context headers
  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";
  /** The request header an inbound request id is read from. */
  public static final String X_REQUEST_ID = "X-Request-ID";

  // Database client (contract section 3)
  public static final String DB_CLIENT_OPERATION_DURATION = "db_client_operation_duration_seconds";
  public static final String DB_CLIENT_CONNECTION_COUNT = "db_client_connection_count";
  public static final String DB_CLIENT_CONNECTION_PENDING_REQUESTS = "db_client_connection_pending_requests";
  public static final String DB_CLIENT_CONNECTION_POOL_NAME = "db_client_connection_pool_name";
  public static final String DB_CLIENT_CONNECTION_STATE = "db_client_connection_state";
  public static final String DB_CONNECTION_STATE_IDLE = "idle";
  public static final String DB_CONNECTION_STATE_USED = "used";

  // GenAI client (contract sections 3 and 4; OpenTelemetry GenAI semantic conventions)
  public static final String GEN_AI_CLIENT_OPERATION_DURATION = "gen_ai_client_operation_duration_seconds";
  public static final String GEN_AI_CLIENT_TOKEN_USAGE = "gen_ai_client_token_usage";
  public static final String GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK = "gen_ai_client_operation_time_to_first_chunk_seconds";
  /** Counter base name: the exposition appends {@code _total}. */
  public static final String LANTERN_GEN_AI_CLIENT_COST_USD = "lantern_gen_ai_client_cost_usd";
  /** Counter base names (Lantern-only, both conventions): cost of the cache-read input tokens; cache-read tokens (default names only). */
  public static final String LANTERN_GEN_AI_CLIENT_CACHED_INPUT_COST_USD = "lantern_gen_ai_client_cached_input_cost_usd";
  public static final String LANTERN_GEN_AI_CLIENT_CACHE_READ_INPUT_TOKENS = "lantern_gen_ai_client_cache_read_input_tokens";
  // The GenAI conventions' own repository (semantic-conventions-genai v0.1.0, on semconv 1.45), with
  // lantern.gen-ai.semconv=latest: counters are base names (the exposition appends _total)
  public static final String GEN_AI_CLIENT_INFERENCE_DURATION = "gen_ai_client_inference_duration_seconds";
  public static final String GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK = "gen_ai_client_inference_time_to_first_chunk_seconds";
  public static final String GEN_AI_CLIENT_EMBEDDINGS_DURATION = "gen_ai_client_embeddings_duration_seconds";
  public static final String GEN_AI_CLIENT_EMBEDDINGS_OPERATION_INPUT_TOKENS = "gen_ai_client_embeddings_operation_input_tokens";
  public static final String GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS = "gen_ai_client_inference_usage_input_tokens";
  public static final String GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS = "gen_ai_client_inference_usage_output_tokens";
  public static final String GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai_client_inference_usage_cache_read_input_tokens";
  public static final String GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS = "gen_ai_client_inference_usage_cache_write_input_tokens";
  public static final String GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS = "gen_ai_client_inference_usage_reasoning_output_tokens";
  public static final String GEN_AI_EXECUTE_TOOL_DURATION = "gen_ai_execute_tool_duration_seconds";
  /** Required on the usage counters; Lantern reads no per-modality breakdown, so always {@code unknown}. */
  public static final String GEN_AI_TOKEN_MODALITY = "gen_ai_token_modality";
  public static final String GEN_AI_TOKEN_MODALITY_UNKNOWN = "unknown";
  public static final String GEN_AI_TOKEN_TYPE = "gen_ai_token_type";
  public static final String GEN_AI_TOKEN_TYPE_INPUT = "input";
  public static final String GEN_AI_TOKEN_TYPE_OUTPUT = "output";
  /** {@code gen_ai_operation_name} values. */
  public static final String GEN_AI_OPERATION_CHAT = "chat";
  public static final String GEN_AI_OPERATION_GENERATE_CONTENT = "generate_content";
  /** An embeddings request: input tokens only (no output tokens; cost is input tokens at the input price). */
  public static final String GEN_AI_OPERATION_EMBEDDINGS = "embeddings";
  /** {@code gen_ai_provider_name} values. */
  public static final String GEN_AI_PROVIDER_OPENAI = "openai";
  public static final String GEN_AI_PROVIDER_ANTHROPIC = "anthropic";
  public static final String GEN_AI_PROVIDER_GEMINI = "gcp.gemini";
  public static final String GEN_AI_PROVIDER_VERTEX_AI = "gcp.vertex_ai";
  // providers behind frameworks (LangChain4j, Spring AI): semconv values, ollama as a custom one
  public static final String GEN_AI_PROVIDER_GCP_GEN_AI = "gcp.gen_ai";
  public static final String GEN_AI_PROVIDER_AZURE_OPENAI = "azure.ai.openai";
  public static final String GEN_AI_PROVIDER_AZURE_AI_INFERENCE = "azure.ai.inference";
  public static final String GEN_AI_PROVIDER_AWS_BEDROCK = "aws.bedrock";
  public static final String GEN_AI_PROVIDER_MISTRAL_AI = "mistral_ai";
  public static final String GEN_AI_PROVIDER_COHERE = "cohere";
  public static final String GEN_AI_PROVIDER_DEEPSEEK = "deepseek";
  public static final String GEN_AI_PROVIDER_GROQ = "groq";
  public static final String GEN_AI_PROVIDER_PERPLEXITY = "perplexity";
  public static final String GEN_AI_PROVIDER_WATSONX = "ibm.watsonx.ai";
  public static final String GEN_AI_PROVIDER_X_AI = "x_ai";
  public static final String GEN_AI_PROVIDER_OLLAMA = "ollama";
  // gen_ai_call event fields besides the label names
  public static final String TIME_TO_FIRST_CHUNK_MS = "time_to_first_chunk_ms";
  public static final String GEN_AI_RESPONSE_FINISH_REASONS = "gen_ai_response_finish_reasons";
  /** How many tool calls the model asked for in the response (written when at least one). */
  public static final String GEN_AI_RESPONSE_TOOL_CALLS = "gen_ai_response_tool_calls";
  /** Duration of one tool the model asked for, run by the application's AI library. */
  public static final String LANTERN_GEN_AI_TOOL_DURATION = "lantern_gen_ai_tool_duration_seconds";
  public static final String GEN_AI_TOOL_NAME = "gen_ai_tool_name";
  public static final String GEN_AI_OPERATION_EXECUTE_TOOL = "execute_tool";
  public static final String SPAN_GEN_AI_TOOL_NAME = "gen_ai.tool.name";
  public static final String SPAN_GEN_AI_TOOL_CALL_ID = "gen_ai.tool.call.id";
  /** Rate-limit headroom from the provider's response headers (a gauge each: last value wins). */
  public static final String LANTERN_GEN_AI_RATE_LIMIT_REMAINING = "lantern_gen_ai_rate_limit_remaining";
  public static final String LANTERN_GEN_AI_RATE_LIMIT_LIMIT = "lantern_gen_ai_rate_limit_limit";
  /** {@code requests}, {@code tokens}, {@code input_tokens}, {@code output_tokens}. */
  public static final String LANTERN_RATE_LIMIT_KIND = "lantern_rate_limit_kind";
  /** Attempts beyond the first that an SDK's retrying client made inside one call. */
  public static final String LANTERN_GEN_AI_CLIENT_RETRIES = "lantern_gen_ai_client_retries";
  /** gen_ai_call event: those attempts (written for calls over a Stainless SDK, 0 when none). */
  public static final String RETRY_COUNT = "retry_count";
  public static final String COST_USD = "cost_usd";
  /** Why the token fields are null: the response carried no usage. */
  public static final String GEN_AI_USAGE_NOTE = "gen_ai_usage_note";
  /** Captured prompt and completion text, only with {@code lantern.gen-ai.capture-content=true}. */
  public static final String GEN_AI_INPUT_MESSAGES = "gen_ai_input_messages";
  public static final String GEN_AI_OUTPUT_MESSAGES = "gen_ai_output_messages";
  public static final String GEN_AI_CONTENT_TRUNCATED = "gen_ai_content_truncated";
  // GenAI span attributes (semantic-convention names as exported)
  public static final String SPAN_GEN_AI_OPERATION_NAME = "gen_ai.operation.name";
  public static final String SPAN_GEN_AI_PROVIDER_NAME = "gen_ai.provider.name";
  public static final String SPAN_GEN_AI_REQUEST_MODEL = "gen_ai.request.model";
  public static final String SPAN_GEN_AI_RESPONSE_MODEL = "gen_ai.response.model";
  public static final String SPAN_GEN_AI_USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
  public static final String SPAN_GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  public static final String SPAN_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens";
  public static final String SPAN_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS = "gen_ai.usage.cache_creation.input_tokens";
  public static final String SPAN_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = "gen_ai.usage.reasoning.output_tokens";
  public static final String SPAN_GEN_AI_RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
  /** The cache-write attribute as semantic-conventions-genai renamed it (#440), and the streaming attribute it added. */
  public static final String SPAN_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS_LATEST = "gen_ai.usage.cache_write.input_tokens";
  public static final String SPAN_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = "gen_ai.response.time_to_first_chunk";

  // Target and agent
  public static final String TARGET_INFO = "target_info";
  public static final String SERVICE_NAME = "service_name";
  public static final String SERVICE_VERSION = "service_version";
  public static final String DEPLOYMENT_ENVIRONMENT = "deployment_environment";
  public static final String LANTERN_AGENT_INFO = "lantern_agent_info";
  public static final String VERSION = "version";
  public static final String INSTRUMENTATIONS = "instrumentations";
  public static final String INSTRUMENTATION = "instrumentation";
  public static final String METRIC = "metric";
  /** Counter base names: the exposition appends {@code _total}. */
  public static final String LANTERN_LOG_EVENTS_DROPPED = "lantern_log_events_dropped";
  public static final String LANTERN_INSTRUMENTATION_ERRORS = "lantern_instrumentation_errors";
  public static final String LANTERN_METRIC_SERIES_OVERFLOW = "lantern_metric_series_overflow";
  /** Span export (lantern.traces.exporter): spans the backend accepted (or the log got). */
  public static final String LANTERN_TRACE_SPANS_EXPORTED = "lantern_trace_spans_exported";
  /** Spans lost because an export failed (collector down, refused, timed out). */
  public static final String LANTERN_TRACE_SPANS_FAILED = "lantern_trace_spans_failed";
  /** Spans dropped before export because the export queue was full. */
  public static final String LANTERN_TRACE_SPANS_DROPPED = "lantern_trace_spans_dropped";
  /** Events exported as OTLP log records ({@code lantern.logs.exporter=otlp}): taken, failed, dropped. */
  public static final String LANTERN_LOG_RECORDS_EXPORTED = "lantern_log_records_exported";
  public static final String LANTERN_LOG_RECORDS_FAILED = "lantern_log_records_failed";
  public static final String LANTERN_LOG_RECORDS_DROPPED = "lantern_log_records_dropped";

  // JVM
  public static final String JVM_MEMORY_USED = "jvm_memory_used_bytes";
  public static final String JVM_MEMORY_COMMITTED = "jvm_memory_committed_bytes";
  public static final String JVM_MEMORY_LIMIT = "jvm_memory_limit_bytes";
  public static final String JVM_MEMORY_TYPE = "jvm_memory_type";
  public static final String JVM_MEMORY_POOL_NAME = "jvm_memory_pool_name";
  public static final String JVM_GC_DURATION = "jvm_gc_duration_seconds";
  public static final String JVM_GC_NAME = "jvm_gc_name";
  public static final String JVM_GC_ACTION = "jvm_gc_action";
  public static final String JVM_THREAD_COUNT = "jvm_thread_count";
  public static final String JVM_THREAD_DAEMON = "jvm_thread_daemon";
  public static final String JVM_THREAD_STATE = "jvm_thread_state";
  public static final String JVM_CLASS_COUNT = "jvm_class_count";
  public static final String JVM_CPU_COUNT = "jvm_cpu_count";
  public static final String JVM_CPU_RECENT_UTILIZATION = "jvm_cpu_recent_utilization_ratio";
  /** Counter base names: the exposition appends {@code _total}. */
  public static final String JVM_CLASS_LOADED = "jvm_class_loaded";
  public static final String JVM_CPU_TIME = "jvm_cpu_time_seconds";

  // Log events: common fields
  public static final String TIMESTAMP = "timestamp";
  public static final String LEVEL = "level";
  public static final String SERVICE = "service";
  public static final String EVENT = "event";
  public static final String MESSAGE = "message";
  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";
  public static final String TRACE_FLAGS = "trace_flags";
  public static final String PARENT_SPAN_ID = "parent_span_id";
  public static final String SCHEMA_ERROR = "_schema_error";

  // Log events: names and their own fields
  public static final String EVENT_AGENT_START = "agent_start";
  public static final String EVENT_CONFIG_WARNING = "config_warning";
  public static final String EVENT_METRICS_LISTEN = "metrics_listen";
  public static final String EVENT_METRICS_ERROR = "metrics_error";
  public static final String EVENT_HTTP_REQUEST = "http_request";
  public static final String EVENT_INSTRUMENTATION_ERROR = "instrumentation_error";
  /** One ended span ({@code lantern.traces.exporter=log}). */
  public static final String EVENT_SPAN = "span";
  /** Span export started failing (one per failure streak, not per batch). */
  public static final String EVENT_SPAN_EXPORT_ERROR = "span_export_error";
  public static final String EVENT_LOG_EXPORT_ERROR = "log_export_error";
  /** OTLP log record attribute holding the event's {@code event} field. */
  public static final String ATTR_EVENT_NAME = "event.name";
  /** One of the application's own log records ({@code lantern.logs.capture}). */
  public static final String EVENT_LOG = "log";
  // fields of log events
  public static final String LOGGER_NAME = "logger_name";
  public static final String THREAD_NAME = "thread_name";
  public static final String EXCEPTION_TYPE = "exception_type";
  public static final String EXCEPTION_MESSAGE = "exception_message";
  public static final String EXCEPTION_STACKTRACE = "exception_stacktrace";
  public static final String MDC = "mdc";
  public static final String ATTRIBUTES = "attributes";
  // fields of span events
  public static final String SPAN_NAME = "name";
  public static final String SPAN_KIND = "kind";
  public static final String SPAN_STATUS = "status";
  public static final String SPAN_ATTRIBUTES = "attributes";
  public static final String JAVA_VERSION = "java_version";
  public static final String STARTUP_MS = "startup_ms";
  public static final String UNWOVEN_CLASSES = "unwoven_classes";
  public static final String KEY = "key";
  public static final String VALUE = "value";
  public static final String DEFAULT = "default";
  public static final String ADDRESS = "address";
  public static final String ERROR = "error";
  public static final String DURATION_MS = "duration_ms";
  public static final String DB_COUNT = "db_count";
  public static final String DB_DURATION_MS = "db_duration_ms";
  public static final String TENANT = "tenant";
  public static final String REQUEST_ID = "request_id";

  // JDBC and GenAI event names and fields (contract section 4)
  public static final String EVENT_DB_QUERY = "db_query";
  public static final String EVENT_DB_REPEATED_QUERY = "db_repeated_query";
  public static final String EVENT_GEN_AI_CALL = "gen_ai_call";
  public static final String EVENT_METHOD_CALL = "method_call";
  public static final String DB_SYSTEM_NAME = "db_system_name";
  public static final String DB_OPERATION_NAME = "db_operation_name";
  public static final String DB_COLLECTION_NAME = "db_collection_name";
  public static final String DB_QUERY_TEXT = "db_query_text";
  public static final String COUNT = "count";
  public static final String GEN_AI_PROVIDER_NAME = "gen_ai_provider_name";
  public static final String GEN_AI_OPERATION_NAME = "gen_ai_operation_name";
  public static final String GEN_AI_REQUEST_MODEL = "gen_ai_request_model";
  public static final String GEN_AI_RESPONSE_MODEL = "gen_ai_response_model";
  public static final String GEN_AI_USAGE_INPUT_TOKENS = "gen_ai_usage_input_tokens";
  public static final String GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai_usage_output_tokens";
  /** Of the input tokens, those read from the provider's prompt cache (included in the input count). */
  public static final String GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai_usage_cache_read_input_tokens";
  /** Of the input tokens, those written to the provider's prompt cache (included in the input count). */
  public static final String GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS = "gen_ai_usage_cache_write_input_tokens";
  /** Of the output tokens, those spent on reasoning / thinking (included in the output count). */
  public static final String GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = "gen_ai_usage_reasoning_output_tokens";

  // Span attribute keys: OpenTelemetry semantic-convention names as exported (dots, not underscores)
  public static final String SPAN_ERROR_TYPE = "error.type";
  // Resource and scope of exported spans
  public static final String RESOURCE_SERVICE_NAME = "service.name";
  public static final String RESOURCE_SERVICE_VERSION = "service.version";
  public static final String RESOURCE_DEPLOYMENT_ENVIRONMENT_NAME = "deployment.environment.name";
  public static final String RESOURCE_TELEMETRY_SDK_NAME = "telemetry.sdk.name";
  public static final String RESOURCE_TELEMETRY_SDK_LANGUAGE = "telemetry.sdk.language";
  public static final String RESOURCE_TELEMETRY_SDK_VERSION = "telemetry.sdk.version";
  /** The instrumentation scope of every exported span, and the telemetry.sdk.name. */
  public static final String LANTERN_SCOPE = "io.lantern";

  // Application log context (MDC / log4j2 context data) while a span is current
  public static final String MDC_TRACE_ID = TRACE_ID;
  public static final String MDC_SPAN_ID = SPAN_ID;
  public static final String MDC_TRACE_FLAGS = TRACE_FLAGS;
  public static final String SPAN_HTTP_REQUEST_METHOD = "http.request.method";
  public static final String SPAN_HTTP_REQUEST_METHOD_ORIGINAL = "http.request.method_original";
  public static final String SPAN_HTTP_ROUTE = "http.route";
  public static final String SPAN_HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";
  public static final String SPAN_URL_PATH = "url.path";
  public static final String SPAN_URL_SCHEME = "url.scheme";
  public static final String SPAN_URL_FULL = "url.full";
  public static final String SPAN_SERVER_ADDRESS = "server.address";
  public static final String SPAN_SERVER_PORT = "server.port";
  public static final String SPAN_DB_SYSTEM_NAME = "db.system.name";
  public static final String SPAN_DB_OPERATION_NAME = "db.operation.name";
  public static final String SPAN_DB_COLLECTION_NAME = "db.collection.name";
  public static final String SPAN_DB_QUERY_TEXT = "db.query.text";
}
