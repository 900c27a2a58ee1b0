package io.lantern.agent.genai;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.util.ForwardingProxy;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * Measures a streamed AI response that a library delivers to a callback handler with {@code
 * onNext(chunk)} and {@code onComplete(Optional<Throwable>)} (the Stainless-generated SDKs'
 * {@code AsyncStreamResponse.Handler}: openai-java, anthropic-java). The library is given a proxy
 * of its own handler interface (a {@link ForwardingProxy} defined in the library's loader, so the
 * agent needs no link to it) that shows each chunk to a {@link GenAiStreams.ChunkReader}, ends the
 * call on {@code onComplete}, and passes every method call on to the application's handler with
 * the same arguments. An exception of the application's own {@code onNext} is not the call's error.
 */
public final class StreamHandlerProxy extends ForwardingProxy {
  private final GenAiCall call;
  private final GenAiStreams.ChunkReader reader;
  private final InstrumentationErrors errors;
  private final String instrumentation;
  private volatile Throwable applicationError;

  private StreamHandlerProxy(Object handler, GenAiCall call, GenAiStreams.ChunkReader reader, InstrumentationErrors errors,
      String instrumentation) {
    super(handler);
    this.call = call;
    this.reader = reader;
    this.errors = errors;
    this.instrumentation = instrumentation;
  }

  /**
   * A proxy of {@code handlerInterface} standing for {@code handler}, or {@code handler} itself when
   * it does not implement that interface.
   */
  public static Object wrap(Class<?> handlerInterface, Object handler, GenAiCall call, GenAiStreams.ChunkReader reader,
      InstrumentationErrors errors, String instrumentation) {
    return new StreamHandlerProxy(handler, call, reader, errors, instrumentation).proxy(handlerInterface);
  }

  /** Whether {@code handler} is already such a proxy. */
  public static boolean isProxy(Object handler) {
    return handler != null && Proxy.isProxyClass(handler.getClass()) && Proxy.getInvocationHandler(handler) instanceof StreamHandlerProxy;
  }

  @Override
  protected Object call(Method method, Object[] args) throws Throwable {
    String name = method.getName();
    int count = args == null ? 0 : args.length;
    if (name.equals("onNext") && count == 1) {
      GenAiStreams.chunk(call, reader, args[0], errors, instrumentation);
      try {
        return forward(method, args);
      } catch (Throwable t) {
        applicationError = t;
        throw t;
      }
    }
    if (name.equals("onComplete") && count == 1) {
      try {
        Object error = args[0] instanceof Optional ? ((Optional<?>) args[0]).orElse(null) : null;
        call.end(error instanceof Throwable && error != applicationError ? (Throwable) error : null);
      } catch (Throwable t) {
        errors.report(instrumentation, t);
      }
    }
    return forward(method, args);
  }
}
