package io.lantern.agent.genai;

import io.lantern.agent.InstrumentationErrors;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Measures a streamed AI response that a library hands out as a {@link java.util.stream.Stream}
 * of chunks (openai-java's and anthropic-java's {@code StreamResponse.stream()}) or as an {@link
 * Iterator} (google-genai's {@code ResponseStream}): what the application gets is a view of the
 * library's own, with the same elements in the same order and the same close behaviour, that shows
 * each chunk to a {@link ChunkReader} and ends the call exactly once when the chunks run out, the
 * library fails, or (streams) it is closed.
 */
public final class GenAiStreams {
  private GenAiStreams() {}

  /**
   * Reads what a chunk (or a whole response) says into the call: model, usage, finish reason, text.
   * Runs on the thread that consumes it.
   */
  public interface ChunkReader {
    void read(GenAiCall call, Object chunk) throws Throwable;
  }

  /**
   * One chunk arrived: the first fixes the time to first chunk, the reader reads it. A failing
   * reader is reported, never thrown: the chunk still reaches the application.
   */
  public static void chunk(GenAiCall call, ChunkReader reader, Object chunk, InstrumentationErrors errors,
      String instrumentation) {
    try {
      call.chunk();
      reader.read(call, chunk);
    } catch (Throwable t) {
      errors.report(instrumentation, t);
    }
  }

  /**
   * The stream to hand the application instead of {@code source}. The source's spliterator is taken
   * only when the application starts a terminal operation, as the source would be consumed.
   *
   * @param errors where a failing {@code reader} is reported (the chunk still reaches the application)
   */
  public static <T> Stream<T> observe(Stream<T> source, GenAiCall call, ChunkReader reader, InstrumentationErrors errors,
      String instrumentation) {
    return StreamSupport.stream(
            () -> new ObservingSpliterator<T>(source.spliterator(), call, reader, errors, instrumentation),
            Spliterator.ORDERED, source.isParallel())
        .onClose(source::close)
        .onClose(() -> call.end(null));
  }

  /**
   * The iterator to hand the application instead of {@code source}: the same elements; the call
   * ends when {@code hasNext()} says there are no more (or {@code next()} finds none), or with the
   * library's exception when either throws (which reaches the application unchanged). Closing the
   * resource the iterator reads is the library's {@code close()}, which the instrumentation hooks.
   */
  public static <T> Iterator<T> observe(Iterator<T> source, GenAiCall call, ChunkReader reader, InstrumentationErrors errors,
      String instrumentation) {
    return new ObservingIterator<>(source, call, reader, errors, instrumentation);
  }

  /** Lets a throwable through a method that declares none (the library's own, unchanged). */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  static final class ObservingSpliterator<T> implements Spliterator<T>, Consumer<T> {
    private final Spliterator<T> source;
    private final GenAiCall call;
    private final ChunkReader reader;
    private final InstrumentationErrors errors;
    private final String instrumentation;
    private Consumer<? super T> downstream;
    private boolean applicationThrew;

    ObservingSpliterator(Spliterator<T> source, GenAiCall call, ChunkReader reader, InstrumentationErrors errors,
        String instrumentation) {
      this.source = source;
      this.call = call;
      this.reader = reader;
      this.errors = errors;
      this.instrumentation = instrumentation;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      downstream = action;
      boolean advanced;
      try {
        advanced = source.tryAdvance(this);
      } catch (Throwable t) {
        // the library failed reading the stream; an exception of the application's own consumer
        // just stops consuming (the call ends without an error of its own)
        call.end(applicationThrew ? null : t);
        throw GenAiStreams.<RuntimeException>sneaky(t);
      }
      if (!advanced) {
        call.end(null);
      }
      return advanced;
    }

    @Override
    public void accept(T chunk) {
      chunk(call, reader, chunk, errors, instrumentation);
      try {
        downstream.accept(chunk);
      } catch (Throwable t) {
        applicationThrew = true;
        throw GenAiStreams.<RuntimeException>sneaky(t);
      }
    }

    @Override
    public Spliterator<T> trySplit() {
      return null;
    }

    @Override
    public long estimateSize() {
      return source.estimateSize();
    }

    @Override
    public int characteristics() {
      return ORDERED; // as declared to StreamSupport.stream: chunks come in order, nothing more is promised
    }
  }

  static final class ObservingIterator<T> implements Iterator<T> {
    private final Iterator<T> source;
    private final GenAiCall call;
    private final ChunkReader reader;
    private final InstrumentationErrors errors;
    private final String instrumentation;

    ObservingIterator(Iterator<T> source, GenAiCall call, ChunkReader reader, InstrumentationErrors errors, String instrumentation) {
      this.source = source;
      this.call = call;
      this.reader = reader;
      this.errors = errors;
      this.instrumentation = instrumentation;
    }

    /** The library's iterator this one reads. */
    Iterator<T> source() {
      return source;
    }

    @Override
    public boolean hasNext() {
      boolean more;
      try {
        more = source.hasNext();
      } catch (Throwable t) {
        call.end(t);
        throw GenAiStreams.<RuntimeException>sneaky(t);
      }
      if (!more) {
        call.end(null);
      }
      return more;
    }

    @Override
    public T next() {
      T chunk;
      try {
        chunk = source.next();
      } catch (NoSuchElementException e) {
        call.end(null); // read past the end: the response was complete
        throw e;
      } catch (Throwable t) {
        call.end(t);
        throw GenAiStreams.<RuntimeException>sneaky(t);
      }
      chunk(call, reader, chunk, errors, instrumentation);
      return chunk;
    }

    @Override
    public void remove() {
      source.remove();
    }
  }
}
