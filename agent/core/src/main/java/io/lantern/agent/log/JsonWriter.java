package io.lantern.agent.log;

import io.lantern.agent.Names;
import io.lantern.agent.trace.LanternSpan;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;

/**
 * Writes the fields of one JSON object line into a reusable {@link StringBuilder}. Owned by the
 * event-writer thread: an {@link Event} only sees it inside {@link Event#writeFields(JsonWriter)}
 * and must not keep it.
 *
 * <p>Strings are escaped per RFC 8259: quote, backslash and every control character below U+0020
 * (as {@code \n}, {@code \t}, ... or a six-character u00XX escape); everything else, non-ASCII included, is
 * written as is (the line is later encoded as UTF-8). An unpaired surrogate becomes U+FFFD.
 *
 * <p>The writer remembers, cheaply, which of the current event's required fields (see {@link
 * EventSchema}) were written, so that a missing one can be reported in {@code _schema_error}.
 */
public class JsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int MAX_TRACKED = 31;

  private final StringBuilder sb;
  private final char[] tsBuf = new char[27];
  private boolean needComma;

  /** Required fields of the current event, or null: no tracking. */
  private String[] required;
  private int presentMask;

  JsonWriter() {
    this(new StringBuilder(512));
  }

  JsonWriter(StringBuilder sb) {
    this.sb = sb;
  }

  // ---------------------------------------------------------------- public field API

  /** A string field; a null value omits the field. */
  public JsonWriter field(String name, String value) {
    if (name == null || value == null) {
      return this;
    }
    key(name);
    appendString(value);
    return this;
  }

  public JsonWriter field(String name, long value) {
    if (name == null) {
      return this;
    }
    key(name);
    sb.append(value);
    return this;
  }

  /**
   * A number field. Finite values are written as plain decimals (no exponent): rounded to at most
   * 6 fraction digits when |value| >= 0.001, exact (shortest round-trip form) below that; NaN and
   * infinities omit the field.
   */
  public JsonWriter field(String name, double value) {
    if (name == null || Double.isNaN(value) || Double.isInfinite(value)) {
      return this;
    }
    key(name);
    appendDouble(sb, value);
    return this;
  }

  public JsonWriter field(String name, boolean value) {
    if (name == null) {
      return this;
    }
    key(name);
    sb.append(value ? "true" : "false");
    return this;
  }

  /** A JSON array of strings; a null list omits the field, a null element is written as {@code null}. */
  public JsonWriter field(String name, List<String> values) {
    if (name == null || values == null) {
      return this;
    }
    key(name);
    appendStringArray((List<?>) values);
    return this;
  }

  /** Opens a nested object field; fields written until {@link #endObject()} go inside it. */
  public JsonWriter beginObject(String name) {
    key(name);
    sb.append('{');
    needComma = false;
    return this;
  }

  /** Closes what {@link #beginObject} opened. */
  public JsonWriter endObject() {
    sb.append('}');
    needComma = true;
    return this;
  }

  /**
   * An explicit JSON {@code null}: the value is known to be absent (e.g. a provider that reported
   * no token usage). The field counts as present for the schema check.
   */
  public JsonWriter nullField(String name) {
    if (name == null) {
      return this;
    }
    key(name);
    sb.append("null");
    return this;
  }

  // ---------------------------------------------------------------- line control (writer thread)

  StringBuilder buffer() {
    return sb;
  }

  /** Starts a new line: clears the buffer and opens the object. */
  void beginLine() {
    sb.setLength(0);
    sb.append('{');
    needComma = false;
    required = null;
    presentMask = 0;
  }

  /** Closes the object (no newline: the appender pattern adds it). */
  void endLine() {
    sb.append('}');
  }

  /** Current length, to roll back to with {@link #truncate(int, boolean)}. */
  int mark() {
    return sb.length();
  }

  boolean needComma() {
    return needComma;
  }

  void truncate(int mark, boolean needCommaAtMark) {
    sb.setLength(mark);
    needComma = needCommaAtMark;
    presentMask = 0;
  }

  /** From now on, remember which of these names are written (at most 31 are tracked). */
  void track(String[] requiredFields) {
    this.required = requiredFields;
    this.presentMask = 0;
  }

  void stopTracking() {
    this.required = null;
  }

  /**
   * Appends the names of the tracked fields that were not written, comma-separated, to {@code
   * out}; returns whether any was missing.
   */
  boolean appendMissing(StringBuilder out) {
    String[] req = required;
    if (req == null) {
      return false;
    }
    boolean any = false;
    int n = Math.min(req.length, MAX_TRACKED);
    for (int i = 0; i < n; i++) {
      if ((presentMask & (1 << i)) == 0) {
        if (any) {
          out.append(',');
        }
        out.append(req[i]);
        any = true;
      }
    }
    return any;
  }

  /** {@code "name":} plus the comma when needed, and required-field bookkeeping. */
  private void key(String name) {
    if (needComma) {
      sb.append(',');
    }
    needComma = true;
    appendString(name);
    sb.append(':');
    String[] req = required;
    if (req != null) {
      int n = Math.min(req.length, MAX_TRACKED);
      for (int i = 0; i < n; i++) {
        String r = req[i];
        if (r == name || r.equals(name)) {
          presentMask |= 1 << i;
          return;
        }
      }
    }
  }

  /** A string field that is never tracked (common fields). */
  void commonField(String name, String value) {
    if (needComma) {
      sb.append(',');
    }
    needComma = true;
    appendString(name);
    sb.append(':');
    appendString(value);
  }

  /** {@code trace_id}, {@code span_id} and {@code trace_flags} of a span, hex written straight into the line. */
  void commonTrace(LanternSpan span) {
    commonHexKey(Names.TRACE_ID);
    span.appendTraceIdHex(sb);
    sb.append('"');
    commonHexKey(Names.SPAN_ID);
    span.appendSpanIdHex(sb);
    sb.append('"');
    commonHexKey(Names.TRACE_FLAGS);
    span.appendTraceFlagsHex(sb);
    sb.append('"');
  }

  private void commonHexKey(String name) {
    if (needComma) {
      sb.append(',');
    }
    needComma = true;
    appendString(name);
    sb.append(':').append('"');
  }

  /** {@code "timestamp":"2026-11-21T22:30:00.123456Z"}. */
  void commonTimestamp(String name, long epochMicros) {
    if (needComma) {
      sb.append(',');
    }
    needComma = true;
    appendString(name);
    sb.append(':').append('"');
    appendTimestamp(sb, tsBuf, epochMicros);
    sb.append('"');
  }

  // ---------------------------------------------------------------- formatting helpers

  private void appendStringArray(List<?> values) {
    sb.append('[');
    if (values instanceof RandomAccess) {
      for (int i = 0, n = values.size(); i < n; i++) {
        if (i > 0) {
          sb.append(',');
        }
        appendElement(values.get(i));
      }
    } else {
      boolean first = true;
      for (Iterator<?> it = values.iterator(); it.hasNext(); ) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        appendElement(it.next());
      }
    }
    sb.append(']');
  }

  private void appendElement(Object o) {
    if (o == null) {
      sb.append("null");
    } else {
      appendString(o instanceof String ? (String) o : String.valueOf(o));
    }
  }

  /** A quoted, escaped JSON string. */
  void appendString(String s) {
    StringBuilder b = sb;
    b.append('"');
    int len = s.length();
    int start = 0;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a valid pair: written as is
        continue;
      }
      if (i > start) {
        b.append(s, start, i);
      }
      start = i + 1;
      switch (c) {
        case '"': b.append('\\').append('"'); break;
        case '\\': b.append('\\').append('\\'); break;
        case '\n': b.append('\\').append('n'); break;
        case '\r': b.append('\\').append('r'); break;
        case '\t': b.append('\\').append('t'); break;
        case '\b': b.append('\\').append('b'); break;
        case '\f': b.append('\\').append('f'); break;
        default:
          if (c < 0x20) {
            b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            b.append('\uFFFD'); // unpaired surrogate
          }
      }
    }
    if (start < len) {
      b.append(s, start, len);
    }
    b.append('"');
  }

  static void appendDouble(StringBuilder sb, double v) {
    double a = Math.abs(v);
    if (v == 0) {
      sb.append('0');
      return;
    }
    if (a >= 1e-3 && a < 1e12) {
      long scaled = Math.round(a * 1_000_000d); // < 1e18, fits a long
      if (v < 0) {
        sb.append('-');
      }
      sb.append(scaled / 1_000_000);
      int frac = (int) (scaled % 1_000_000);
      if (frac != 0) {
        int width = 6;
        while (frac % 10 == 0) {
          frac /= 10;
          width--;
        }
        sb.append('.');
        for (int p = pow10(width - 1); p > frac; p /= 10) {
          sb.append('0');
        }
        sb.append(frac);
      }
      return;
    }
    // tiny or huge: rare, exact
    sb.append(new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString());
  }

  private static int pow10(int n) {
    int p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }

  /**
   * RFC 3339 UTC with exactly 6 fraction digits, {@code 2026-11-21T22:30:00.123456Z}, computed by
   * hand (proleptic Gregorian, years 0000-9999 expected).
   */
  static void appendTimestamp(StringBuilder sb, char[] buf, long epochMicros) {
    long secs = Math.floorDiv(epochMicros, 1_000_000L);
    int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
    long days = Math.floorDiv(secs, 86_400L);
    int sod = (int) Math.floorMod(secs, 86_400L);
    // civil_from_days (H. Hinnant)
    long z = days + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    long doe = z - era * 146_097L;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
      sb.append(java.time.Instant.ofEpochSecond(secs, micros * 1000L)); // not RFC 3339; absurd input only
      return;
    }
    int y = (int) year;
    buf[0] = digit(y / 1000);
    buf[1] = digit(y / 100 % 10);
    buf[2] = digit(y / 10 % 10);
    buf[3] = digit(y % 10);
    buf[4] = '-';
    buf[5] = digit(month / 10);
    buf[6] = digit(month % 10);
    buf[7] = '-';
    buf[8] = digit(day / 10);
    buf[9] = digit(day % 10);
    buf[10] = 'T';
    int h = sod / 3600;
    int m = sod / 60 % 60;
    int s = sod % 60;
    buf[11] = digit(h / 10);
    buf[12] = digit(h % 10);
    buf[13] = ':';
    buf[14] = digit(m / 10);
    buf[15] = digit(m % 10);
    buf[16] = ':';
    buf[17] = digit(s / 10);
    buf[18] = digit(s % 10);
    buf[19] = '.';
    for (int i = 25; i >= 20; i--) {
      buf[i] = digit(micros % 10);
      micros /= 10;
    }
    buf[26] = 'Z';
    sb.append(buf, 0, 27);
  }

  private static char digit(int d) {
    return (char) ('0' + d);
  }
}
