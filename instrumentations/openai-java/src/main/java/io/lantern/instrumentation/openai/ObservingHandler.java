package io.lantern.instrumentation.openai;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiStreams;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * The {@code AsyncStreamResponse.Handler} the SDK is given for a measured async stream: a proxy of
 * the SDK's own handler interface (defined in the SDK's loader, so the agent needs no link to it)
 * that reads each chunk, ends the call on {@code onComplete}, and passes every call on to the
 * application's handler unchanged. An exception of the application's own {@code onNext} is not the
 * call's error.
 */
final class ObservingHandler implements InvocationHandler {
  static final String HANDLER_INTERFACE = "com.openai.core.http.AsyncStreamResponse$Handler";

  private final Object handler;
  private final GenAiCall call;
  private final GenAiStreams.ChunkReader reader;
  private final InstrumentationErrors errors;
  private volatile Throwable applicationError;

  private ObservingHandler(Object handler, GenAiCall call, GenAiStreams.ChunkReader reader, InstrumentationErrors errors) {
    this.handler = handler;
    this.call = call;
    this.reader = reader;
    this.errors = errors;
  }

  /** A proxy standing for {@code handler}, or {@code handler} itself when the interface is not found. */
  static Object wrap(Object asyncStreamResponse, Object handler, GenAiCall call, GenAiStreams.ChunkReader reader,
      InstrumentationErrors errors) throws ClassNotFoundException {
    Class<?> type = Class.forName(HANDLER_INTERFACE, false, asyncStreamResponse.getClass().getClassLoader());
    if (!type.isInstance(handler)) {
      return handler;
    }
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new ObservingHandler(handler, call, reader, errors));
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
        errors.report(OpenAiTracker.INSTRUMENTATION, t);
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
        call.end(error == null || error == applicationError ? null : (Throwable) error);
      } catch (Throwable t) {
        errors.report(OpenAiTracker.INSTRUMENTATION, t);
      }
    }
    try {
      return method.invoke(handler, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
