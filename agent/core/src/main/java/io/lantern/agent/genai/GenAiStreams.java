package io.lantern.agent.genai;

import io.lantern.agent.InstrumentationErrors;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Measures a streamed AI response that a library hands out as a {@link java.util.stream.Stream}
 * of chunks (openai-java's and anthropic-java's {@code StreamResponse.stream()}): the stream the
 * application gets is a pipeline stage over the library's own, with the same elements in the same
 * order and the same close behaviour, that shows each chunk to a {@link ChunkReader} and ends the
 * call exactly once when the stream is exhausted, fails, or is closed.
 */
public final class GenAiStreams {
  private GenAiStreams() {}

  /**
   * Reads what a chunk says (model, usage, finish reason, text) into the call; runs on the consuming
   * thread. Also reads a whole response ({@link GenAiCall#returned}).
   */
  public interface ChunkReader {
    void read(GenAiCall call, Object chunk) throws Throwable;
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
      try {
        call.chunk();
        reader.read(call, chunk);
      } catch (Throwable t) {
        errors.report(instrumentation, t);
      }
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
}
