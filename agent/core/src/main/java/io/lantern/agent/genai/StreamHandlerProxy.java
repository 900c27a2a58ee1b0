package io.lantern.agent.genai;

import io.lantern.agent.InstrumentationErrors;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * Measures a streamed AI response that a library delivers to a callback handler with {@code
 * onNext(chunk)} and {@code onComplete(Optional<Throwable>)} (the Stainless-generated SDKs'
 * {@code AsyncStreamResponse.Handler}: openai-java, anthropic-java). The library is given a proxy
 * of its own handler interface (a {@link Proxy} defined in the library's loader, so the agent needs
 * no link to it) that shows each chunk to a {@link GenAiStreams.ChunkReader}, ends the call on
 * {@code onComplete}, and passes every method call on to the application's handler with the same
 * arguments. An exception of the application's own {@code onNext} is not the call's error.
 */
public final class StreamHandlerProxy implements InvocationHandler {
  private final Object handler;
  private final GenAiCall call;
  private final GenAiStreams.ChunkReader reader;
  private final InstrumentationErrors errors;
  private final String instrumentation;
  private volatile Throwable applicationError;

  private StreamHandlerProxy(Object handler, GenAiCall call, GenAiStreams.ChunkReader reader, InstrumentationErrors errors,
      String instrumentation) {
    this.handler = handler;
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
    if (!handlerInterface.isInterface() || !handlerInterface.isInstance(handler)) {
      return handler;
    }
    return Proxy.newProxyInstance(handlerInterface.getClassLoader(), new Class<?>[] {handlerInterface},
        new StreamHandlerProxy(handler, call, reader, errors, instrumentation));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    int count = args == null ? 0 : args.length;
    if (method.getDeclaringClass() == Object.class) {
      switch (name) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return "Lantern-observed " + handler;
      }
    }
    if (name.equals("onNext") && count == 1) {
      try {
        call.chunk();
        reader.read(call, args[0]);
      } catch (Throwable t) {
        errors.report(instrumentation, t);
      }
      try {
        return method.invoke(handler, args);
      } catch (InvocationTargetException e) {
        applicationError = e.getCause();
        throw e.getCause();
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
    try {
      return method.invoke(handler, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
