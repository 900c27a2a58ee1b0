package io.lantern.agent.instrumentation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Which of a few method shapes (name + descriptor prefix) a class file declares with code (not
 * abstract), read straight from its bytes before Byte Buddy ever sees them. Advice only ever lands
 * in the code of methods the transformed class declares itself, so a class that declares none of
 * a rule's methods has nothing for that rule to weave, whatever its supertypes are (and an
 * interface or abstract declaration has no code): the answer is exact, and it does
 * not depend on the order in which classes load (a subclass is handed to transformers before
 * its superclass is even loaded, so "is my superclass a JDBC class?" cannot be known then).
 *
 * <p>Cost: one walk over the constant pool comparing only UTF-8 entries whose length is that of
 * a wanted name; no allocation. Only a class whose pool holds a wanted name (it declares or
 * merely calls such a method) gets a second walk that indexes the pool (one int array) and reads
 * its method table. Bytes it cannot read make every shape match, so a damaged or future class
 * file is left to Byte Buddy, never silently skipped.
 */
final class DeclaredMethodScan {
  /** Every bit: what an unreadable class file answers. */
  static final long UNREADABLE = -1L;

  private static final int UTF8 = 1;
  private static final int ACC_ABSTRACT = 0x0400;

  private DeclaredMethodScan() {}

  /** A method a rule needs: its exact name and how its descriptor starts ("" for any). */
  static final class Shape {
    final byte[] name;
    final byte[] descriptorPrefix;

    Shape(String name, String descriptorPrefix) {
      this.name = name.getBytes(StandardCharsets.UTF_8);
      this.descriptorPrefix = descriptorPrefix.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Shape && Arrays.equals(name, ((Shape) o).name)
          && Arrays.equals(descriptorPrefix, ((Shape) o).descriptorPrefix);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(name) * 31 + Arrays.hashCode(descriptorPrefix);
    }

    @Override
    public String toString() {
      return new String(name, StandardCharsets.UTF_8) + new String(descriptorPrefix, StandardCharsets.UTF_8) + "...";
    }
  }

  /**
   * Bit {@code i} set when the class declares a non-abstract method matching {@code shapes[i]}, looking only at
   * the shapes whose bit is set in {@code wanted} (at most 64 shapes); {@link #UNREADABLE} when the
   * bytes are not a class file this code can read.
   */
  static long scan(byte[] b, Shape[] shapes, long wanted) {
    try {
      if (b == null || b.length < 10 || readInt(b, 0) != 0xCAFEBABE) {
        return UNREADABLE;
      }
      long lengths = 0; // bit n: some wanted name is n bytes long
      for (int s = 0; s < shapes.length && s < 64; s++) {
        if ((wanted >>> s & 1) != 0) {
          int n = shapes[s].name.length;
          lengths |= n < 64 ? 1L << n : 1L << 63;
        }
      }
      int count = readU2(b, 8);
      if (!poolNamesAny(b, count, shapes, wanted, lengths)) {
        return 0;
      }
      int[] offsets = new int[count];
      int p = indexPool(b, count, offsets);
      p += 6; // access flags, this class, super class
      p += 2 + 2 * readU2(b, p); // interfaces
      p = skipMembers(b, p);
      long found = 0;
      int methods = readU2(b, p);
      p += 2;
      for (int m = 0; m < methods; m++) {
        if ((readU2(b, p) & ACC_ABSTRACT) != 0) {
          p = skipAttributes(b, p + 6); // no code for advice to land in (interfaces, abstract classes)
          continue;
        }
        int name = offsets[readU2(b, p + 2)];
        int descriptor = offsets[readU2(b, p + 4)];
        if (name == 0 || descriptor == 0) {
          return UNREADABLE;
        }
        for (int s = 0; s < shapes.length && s < 64; s++) {
          if ((wanted >>> s & 1) != 0 && utf8Equals(b, name, shapes[s].name)
              && utf8StartsWith(b, descriptor, shapes[s].descriptorPrefix)) {
            found |= 1L << s;
          }
        }
        p = skipAttributes(b, p + 6);
      }
      return found;
    } catch (RuntimeException e) {
      return UNREADABLE;
    }
  }

