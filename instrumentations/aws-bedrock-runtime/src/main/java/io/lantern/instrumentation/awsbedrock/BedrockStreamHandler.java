package io.lantern.instrumentation.awsbedrock;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiStreams;
import io.lantern.agent.util.ForwardingProxy;
import java.lang.reflect.Method;
import java.util.function.Function;

/**
 * Stands for the application's {@code ConverseStreamResponseHandler} / {@code
 * InvokeModelWithResponseStreamResponseHandler} (a proxy of that interface, defined in the SDK's
 * loader): every callback reaches the application's handler with the same arguments, except that
 * the event publisher {@code onEventStream} hands over is the SDK's own {@code
 * publisher.map(observe).doAfterOnCancel(end)}, an {@code SdkPublisher} of the same events in the
 * same order, with the same demand and cancellation, that reads each event as it passes (the first
 * is the first chunk). The call ends, once, at {@code complete()}, when the application cancels
 * its subscription, or when the method's future completes (a failure: what the application gets).
 * {@code exceptionOccurred} is not an end: the SDK may call it for an attempt it then retries.
 */
final class BedrockStreamHandler extends ForwardingProxy {
  static final String SDK_PUBLISHER = "software.amazon.awssdk.core.async.SdkPublisher";

  /** The handler interface a handler class implements (either stream's), or null. */
  private static final ClassValue<Class<?>> HANDLER_INTERFACE = new ClassValue<Class<?>>() {
    @Override
    protected Class<?> computeValue(Class<?> type) {
      Class<?> converse = implemented(type, BedrockRuntimeTracker.CONVERSE_STREAM_HANDLER);
      return converse != null ? converse : implemented(type, BedrockRuntimeTracker.INVOKE_STREAM_HANDLER);
    }
  };

  /** {@code SdkPublisher.map(Function)} and {@code doAfterOnCancel(Runnable)} of a publisher class, or null. */
  private static final ClassValue<Method[]> PUBLISHER_METHODS = new ClassValue<Method[]>() {
    @Override
    protected Method[] computeValue(Class<?> type) {
      Class<?> publisher = implemented(type, SDK_PUBLISHER);
      if (publisher == null) {
        return null;
      }
      try {
        return new Method[] {publisher.getMethod("map", Function.class), publisher.getMethod("doAfterOnCancel", Runnable.class)};
      } catch (NoSuchMethodException e) {
        return null;
      }
    }
  };

  private final GenAiCall call;
  private final GenAiStreams.ChunkReader reader;
  private final InstrumentationErrors errors;

  private BedrockStreamHandler(Object handler, GenAiCall call, GenAiStreams.ChunkReader reader, InstrumentationErrors errors) {
    super(handler);
    this.call = call;
    this.reader = reader;
    this.errors = errors;
  }

  /** The handler to give the SDK for the application's {@code handler}: a proxy, or the handler itself when it is none of the two types. */
  static Object wrap(Object handler, GenAiCall call, GenAiStreams.ChunkReader reader, InstrumentationErrors errors) {
    try {
      if (handler == null) {
        return null;
      }
      Class<?> type = HANDLER_INTERFACE.get(handler.getClass());
      return type == null ? handler : new BedrockStreamHandler(handler, call, reader, errors).proxy(type);
    } catch (Throwable t) {
      errors.report(BedrockRuntimeTracker.INSTRUMENTATION, t);
      return handler;
    }
  }

  @Override
  protected Object call(Method method, Object[] args) throws Throwable {
    int count = args == null ? 0 : args.length;
    String name = method.getName();
    if (count == 1 && name.equals("onEventStream")) {
      return forward(method, new Object[] {observed(args[0])});
    }
    if (count == 0 && name.equals("complete")) {
      end();
    }
    return forward(method, args);
  }

  /** The publisher to hand the application: the SDK's own one mapped through the reader, or itself when that cannot be done. */
  private Object observed(Object publisher) {
    try {
      Method[] methods = publisher == null ? null : PUBLISHER_METHODS.get(publisher.getClass());
      if (methods == null) {
        return publisher;
      }
      Function<Object, Object> observe = event -> {
        GenAiStreams.chunk(call, reader, event, errors, BedrockRuntimeTracker.INSTRUMENTATION);
        return event;
      };
      Object mapped = methods[0].invoke(publisher, observe);
      Runnable cancelled = this::end;
      return methods[1].invoke(mapped, cancelled);
    } catch (Throwable t) {
      errors.report(BedrockRuntimeTracker.INSTRUMENTATION, t);
      return publisher;
    }
  }

  private void end() {
    try {
      call.end(null);
    } catch (Throwable t) {
      errors.report(BedrockRuntimeTracker.INSTRUMENTATION, t);
    }
  }
}
