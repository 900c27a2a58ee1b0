package io.lantern.agent.log;

import io.lantern.agent.Names;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Required fields per event name, besides the common ones, exactly as in contract section 4. A
 * line whose event lacks one is still written, with {@code _schema_error} naming what is missing.
 * Unknown event names are not checked.
 */
public final class EventSchema {
  private static final Map<String, String[]> REQUIRED = new HashMap<>();

  static {
    put(Names.EVENT_AGENT_START, Names.VERSION, Names.INSTRUMENTATIONS, Names.JAVA_VERSION);
    put(Names.EVENT_CONFIG_WARNING, Names.KEY, Names.VALUE, Names.DEFAULT);
    put(Names.EVENT_METRICS_LISTEN, Names.ADDRESS);
    put(Names.EVENT_METRICS_ERROR, Names.ERROR);
    put(Names.EVENT_HTTP_REQUEST, Names.HTTP_REQUEST_METHOD, Names.HTTP_ROUTE, Names.URL_PATH,
        Names.HTTP_RESPONSE_STATUS_CODE, Names.DURATION_MS, Names.DB_COUNT, Names.DB_DURATION_MS);
    put(Names.EVENT_DB_QUERY, Names.DB_SYSTEM_NAME, Names.DB_OPERATION_NAME, Names.DB_COLLECTION_NAME, Names.DB_QUERY_TEXT, Names.DURATION_MS);
    put(Names.EVENT_DB_REPEATED_QUERY, Names.DB_QUERY_TEXT, Names.COUNT, Names.HTTP_ROUTE);
    put(Names.EVENT_GEN_AI_CALL, Names.GEN_AI_PROVIDER_NAME, Names.GEN_AI_OPERATION_NAME, Names.GEN_AI_REQUEST_MODEL,
        Names.GEN_AI_RESPONSE_MODEL, Names.GEN_AI_USAGE_INPUT_TOKENS, Names.GEN_AI_USAGE_OUTPUT_TOKENS, Names.DURATION_MS);
    put(io.lantern.agent.rpc.RpcNames.EVENT_RPC_REQUEST, io.lantern.agent.rpc.RpcNames.RPC_SYSTEM_NAME,
        io.lantern.agent.rpc.RpcNames.RPC_METHOD, io.lantern.agent.rpc.RpcNames.RPC_RESPONSE_STATUS_CODE, Names.DURATION_MS,
        Names.DB_COUNT, Names.DB_DURATION_MS);
    put(Names.EVENT_METHOD_CALL, Names.CODE_FUNCTION_NAME, Names.DURATION_MS);
    put(Names.EVENT_INSTRUMENTATION_ERROR, Names.INSTRUMENTATION, Names.ERROR);
    put(Names.EVENT_SPAN, Names.SPAN_NAME, Names.SPAN_KIND, Names.DURATION_MS, Names.SPAN_STATUS);
    put(Names.EVENT_SPAN_EXPORT_ERROR, Names.ADDRESS, Names.ERROR);
    put(Names.EVENT_LOG, Names.LOGGER_NAME, Names.THREAD_NAME);
  }

  private EventSchema() {}

  private static void put(String event, String... fields) {
    REQUIRED.put(event, fields);
  }

  /** The required fields of {@code eventName} in contract order; empty for an unknown name. */
  public static List<String> requiredFields(String eventName) {
    String[] r = eventName == null ? null : REQUIRED.get(eventName);
    return r == null ? Collections.emptyList() : Collections.unmodifiableList(Arrays.asList(r));
  }

  /** Whether the event name is one of contract section 4. */
  public static boolean isKnown(String eventName) {
    return eventName != null && REQUIRED.containsKey(eventName);
  }

  /** Shared array, never modified: do not write to it. Null for an unknown name. */
  static String[] required(String eventName) {
    return eventName == null ? null : REQUIRED.get(eventName);
  }
}