  /**
   * Whether the class file's constant pool holds one of {@code constants}' names as a UTF-8 entry
   * (true when the bytes cannot be read): the first walk of {@link #scan} alone.
   */
  static boolean poolHolds(byte[] b, Shape[] constants) {
    try {
      if (b == null || b.length < 10 || readInt(b, 0) != 0xCAFEBABE) {
        return true;
      }
      long lengths = 0;
      for (Shape s : constants) {
        int n = s.name.length;
        lengths |= n < 64 ? 1L << n : 1L << 63;
      }
      return poolNamesAny(b, readU2(b, 8), constants, -1L >>> (64 - Math.min(64, constants.length)), lengths);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** Whether a UTF-8 entry of the pool equals one of the wanted names. */
  private static boolean poolNamesAny(byte[] b, int count, Shape[] shapes, long wanted, long lengths) {
    int p = 10;
    for (int i = 1; i < count; i++) {
      int tag = b[p];
      if (tag == UTF8 && (lengths >>> Math.min(readU2(b, p + 1), 63) & 1) != 0) {
        for (int s = 0; s < shapes.length && s < 64; s++) {
          if ((wanted >>> s & 1) != 0 && utf8Equals(b, p, shapes[s].name)) {
            return true;
          }
        }
      }
      p = next(b, p);
      i += twoSlots(tag);
    }
    return false;
  }

  /** Fills {@code offsets[i]} with where UTF-8 entry {@code i} starts (0 for others); returns where the pool ends. */
  private static int indexPool(byte[] b, int count, int[] offsets) {
    int p = 10;
    for (int i = 1; i < count; i++) {
      int tag = b[p];
      if (tag == UTF8) {
        offsets[i] = p; // only UTF-8 entries are looked up; 0 reads as unreadable
      }
      p = next(b, p);
      i += twoSlots(tag);
    }
    return p;
  }

  /** Where the constant pool entry at {@code p} ends. */
  private static int next(byte[] b, int p) {
    int tag = b[p];
    if (tag == UTF8) {
      return p + 3 + readU2(b, p + 1);
    }
    int size = entrySize(tag);
    if (size < 0) {
      throw new IllegalArgumentException("constant pool tag " + tag);
    }
    return p + size;
  }

  /** Long and double entries take two slots of the pool. */
  private static int twoSlots(int tag) {
    return tag == 5 || tag == 6 ? 1 : 0;
  }

  /** Size in bytes of a constant pool entry other than UTF-8, tag included; -1 if unknown. */
  private static int entrySize(int tag) {
    switch (tag) {
      case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
        return 3;
      case 15: // MethodHandle
        return 4;
      case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: // Integer .. InvokeDynamic
        return 5;
      case 5: case 6: // Long, Double
        return 9;
      default:
        return -1;
    }
  }

  private static int skipMembers(byte[] b, int p) {
    int count = readU2(b, p);
    p += 2;
    for (int i = 0; i < count; i++) {
      p = skipAttributes(b, p + 6);
    }
    return p;
  }

  /** {@code p} at an attributes_count; returns the position after the attributes. */
  private static int skipAttributes(byte[] b, int p) {
    int count = readU2(b, p);
    p += 2;
    for (int i = 0; i < count; i++) {
      long length = readInt(b, p + 2) & 0xFFFFFFFFL;
      if (length > b.length) {
        throw new IllegalArgumentException("attribute length " + length);
      }
      p += 6 + (int) length;
    }
    return p;
  }

  private static boolean utf8Equals(byte[] b, int entry, byte[] text) {
    return readU2(b, entry + 1) == text.length && regionEquals(b, entry + 3, text);
  }

  private static boolean utf8StartsWith(byte[] b, int entry, byte[] prefix) {
    return readU2(b, entry + 1) >= prefix.length && regionEquals(b, entry + 3, prefix);
  }

  private static boolean regionEquals(byte[] b, int from, byte[] text) {
    for (int i = 0; i < text.length; i++) {
      if (b[from + i] != text[i]) {
        return false;
      }
    }
    return true;
  }

  private static int readU2(byte[] b, int p) {
    return (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF;
  }

  private static int readInt(byte[] b, int p) {
    return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
  }
}
