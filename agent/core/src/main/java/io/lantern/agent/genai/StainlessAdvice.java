package io.lantern.agent.genai;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice of every Stainless SDK's module, inlined into the SDK's classes ({@link
 * StainlessInstrumentation#rules}); it hands off only, to the module's {@link StainlessTracker}
 * through {@link Hooks}. The site constants are inlined by javac.
 */
public final class StainlessAdvice {
  private StainlessAdvice() {}

  /**
   * Inlined into {@code create(params, requestOptions)} / {@code createStreaming(...)} of the
   * services; the origin string is a constant in the inlined code.
   */
  public static final class Service {
    private Service() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Hooks.Module int module, @Advice.This Object service,
        @Advice.Argument(0) Object params, @Advice.Origin("#t.#m") String origin) {
      return Hooks.enter(module, StainlessTracker.SERVICE, service, params, origin);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Hooks.Module int module, @Advice.Enter Object state,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned, @Advice.Thrown Throwable thrown) {
      Hooks.exit(module, StainlessTracker.SERVICE, state, null, returned, thrown);
    }
  }

  /**
   * Inlined into {@code stream()} of the SDK's {@code StreamResponse} implementations: for a response
   * Lantern is measuring, the caller gets a stream over the same chunks that also reads them (see
   * {@link GenAiStreams}); any other response's stream is returned as it is.
   */
  public static final class Stream {
    private Stream() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Hooks.Module int module, @Advice.This Object self,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object stream) {
      stream = Hooks.exit(module, StainlessTracker.STREAM, null, self, stream, null);
    }
  }

  /** Inlined into {@code close()} of the SDK's stream responses, blocking and async. */
  public static final class Close {
    private Close() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Hooks.Module int module, @Advice.This Object self) {
      Hooks.exit(module, StainlessTracker.CLOSE, null, self, null, null);
    }
  }

  /**
   * Inlined into {@code subscribe(handler[, executor])} of the SDK's {@code AsyncStreamResponse}
   * implementations: for a response Lantern is measuring, the SDK is given a handler that reads each
   * chunk and then calls the application's handler with the same arguments; otherwise the
   * application's handler as it is.
   */
  public static final class Subscribe {
    private Subscribe() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Hooks.Module int module, @Advice.This Object self,
        @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler) {
      handler = Hooks.exit(module, StainlessTracker.SUBSCRIBE, null, self, handler, null);
    }
  }

  /**
   * Inlined into {@code execute(request, options)} / {@code executeAsync(...)} of the SDK's {@code
   * RetryingHttpClient}: the final response (or the future of it) of one call's exchange, retries
   * done, for its rate-limit headers.
   */
  public static final class Exchange {
    private Exchange() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Hooks.Module int module, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned) {
      Hooks.exit(module, StainlessTracker.EXCHANGE, null, null, returned, null);
    }
  }

  /**
   * Inlined into the SDK's private {@code RetryingHttpClient.getRetryBackoffDuration(retry,
   * response)}, which runs once before each retry (blocking and async); the response (null after an
   * I/O failure) is the one being retried.
   */
  public static final class Retry {
    private Retry() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Hooks.Module int module, @Advice.Argument(0) int retry, @Advice.Argument(1) Object response) {
      Hooks.enter(module, StainlessTracker.RETRY, null, response, Integer.valueOf(retry));
    }
  }
}
