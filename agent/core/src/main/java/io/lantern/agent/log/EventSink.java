package io.lantern.agent.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * Where the writer thread's lines go: a size-rotated file or the console. Owned by the writer
 * thread. Lines are encoded as UTF-8 straight into one reused buffer; {@link #flush()} hands the
 * whole buffer to the OS in one {@code write} (a batch of lines, not a line), and a full buffer
 * is written the same way. Nothing is allocated per line, and no lock is taken.
 *
 * <p>FILE: the active file is {@code <file>}, rotated ones {@code <file>.1} (newest) .. {@code
 * <file>.<maxFiles-1>} (oldest), as logback's fixed-window policy named them. The size counts
 * the bytes written (plus the length of an existing file at start) and is checked before each
 * line, so a file ends within one line of {@code maxFileSize}. A line is never split across
 * files or writes. STDOUT / STDERR: the {@code System.out} / {@code System.err} of the moment the
 * sink opened.
 */
final class EventSink {
  /** One write per this many bytes at most; ~100-200 lines. */
  static final int BUFFER_BYTES = 64 * 1024;

  private final String description;
  private final Path path;
  private final long maxFileSize;
  private final int maxFiles;
  private final PrintStream diagnostics;
  private OutputStream out;
  private long fileSize;
  private byte[] buffer = new byte[BUFFER_BYTES];
  private int used;

  private EventSink(String description, Path path, OutputStream out, long fileSize, EventLogSettings s,
      PrintStream diagnostics) {
    this.description = description;
    this.path = path;
    this.out = out;
    this.fileSize = fileSize;
    this.maxFileSize = s.maxFileSizeBytes();
    this.maxFiles = s.maxFiles();
    this.diagnostics = diagnostics;
  }

  /** Never null for FILE / STDOUT / STDERR: a FILE that cannot be written falls back to stderr. */
  static EventSink open(EventLogSettings s, PrintStream diagnostics) {
    if (s.target() == EventLogTarget.FILE) {
      String description = s.file();
      try {
        Path path = Paths.get(s.file()).toAbsolutePath().normalize();
        description = path.toString();
        Path parent = path.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        FileOutputStream file = new FileOutputStream(path.toFile(), true);
        return new EventSink(description, path, file, file.getChannel().size(), s, diagnostics);
      } catch (Throwable t) {
        diagnostics.println("[lantern] cannot write events to " + description + ": " + t
            + "; writing to stderr instead");
        return new EventSink("stderr (fallback from " + description + ")", null, System.err, 0, s, diagnostics);
      }
    }
    if (s.target() == EventLogTarget.STDOUT) {
      return new EventSink("stdout", null, System.out, 0, s, diagnostics);
    }
    return new EventSink("stderr", null, System.err, 0, s, diagnostics);
  }

  /** Where lines go, for diagnostics. */
  String description() {
    return description;
  }

  /** Appends one line (a newline is added) to the buffer; writes the buffer first when it is full or the file must rotate. */
  void write(CharSequence line) throws IOException {
    int n = line.length();
    int worst = n * 3 + 1;
    if (path != null && fileSize + used >= maxFileSize && fileSize + used > 0) {
      flush();
      rotate();
    }
    if (used + worst > buffer.length) {
      flush();
      if (worst > buffer.length) {
        buffer = new byte[worst];
      }
    }
    used = encode(line, buffer, used);
  }

  /** Writes what is buffered, in one write. */
  void flush() {
    int length = used;
    used = 0;
    if (length == 0 || out == null) {
      return; // nothing, or no file since a failed reopen: the lines are lost, the buffer is free
    }
    try {
      out.write(buffer, 0, length);
      if (path == null) {
        out.flush();
      }
      fileSize += length;
    } catch (Throwable ignored) {
      // a full disk must not stop the application; the lines of this batch are lost
    }
  }

  void close() {
    flush();
    if (path != null && out != null) {
      try {
        out.close();
      } catch (Throwable ignored) {
        // shutting down
      }
    }
  }

  /** file.(max-2) -> file.(max-1), ..., file -> file.1; a new, empty active file. */
  private void rotate() {
    if (out == null) {
      return; // the last reopen failed: do not rename the older files on every line
    }
    try {
      out.close();
    } catch (Throwable ignored) {
      // the bytes were written; closing only releases the descriptor
    }
    out = null;
    try {
      String base = path.toString();
      for (int i = maxFiles - 2; i >= 1; i--) {
        Path from = Paths.get(base + '.' + i);
        if (Files.exists(from)) {
          Files.move(from, Paths.get(base + '.' + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.move(path, Paths.get(base + ".1"), StandardCopyOption.REPLACE_EXISTING);
    } catch (Throwable t) {
      diagnostics.println("[lantern] cannot rotate " + description + ": " + t + "; appending to it");
    }
    try {
      FileOutputStream file = new FileOutputStream(path.toFile(), true);
      fileSize = file.getChannel().size();
      out = file;
    } catch (Throwable t) {
      diagnostics.println("[lantern] cannot reopen " + description + ": " + t + "; events are not written");
      fileSize = 0;
    }
  }

  /** UTF-8 of {@code line} plus a newline into {@code out} at {@code p}; a lone surrogate becomes U+FFFD. Returns the new end. */
  static int encode(CharSequence line, byte[] out, int p) {
    int n = line.length();
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
}
