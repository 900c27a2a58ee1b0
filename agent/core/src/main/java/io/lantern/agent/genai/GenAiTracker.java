package io.lantern.agent.genai;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.util.WeakIdentityMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The base of every AI-client instrumentation's hook handler: what is done once the SDK method it
 * hooked has returned, whatever the SDK. It reads a blocking response and ends the call; ends an
 * async call when its future completes; or keeps a <em>stream-response object</em> (openai-java's
 * and anthropic-java's {@code StreamResponse}, google-genai's {@code ResponseStream}) until the
 * chunks it hands out run out, fail, or it is closed. The Stainless SDKs' async stream responses,
 * which deliver chunks to a handler, are {@link StainlessTracker}'s.
 *
 * <p>A module's tracker extends this class and implements {@link io.lantern.bootstrap.Hooks.Handler}:
 * its {@code enter} for the SDK method starts the call with {@link GenAiRecorder#start} and returns
 * {@link #pending}{@code (call, style, reader)} as the advice's state; its {@code exit} hands that
 * state to the inherited {@link #exit}, and a stream, an iterator or a close to {@link #stream},
 * {@link #iterator} and {@link #closed}.
 *
 * <p>Only the object the SDK method returned is measured, by identity: the SDK's own inner stream
 * responses (which the same advice also sees) are handed through untouched. Stream-response objects
 * are held weakly, so one the application abandons is not kept alive.
 */
public class GenAiTracker {
  /** What the hooked SDK method returns. */
  public enum Style {
    /** The response itself. */
    BLOCKING,
    /** A {@link CompletableFuture} of the response. */
    ASYNC,
    /** A stream-response object. */
    STREAMING,
    /** A {@link CompletableFuture} of a stream-response object. */
    ASYNC_STREAMING
  }

  /** A stream-response object being measured: its call, and how to read its chunks. */
  static final class Measured {
    final GenAiCall call;
    final GenAiStreams.ChunkReader reader;
    /** The observing iterator handed out last (an SDK that returns the same iterator each time gets ours each time). */
    volatile GenAiStreams.ObservingIterator<?> iterator;

    Measured(GenAiCall call, GenAiStreams.ChunkReader reader) {
      this.call = call;
      this.reader = reader;
    }
  }

  /** A call between its SDK method's entry and exit hooks: the advice's state. */
  public static final class Pending {
    final GenAiCall call;
    final Style style;
    final GenAiStreams.ChunkReader reader;

    Pending(GenAiCall call, Style style, GenAiStreams.ChunkReader reader) {
      this.call = call;
      this.style = style;
      this.reader = reader;
    }

    public GenAiCall call() {
      return call;
    }
  }

  /** Where the instrumentation's own failures go. */
  protected final InstrumentationErrors errors;
  /** The module name failures are reported under. */
  protected final String instrumentation;
  private final WeakIdentityMap<Object, Measured> streams = new WeakIdentityMap<>();
  /** Futures of stream-response objects, until they complete (or the object is used first). */
  private final ConcurrentHashMap<CompletableFuture<?>, Measured> futureStreams = new ConcurrentHashMap<>();

  /** @param instrumentation the module name failures are reported under */
  public GenAiTracker(InstrumentationErrors errors, String instrumentation) {
    this.errors = errors;
    this.instrumentation = instrumentation;
  }

  /**
   * The state an entry hook hands its exit hook for a call it started.
   *
   * @param reader reads the response ({@link Style#BLOCKING}, {@link Style#ASYNC}) or each chunk
   *     (the streaming styles)
   */
  public Pending pending(GenAiCall call, Style style, GenAiStreams.ChunkReader reader) {
    return new Pending(call, style, reader);
  }

  /** The exit hook: for a {@link Pending} state, {@link #returned}; any other state (none) is ignored. */
  public void exit(Object state, Object returned, Throwable thrown) {
    if (state instanceof Pending) {
      Pending pending = (Pending) state;
      returned(pending.call, pending.style, returned, thrown, pending.reader);
    }
  }

  /**
   * The SDK method returned {@code returned} or threw {@code thrown}. A failure ends the call with
   * it; a blocking response is read and ends the call; an async call ends when its future
   * completes (on the completing thread); a stream-response object is measured until its chunks run
   * out or it is closed. Detaches the call from this thread in every case (call it on the thread
   * that started the call). Never throws.
   *
   * @param reader reads the response ({@link Style#BLOCKING}, {@link Style#ASYNC}) or each chunk
   *     (the streaming styles)
   */
  public void returned(GenAiCall call, Style style, Object returned, Throwable thrown, GenAiStreams.ChunkReader reader) {
    try {
      if (thrown != null || returned == null) {
        call.end(thrown);
      } else if (style == Style.BLOCKING) {
        read(call, reader, returned);
        call.end(null);
      } else if (style == Style.STREAMING) {
        streams.put(returned, new Measured(call, reader));
        measuring(call, returned);
      } else if (!(returned instanceof CompletableFuture)) {
        call.end(null);
      } else if (style == Style.ASYNC) {
        ((CompletableFuture<?>) returned).whenComplete((result, failure) -> completed(call, reader, result, failure));
      } else {
        CompletableFuture<?> future = (CompletableFuture<?>) returned;
        Measured measured = new Measured(call, reader);
        futureStreams.put(future, measured);
        future.whenComplete((result, failure) -> streamArrived(future, measured, result, failure));
      }
    } catch (Throwable t) {
      errors.report(instrumentation, t);
      call.end(thrown);
    } finally {
      call.detach();
    }
  }

  /** A stream-response object {@code call} is measured by has just been returned (for a subclass to watch it too). */
  protected void measuring(GenAiCall call, Object streamResponse) {}

  private void completed(GenAiCall call, GenAiStreams.ChunkReader reader, Object result, Throwable failure) {
    try {
      if (failure == null && result != null) {
        read(call, reader, result);
      }
      call.end(failure);
    } catch (Throwable t) {
      errors.report(instrumentation, t);
    }
  }

  private void streamArrived(CompletableFuture<?> future, Measured measured, Object result, Throwable failure) {
    try {
      if (futureStreams.remove(future) == null) {
        return; // the application used the stream first: claimed
      }
      if (failure != null || result == null) {
        measured.call.end(failure);
      } else {
        streams.put(result, measured);
      }
    } catch (Throwable t) {
      errors.report(instrumentation, t);
    }
  }

  private void read(GenAiCall call, GenAiStreams.ChunkReader reader, Object response) {
    try {
      reader.read(call, response);
    } catch (Throwable t) {
      errors.report(instrumentation, t);
    }
  }

  /** The measurement of a stream-response object, or null when it is not one Lantern measures. */
  Measured measured(Object streamResponse) {
    if (streamResponse == null) {
      return null;
    }
    Measured measured = streams.get(streamResponse);
    return measured != null || futureStreams.isEmpty() ? measured : claim(streamResponse);
  }

  /**
   * A future's dependents run newest first, so the application's own may use the stream before the
   * completion registered by {@link #returned} has moved it to {@link #streams}: find it among the
   * completed futures (few are in flight).
   */
  private Measured claim(Object streamResponse) {
    for (Map.Entry<CompletableFuture<?>, Measured> entry : futureStreams.entrySet()) {
      CompletableFuture<?> future = entry.getKey();
      if (future.isDone() && !future.isCompletedExceptionally() && future.getNow(null) == streamResponse
          && futureStreams.remove(future, entry.getValue())) {
        streams.put(streamResponse, entry.getValue());
        return entry.getValue();
      }
    }
    return null;
  }

  /**
   * {@code streamResponse.stream()} returned {@code stream}: for a measured stream response, the
   * stream to hand out instead ({@link GenAiStreams#observe(Stream, GenAiCall,
   * GenAiStreams.ChunkReader, InstrumentationErrors, String)}); else {@code stream} itself.
   */
  @SuppressWarnings("unchecked")
  public Object stream(Object streamResponse, Object stream) {
    try {
      Measured measured = stream instanceof Stream ? measured(streamResponse) : null;
      return measured == null ? stream
          : GenAiStreams.observe((Stream<Object>) stream, measured.call, measured.reader, errors, instrumentation);
    } catch (Throwable t) {
      errors.report(instrumentation, t);
      return stream;
    }
  }

  /**
   * {@code streamResponse.iterator()} returned {@code iterator}: for a measured stream response, an
   * observing iterator over it (the same one again when the SDK returns the same iterator again);
   * else {@code iterator} itself.
   */
  @SuppressWarnings("unchecked")
  public Object iterator(Object streamResponse, Object iterator) {
    try {
      Measured measured = iterator instanceof Iterator ? measured(streamResponse) : null;
      if (measured == null) {
        return iterator;
      }
      GenAiStreams.ObservingIterator<?> current = measured.iterator;
      if (current != null && current.source() == iterator) {
        return current;
      }
      GenAiStreams.ObservingIterator<Object> observing =
          new GenAiStreams.ObservingIterator<>((Iterator<Object>) iterator, measured.call, measured.reader, errors, instrumentation);
      measured.iterator = observing;
      return observing;
    } catch (Throwable t) {
      errors.report(instrumentation, t);
      return iterator;
    }
  }

  /** {@code streamResponse.close()} ran: a measured one's call ends (once; a later end is ignored). */
  public void closed(Object streamResponse) {
    try {
      Measured measured = measured(streamResponse);
      if (measured != null) {
        streams.remove(streamResponse);
        measured.call.end(null);
      }
    } catch (Throwable t) {
      errors.report(instrumentation, t);
    }
  }

  /** Stream-response objects still measured (tests). */
  int tracked() {
    return streams.size() + futureStreams.size();
  }
}
