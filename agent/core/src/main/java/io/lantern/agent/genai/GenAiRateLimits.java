package io.lantern.agent.genai;

import io.lantern.agent.Names;
import io.lantern.agent.metrics.Interner;
import io.lantern.agent.metrics.LanternMetrics;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Rate-limit headroom and SDK retries of AI calls: {@code
 * lantern_gen_ai_rate_limit_remaining} and {@code lantern_gen_ai_rate_limit_limit} by provider and
 * {@code lantern_rate_limit_kind}, set from each response's rate-limit headers (a gauge: the last
 * response read wins), and {@code lantern_gen_ai_client_retries_total} by provider. Providers are a
 * small interned set ({@code _OTHER} past {@link #MAX_PROVIDERS}); kinds are fixed. Setting a value
 * looks its child up in an array: no label list is built, nothing is allocated once a series exists.
 * Only the four counts are read from the headers: never a key, organisation or account id.
 */
public final class GenAiRateLimits {
  static final int MAX_PROVIDERS = 32;
  static final String[] KINDS = {"requests", "tokens", "input_tokens", "output_tokens"};
  private static final int REQUESTS = 0;
  private static final int TOKENS = 1;
  private static final int INPUT_TOKENS = 2;
  private static final int OUTPUT_TOKENS = 3;
  /** Per provider, a remaining and a limit gauge per kind. */
  private static final int SLOTS = KINDS.length * 2;

  /** One rate-limit header a provider sends: which kind it counts, and whether it is the limit (else the remaining count). */
  public static final class Header {
    final String name;
    final int slot;

    Header(String name, int kind, boolean limit) {
      this.name = name;
      this.slot = kind * 2 + (limit ? 1 : 0);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** OpenAI's headers (also what OpenAI-compatible servers send, when they send any). */
  static final Header[] OPENAI = {
    new Header("x-ratelimit-limit-requests", REQUESTS, true),
    new Header("x-ratelimit-remaining-requests", REQUESTS, false),
    new Header("x-ratelimit-limit-tokens", TOKENS, true),
    new Header("x-ratelimit-remaining-tokens", TOKENS, false),
  };
  /** Anthropic's. */
  static final Header[] ANTHROPIC = {
    new Header("anthropic-ratelimit-requests-limit", REQUESTS, true),
    new Header("anthropic-ratelimit-requests-remaining", REQUESTS, false),
    new Header("anthropic-ratelimit-tokens-limit", TOKENS, true),
    new Header("anthropic-ratelimit-tokens-remaining", TOKENS, false),
    new Header("anthropic-ratelimit-input-tokens-limit", INPUT_TOKENS, true),
    new Header("anthropic-ratelimit-input-tokens-remaining", INPUT_TOKENS, false),
    new Header("anthropic-ratelimit-output-tokens-limit", OUTPUT_TOKENS, true),
    new Header("anthropic-ratelimit-output-tokens-remaining", OUTPUT_TOKENS, false),
  };
  private static final Header[] NONE = {};

  /** The headers an SDK's API sends, by the SDK's own provider ({@code openai}, {@code anthropic}); none for others. */
  static Header[] headersOf(String sdkProvider) {
    if (Names.GEN_AI_PROVIDER_OPENAI.equals(sdkProvider)) {
      return OPENAI;
    }
    return Names.GEN_AI_PROVIDER_ANTHROPIC.equals(sdkProvider) ? ANTHROPIC : NONE;
  }

  /** {@code values(String)} of a Stainless SDK's {@code core.http.Headers}, per class (empty: not callable). */
  private static final ClassValue<Optional<MethodHandle>> VALUES = new ClassValue<Optional<MethodHandle>>() {
    @Override
    protected Optional<MethodHandle> computeValue(Class<?> type) {
      try {
        return Optional.of(MethodHandles.publicLookup()
            .findVirtual(type, "values", MethodType.methodType(List.class, String.class))
            .asType(MethodType.methodType(List.class, Object.class, String.class)));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return Optional.empty();
      }
    }
  };

  private final Interner providers = new Interner(MAX_PROVIDERS);
  private final Gauge remaining;
  private final Gauge limit;
  private final Counter retries;
  private final AtomicReferenceArray<Gauge.Child> gauges = new AtomicReferenceArray<>(MAX_PROVIDERS * SLOTS);
  private final AtomicReferenceArray<Counter.Child> retryCounters = new AtomicReferenceArray<>(MAX_PROVIDERS);

  public GenAiRateLimits(LanternMetrics metrics) {
    this.remaining = Gauge.build(Names.LANTERN_GEN_AI_RATE_LIMIT_REMAINING,
            "What the provider's rate limit has left, from the last AI response's rate-limit headers.")
        .labelNames(Names.GEN_AI_PROVIDER_NAME, Names.LANTERN_RATE_LIMIT_KIND)
        .register(metrics.registry());
    this.limit = Gauge.build(Names.LANTERN_GEN_AI_RATE_LIMIT_LIMIT,
            "The provider's rate limit, from the last AI response's rate-limit headers.")
        .labelNames(Names.GEN_AI_PROVIDER_NAME, Names.LANTERN_RATE_LIMIT_KIND)
        .register(metrics.registry());
    this.retries = Counter.build(Names.LANTERN_GEN_AI_CLIENT_RETRIES,
            "Attempts beyond the first that an AI SDK's retrying client made inside one call.")
        .labelNames(Names.GEN_AI_PROVIDER_NAME)
        .register(metrics.registry());
  }

  /**
   * Sets the gauges of {@code provider} from the rate-limit headers among {@code headers} (a
   * Stainless SDK's {@code Headers}); a header absent or not a whole number leaves its gauge as it was.
   */
  public void read(String provider, Object headers, Header[] names) {
    MethodHandle values = headers == null || names.length == 0 ? null : VALUES.get(headers.getClass()).orElse(null);
    if (values == null) {
      return;
    }
    int base = -1;
    for (Header header : names) {
      long value = parse(first(values, headers, header.name));
      if (value >= 0) {
        if (base < 0) {
          base = providers.index(provider == null ? Names.OTHER : provider) * SLOTS;
        }
        gauge(base, header.slot).set(value);
      }
    }
  }

  /** One attempt beyond the first, of a call to {@code provider}. */
  public void retried(String provider) {
    int index = providers.index(provider == null ? Names.OTHER : provider);
    Counter.Child child = retryCounters.get(index);
    if (child == null) {
      child = retries.labels(providers.name(index));
      retryCounters.set(index, child);
    }
    child.inc();
  }

  private Gauge.Child gauge(int base, int slot) {
    Gauge.Child child = gauges.get(base + slot);
    if (child == null) {
      String kind = KINDS[slot / 2];
      child = ((slot & 1) == 1 ? limit : remaining).labels(providers.name(base / SLOTS), kind);
      gauges.set(base + slot, child); // a racing thread got the same child from the registry
    }
    return child;
  }

  private static String first(MethodHandle values, Object headers, String name) {
    try {
      List<?> list = (List<?>) values.invokeExact(headers, name);
      Object value = list == null || list.isEmpty() ? null : list.get(0);
      return value instanceof String ? (String) value : null;
    } catch (Throwable t) {
      return null;
    }
  }

  /** A header's whole, non-negative number; -1 when absent, empty, signed, fractional or too long. */
  static long parse(String text) {
    if (text == null) {
      return -1;
    }
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    if (start == end || end - start > 18) {
      return -1;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
