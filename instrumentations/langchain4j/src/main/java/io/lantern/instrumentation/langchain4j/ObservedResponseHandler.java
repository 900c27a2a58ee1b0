package io.lantern.instrumentation.langchain4j;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.util.ForwardingProxy;
import java.lang.reflect.Method;

/**
 * What a streaming model is given in place of the application's {@code StreamingChatResponseHandler}
 * (a proxy of that interface, see {@link ForwardingProxy}): every callback reaches the application's
 * handler unchanged, after the call has been told. The first {@code onPartialResponse}, {@code
 * onPartialThinking} or {@code onPartialToolCall} is the first chunk; {@code onCompleteResponse}
 * (read) or {@code onError} ends the call, once. An exception the application's own callback threw,
 * which LangChain4j hands back to {@code onError} while the stream goes on, is not the call's error.
 * The {@code StreamingHandle} the callbacks carry is remembered so that cancelling it ends the call
 * (LangChain4j then calls neither end callback).
 */
final class ObservedResponseHandler extends ForwardingProxy {
  private final GenAiCall call;
  private final LangChain4jTracker tracker;
  private final InstrumentationErrors errors;
  private volatile Object streamingHandle;
  private volatile Throwable applicationError;

  ObservedResponseHandler(Object applicationHandler, GenAiCall call, LangChain4jTracker tracker, InstrumentationErrors errors) {
    super(applicationHandler);
    this.call = call;
    this.tracker = tracker;
    this.errors = errors;
  }

  @Override
  protected Object call(Method method, Object[] args) throws Throwable {
    String name = method.getName();
    int count = args == null ? 0 : args.length;
    if (count == 1 && name.equals("onCompleteResponse")) {
      completed(args[0]);
    } else if (count == 1 && name.equals("onError")) {
      failed(args[0]);
    } else if (count >= 1 && name.startsWith("onPartial")) {
      return partial(method, args, count == 2 ? args[1] : null);
    }
    return forward(method, args);
  }

  private Object partial(Method method, Object[] args, Object context) throws Throwable {
    try {
      call.chunk();
      if (context != null && streamingHandle == null) {
        Object handle = LangChain4jModels.streamingHandle(context);
        if (handle != null) {
          streamingHandle = handle;
          tracker.remember(handle, call);
        }
      }
    } catch (Throwable t) {
      errors.report(LangChain4jTracker.INSTRUMENTATION, t);
    }
    try {
      return forward(method, args);
    } catch (Throwable t) {
      applicationError = t;
      throw t;
    } finally {
      // cancelled from inside the callback, where LangChain4j hands the handle out
      if (streamingHandle != null && LangChain4jModels.isCancelled(streamingHandle)) {
        call.end(null);
      }
    }
  }

  private void completed(Object response) {
    try {
      if (response != null && !call.isEnded()) {
        LangChain4jModels.readResponse(call, response);
      }
    } catch (Throwable t) {
      errors.report(LangChain4jTracker.INSTRUMENTATION, t);
    }
    call.end(null);
  }

  private void failed(Object error) {
    if (error != null && error == applicationError) {
      return;
    }
    call.end(error instanceof Throwable ? (Throwable) error : null);
  }
}
