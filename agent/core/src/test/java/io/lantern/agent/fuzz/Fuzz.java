package io.lantern.agent.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded random input for the {@code *FuzzTest}s: one generator per case, each case with its own
 * seed drawn from the test's fixed seed, so a failing case is named by that case seed and replayed
 * alone with {@code -Dfuzz.case=<case seed>} (the failure message prints the command). The
 * generators lean towards what breaks parsers: the separators of the format at hand, control
 * characters, Latin-1 bytes (how servers decode invalid UTF-8 in headers), lone surrogates,
 * supplementary characters and very long runs.
 */
public final class Fuzz {
  /** One case: draws its input from {@code in}; throws (an assertion) when a property fails. */
  public interface Case {
    void run(Fuzz in) throws Throwable;
  }

  private static final String REPLAY_PROPERTY = "fuzz.case";
  private static final int MAX_SHOWN = 400;

  private final SplittableRandom random;
  private String input;

  private Fuzz(long caseSeed) {
    this.random = new SplittableRandom(caseSeed);
  }

  /**
   * Runs {@code cases} cases of {@code body}, case {@code i} seeded by the {@code i}-th long of
   * {@code seed}'s sequence; with {@code -Dfuzz.case} set, only that case. The first failure stops
   * the run with the test's seed, the case's seed and its input (see {@link #input}).
   *
   * @return how many cases ran: {@code cases}, or 1 when replaying (for checks made after the run)
   */
  public static int run(long seed, int cases, Case body) {
    String replay = System.getProperty(REPLAY_PROPERTY);
    if (replay != null && !replay.isEmpty()) {
      runOne(seed, -1, Long.decode(replay), body);
      return 1;
    }
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int i = 0; i < cases; i++) {
      runOne(seed, i, seeds.nextLong(), body);
    }
    return cases;
  }

  private static void runOne(long seed, int index, long caseSeed, Case body) {
    Fuzz in = new Fuzz(caseSeed);
    try {
      body.run(in);
    } catch (Throwable t) {
      throw new AssertionError("fuzz case " + index + " of seed 0x" + Long.toHexString(seed) + "L failed (case seed " + caseSeed
          + "L; replay it alone with -D" + REPLAY_PROPERTY + "=" + caseSeed + "), input: " + shown(in.input), t);
    }
  }

  /** Names {@code value} as the case's input, for the failure message; returns it. */
  public String input(String value) {
    input = value;
    return value;
  }

  /** Java-escaped and cut, so a failing input can be pasted into a regression test. */
  static String shown(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length() && i < MAX_SHOWN; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c == '\n' || c == '\r') {
        b.append(c == '\n' ? "\\n" : "\\r"); // as unicode escapes they would end the source line
      } else if (c >= 0x20 && c < 0x7f) {
        b.append(c);
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    b.append('"');
    return s.length() > MAX_SHOWN ? b + " (" + s.length() + " chars, cut)" : b.toString();
  }

  // ---------------------------------------------------------------- draws

  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** From {@code origin} to {@code bound}, exclusive. */
  public int nextInt(int origin, int bound) {
    return random.nextInt(origin, bound);
  }

  public long nextLong() {
    return random.nextLong();
  }

  public boolean nextBoolean() {
    return random.nextBoolean();
  }

  /** True once in {@code n} draws. */
  public boolean oneIn(int n) {
    return random.nextInt(n) == 0;
  }

  @SafeVarargs
  public final <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  /** A length skewed short: mostly under 16, sometimes up to {@code max}. */
  public int length(int max) {
    switch (random.nextInt(4)) {
      case 0: return random.nextInt(Math.min(4, max) + 1);
      case 1:
      case 2: return random.nextInt(Math.min(16, max) + 1);
      default: return random.nextInt(max + 1);
    }
  }

  /** {@code length} characters drawn from {@code alphabet}. */
  public String from(String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** Lowercase hex digits. */
  public String hex(int length) {
    return from("0123456789abcdef", length);
  }

  /** One character of any kind: mostly ASCII (with {@code specials} weighted up), else hostile. */
  public char hostileChar(String specials) {
    switch (random.nextInt(10)) {
      case 0: return (char) random.nextInt(0x20); // controls, NUL, CR, LF, tab
      case 1: return (char) random.nextInt(0x7f, 0x100); // DEL and Latin-1: invalid UTF-8 read as ISO-8859-1
      case 2: return (char) random.nextInt(0xd800, 0xe000); // a lone surrogate
      case 3: return (char) random.nextInt(0x100, 0x10000);
      case 4:
      case 5: return specials.isEmpty() ? (char) random.nextInt(0x20, 0x7f) : specials.charAt(random.nextInt(specials.length()));
      default: return (char) random.nextInt(0x20, 0x7f);
    }
  }

  /** Any text up to {@code max} characters: hostile characters, surrogate pairs and {@code specials}. */
  public String text(String specials, int max) {
    int length = length(max);
    StringBuilder b = new StringBuilder(length);
    while (b.length() < length) {
      if (random.nextInt(20) == 0) {
        b.appendCodePoint(random.nextInt(0x10000, 0x110000)); // a valid pair
      } else {
        b.append(hostileChar(specials));
      }
    }
    return b.toString();
  }

  /** Random bytes decoded as UTF-8 (malformed runs become U+FFFD) or as Latin-1 (every byte a char). */
  public String decodedBytes(int max) {
    byte[] bytes = bytes(max);
    return new String(bytes, random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
  }

  public byte[] bytes(int max) {
    byte[] bytes = new byte[length(max)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  /**
   * {@code valid} with one to three edits: a character replaced, deleted, inserted or doubled, the
   * text cut, or a run appended; each edit's character is {@link #hostileChar} of {@code specials}.
   */
  public String mutate(String valid, String specials) {
    StringBuilder b = new StringBuilder(valid);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = b.length() == 0 ? 0 : random.nextInt(b.length());
      switch (random.nextInt(6)) {
        case 0:
          if (b.length() > 0) {
            b.setCharAt(at, hostileChar(specials));
          }
          break;
        case 1:
          if (b.length() > 0) {
            b.deleteCharAt(at);
          }
          break;
        case 2:
          b.insert(at, hostileChar(specials));
          break;
        case 3:
          if (b.length() > 0) {
            b.insert(at, b.charAt(at));
          }
          break;
        case 4:
          b.setLength(at);
          break;
        default:
          b.append(text(specials, 8));
      }
    }
    return b.toString();
  }

  /** {@code unit} repeated up to {@code length} characters (the last repetition cut). */
  public static String repeat(String unit, int length) {
    StringBuilder b = new StringBuilder(length);
    while (b.length() < length) {
      b.append(unit);
    }
    b.setLength(length);
    return b.toString();
  }
}
