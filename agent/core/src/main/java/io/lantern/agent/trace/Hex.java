package io.lantern.agent.trace;

/** Lowercase hex of W3C ids, written into caller-owned buffers, and the strict parse of it. */
final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  static char digit(int nibble) {
    return DIGITS[nibble & 0xf];
  }

  /** Writes 16 hex digits of {@code value} at {@code offset}. */
  static void write(long value, char[] into, int offset) {
    for (int i = 15; i >= 0; i--) {
      into[offset + i] = DIGITS[(int) (value & 0xf)];
      value >>>= 4;
    }
  }

  static void append(long value, StringBuilder into) {
    for (int shift = 60; shift >= 0; shift -= 4) {
      into.append(DIGITS[(int) (value >>> shift) & 0xf]);
    }
  }

  static String toString(long value) {
    char[] hex = new char[16];
    write(value, hex, 0);
    return new String(hex);
  }

  static String byteToString(byte value) {
    return new String(new char[] {digit(value >> 4), digit(value)});
  }

  static boolean isHex(String s, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The value of {@code length} (at most 16) hex digits at {@code offset}, checked by {@link #isHex}. */
  static long parse(String s, int offset, int length) {
    long value = 0;
    for (int i = offset; i < offset + length; i++) {
      char c = s.charAt(i);
      value = (value << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return value;
  }
}
