package io.lantern.agent.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.LengthCounter;
import ch.qos.logback.core.rolling.LengthCounterBase;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.rolling.TriggeringPolicy;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.FileSize;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Writes finished lines through a private, programmatically configured logback {@link
 * LoggerContext} named {@code lantern}. No auto-configuration and no SLF4J static binding is ever
 * involved, so the application's own {@code logback.xml} is never read and its logging is never
 * touched.
 *
 * <p>FILE: {@link RollingFileAppender} + {@link FixedWindowRollingPolicy} + a size trigger; the
 * active file is {@code <file>}, rotated ones {@code <file>.1} (newest) .. {@code
 * <file>.<maxFiles-1>} (oldest). STDOUT / STDERR: {@link ConsoleAppender}. Pattern {@code
 * %msg%n} for logback itself; Lantern hands over lines already encoded as UTF-8. Writes are
 * buffered and flushed by {@link #flush()} once per batch.
 */
final class LogbackSink {
  private final LoggerContext context;
  private final OutputStreamAppender<ILoggingEvent> appender;
  private final String description;
  /** The current line as UTF-8, reused: writing a line allocates nothing. */
  private byte[] encoded = new byte[4096];

  private LogbackSink(LoggerContext context, OutputStreamAppender<ILoggingEvent> appender, String description) {
    this.context = context;
    this.appender = appender;
    this.description = description;
  }

  /** Never null for FILE / STDOUT / STDERR: a FILE that cannot be written falls back to stderr. */
  static LogbackSink open(EventLogSettings s, PrintStream diagnostics) {
    LoggerContext ctx = new LoggerContext();
    ctx.setName("lantern");
    ctx.setMDCAdapter(new LogbackMDCAdapter()); // LoggingEvent reads it; never the global MDC
    ctx.start();
    OutputStreamAppender<ILoggingEvent> appender = null;
    String description;
    if (s.target() == EventLogTarget.FILE) {
      String cause;
      try {
        Path path = Paths.get(s.file()).toAbsolutePath().normalize();
        description = path.toString();
        Path parent = path.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        EventFileAppender rfa = fileAppender(ctx, path.toString(), s);
        if (rfa.isStarted()) {
          appender = rfa;
          cause = null;
        } else {
          cause = firstError(ctx);
          rfa.stop();
        }
      } catch (Throwable t) {
        description = s.file();
        cause = t.toString();
      }
      if (appender == null) {
        diagnostics.println("[lantern] cannot write events to " + description + ": " + cause
            + "; writing to stderr instead");
        appender = consoleAppender(ctx, "System.err");
        description = "stderr (fallback from " + description + ")";
      }
    } else if (s.target() == EventLogTarget.STDOUT) {
      appender = consoleAppender(ctx, "System.out");
      description = "stdout";
    } else {
      appender = consoleAppender(ctx, "System.err");
      description = "stderr";
    }
    return new LogbackSink(ctx, appender, description);
  }

  private static PatternLayoutEncoder encoder(LoggerContext ctx) {
    PatternLayoutEncoder enc = new PatternLayoutEncoder();
    enc.setContext(ctx);
    enc.setPattern("%msg%n");
    enc.setCharset(StandardCharsets.UTF_8);
    enc.start();
    return enc;
  }

  private static EventFileAppender fileAppender(LoggerContext ctx, String file,
      EventLogSettings s) {
    EventFileAppender rfa = new EventFileAppender();
    rfa.setContext(ctx);
    rfa.setName("lantern-events-file");
    rfa.setFile(file);
    rfa.setAppend(true);
    rfa.setImmediateFlush(false);

    FixedWindowRollingPolicy rolling = new WideFixedWindowRollingPolicy();
    rolling.setContext(ctx);
    rolling.setParent(rfa);
    rolling.setFileNamePattern(file + ".%i");
    rolling.setMinIndex(1);
    rolling.setMaxIndex(s.maxFiles() - 1);
    rolling.start();

    ByteCountingSizePolicy trigger = new ByteCountingSizePolicy();
    trigger.setContext(ctx);
    trigger.setMaxFileSize(new FileSize(s.maxFileSizeBytes()));
    trigger.start();

    rfa.setRollingPolicy(rolling);
    rfa.setTriggeringPolicy(trigger);
    rfa.setEncoder(encoder(ctx));
    rfa.start();
    return rfa;
  }

  private static ConsoleAppender<ILoggingEvent> consoleAppender(LoggerContext ctx, String target) {
    ConsoleAppender<ILoggingEvent> ca = new ConsoleAppender<>();
    ca.setContext(ctx);
    ca.setName("lantern-events-console");
    ca.setTarget(target);
    ca.setImmediateFlush(false);
    ca.setEncoder(encoder(ctx));
    ca.start();
    return ca;
  }

  private static String firstError(LoggerContext ctx) {
    List<Status> statuses = ctx.getStatusManager().getCopyOfStatusList();
    for (Status st : statuses) {
      if (st.getEffectiveLevel() >= Status.ERROR) {
        Throwable t = st.getThrowable();
        return t == null ? st.getMessage() : st.getMessage() + " (" + t + ")";
      }
    }
    return "appender did not start";
  }

  /** Where lines go, for diagnostics. */
  String description() {
    return description;
  }

  /**
   * Writes one line (a newline is added). The line goes to the appender as bytes encoded into a
   * reused buffer: no logging event, layout or string is made per line.
   */
  void write(CharSequence line) throws IOException {
    int length = encode(line);
    if (appender instanceof EventFileAppender) {
      ((EventFileAppender) appender).writeLine(encoded, length);
    } else {
      appender.getOutputStream().write(encoded, 0, length);
    }
  }

  /** UTF-8 of {@code line} plus a newline into {@link #encoded}; a lone surrogate becomes U+FFFD. */
  private int encode(CharSequence line) {
    int n = line.length();
    if (encoded.length < n * 3 + 1) {
      encoded = new byte[Math.max(n * 3 + 1, encoded.length * 2)];
    }
    byte[] out = encoded;
    int p = 0;
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      if (c < 0x80) {
        out[p++] = (byte) c;
      } else if (c < 0x800) {
        out[p++] = (byte) (0xC0 | c >> 6);
        out[p++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(line.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, line.charAt(++i));
        out[p++] = (byte) (0xF0 | cp >> 18);
        out[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
        out[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
        out[p++] = (byte) (0x80 | cp & 0x3F);
      } else {
        char bmp = Character.isSurrogate(c) ? '\uFFFD' : c;
        out[p++] = (byte) (0xE0 | bmp >> 12);
        out[p++] = (byte) (0x80 | bmp >> 6 & 0x3F);
        out[p++] = (byte) (0x80 | bmp & 0x3F);
      }
    }
    out[p++] = '\n';
    return p;
  }

  void flush() {
    try {
      OutputStream os = appender.getOutputStream();
      if (os != null) {
        os.flush();
      }
    } catch (Throwable ignored) {
      // logback reports write problems through its own status manager
    }
  }

  void close() {
    try {
      flush();
      context.stop();
    } catch (Throwable ignored) {
      // shutting down
    }
  }

  /**
   * Logback's {@link SizeBasedTriggeringPolicy} looks at the file length at most once a minute
   * (its invocation gate) and sees only flushed bytes; this one counts the bytes handed to the
   * appender (buffered or not, plus the length of an existing file at start) and checks on every
   * line, so files stay close to {@code maxFileSize}.
   */
  static final class ByteCountingSizePolicy extends SizeBasedTriggeringPolicy<ILoggingEvent> {
    private final LengthCounter counter = new LengthCounterBase();

    @Override
    public LengthCounter getLengthCounter() {
      return counter;
    }

    @Override
    public boolean isTriggeringEvent(File activeFile, ILoggingEvent event) {
      if (counter.getLength() >= getMaxFileSize().getSize()) {
        counter.reset();
        return true;
      }
      return false;
    }
  }

  /**
   * The rolling file appender, fed encoded lines directly: the size trigger is consulted before
   * each line and the bytes counted after, as logback does for its own events.
   */
  static final class EventFileAppender extends RollingFileAppender<ILoggingEvent> {
    void writeLine(byte[] bytes, int length) throws IOException {
      TriggeringPolicy<ILoggingEvent> trigger = getTriggeringPolicy();
      if (trigger.isTriggeringEvent(null, null)) { // ByteCountingSizePolicy needs neither
        rollover();
      }
      streamWriteLock.lock();
      try {
        getOutputStream().write(bytes, 0, length);
      } finally {
        streamWriteLock.unlock();
      }
      ((ByteCountingSizePolicy) trigger).getLengthCounter().add(length);
    }
  }

  /** Allows more than logback's default 20 rotated files. */
  static final class WideFixedWindowRollingPolicy extends FixedWindowRollingPolicy {
    @Override
    protected int getMaxWindowSize() {
      return EventLogSettings.MAX_MAX_FILES;
    }
  }
}
