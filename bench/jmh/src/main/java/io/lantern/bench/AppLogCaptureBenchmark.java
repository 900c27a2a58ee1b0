package io.lantern.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One logback {@code logger.info("order {} is slow", 7)} into an appender that formats the message
 * and writes nothing, run by {@code bench/jmh/run} in forks without the agent, with the agent and
 * capture off (the default: the capture hook is not woven), and with {@code lantern.logs.capture=true}
 * (the record read and queued on the calling thread; formatted and written by the event writer).
 * The difference per call is the cost of one captured line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AppLogCaptureBenchmark {
  private Logger logger;

  @Setup
  public void setUp() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter()); // what SLF4J's initialization sets in an application
    context.start();
    AppenderBase<ILoggingEvent> formatOnly = new AppenderBase<ILoggingEvent>() {
      @Override
      protected void append(ILoggingEvent event) {
        event.getFormattedMessage();
      }
    };
    formatOnly.setContext(context);
    formatOnly.start();
    logger = context.getLogger("io.lantern.bench.Orders");
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(formatOnly);
  }

  @Benchmark
  public void info() {
    logger.info("order {} is slow", 7);
  }
}
