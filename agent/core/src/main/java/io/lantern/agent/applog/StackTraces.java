package io.lantern.agent.applog;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * A throwable's stack trace as the JDK prints it (causes and suppressed exceptions included, cycles
 * cut), capped: past {@code max} characters the text is cut and ends with {@link #TRUNCATED}, the
 * whole at most {@code max} characters. Printing stops once the cap is reached.
 */
public final class StackTraces {
  /** Ends a stack trace that was cut. */
  public static final String TRUNCATED = "\n\t... [truncated by Lantern]";

  private StackTraces() {}

  public static String format(Throwable t, int max) {
    Capped out = new Capped(max + 1);
    try {
      t.printStackTrace(new PrintWriter(out, false));
    } catch (Capped.Full full) {
      // enough
    } catch (Throwable other) {
      if (out.text.length() == 0) {
        return t.getClass().getName();
      }
    }
    StringBuilder text = out.text;
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    if (end <= max && !out.full) {
      return text.substring(0, end);
    }
    int keep = Math.max(0, max - TRUNCATED.length());
    text.setLength(keep);
    return text.append(TRUNCATED).toString();
  }

  /** Keeps at most {@code limit} characters, then stops the printing by throwing. */
  private static final class Capped extends Writer {
    static final class Full extends RuntimeException {
      private static final long serialVersionUID = 1L;

      Full() {
        super(null, null, false, false);
      }
    }

    final StringBuilder text = new StringBuilder(512);
    final int limit;
    boolean full;

    Capped(int limit) {
      this.limit = limit;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      int room = limit - text.length();
      if (len > room) {
        text.append(buf, off, Math.max(0, room));
        full = true;
        throw new Full();
      }
      text.append(buf, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
      int room = limit - text.length();
      if (len > room) {
        text.append(s, off, off + Math.max(0, room));
        full = true;
        throw new Full();
      }
      text.append(s, off, off + len);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
