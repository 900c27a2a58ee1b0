package io.lantern.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lantern.agent.instrumentation.DeclaredMethodScan.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeclaredMethodScanTest {
  static final Shape EXECUTE_SQL = new Shape("execute", "(Ljava/lang/String;");
  static final Shape EXECUTE_UPDATE_SQL = new Shape("executeUpdate", "(Ljava/lang/String;");
  static final Shape EXECUTE_NO_ARGS = new Shape("execute", "()");
  static final Shape[] SHAPES = {EXECUTE_SQL, EXECUTE_UPDATE_SQL, EXECUTE_NO_ARGS};
  static final long ALL = 0b111;

  static class DeclaresExecuteSql {
    public boolean execute(String sql) {
      return sql.isEmpty();
    }
  }

  static class InheritsExecuteSql extends DeclaresExecuteSql {
    public int other() {
      return 1;
    }
  }

  static class DeclaresExecuteRunnable {
    public void execute(Runnable task) {
      task.run();
    }
  }

  interface DeclaresAbstractExecute {
    boolean execute(String sql);

    default boolean execute() {
      return execute("");
    }
  }

  abstract static class AbstractExecute {
    public abstract int executeUpdate(String sql);
  }

  static class CallsExecute {
    boolean run(Statement statement) throws SQLException {
      return statement.execute("SELECT 1") || statement.executeUpdate("DELETE FROM t") > 0;
    }
  }

  /** Long and double constants take two pool slots; fields carry ConstantValue attributes. */
  static class ConstantsThenExecute {
    static final long BIG = 1L << 40;
    static final double HALF = 0.5;
    static final String SQL = "SELECT 2";
    int count;

    public int executeUpdate(String sql) {
      return (int) (BIG * HALF) + sql.length() + SQL.length() + count;
    }

    public boolean execute() {
      return count > 0;
    }
  }

  @Test
  void findsOnlyMethodsTheClassDeclaresWithTheWantedDescriptor() throws IOException {
    assertEquals(bit(0), DeclaredMethodScan.scan(bytes(DeclaresExecuteSql.class), SHAPES, ALL));
    assertEquals(0, DeclaredMethodScan.scan(bytes(InheritsExecuteSql.class), SHAPES, ALL), "inherited: nothing to weave here");
    assertEquals(0, DeclaredMethodScan.scan(bytes(DeclaresExecuteRunnable.class), SHAPES, ALL), "same name, other parameters");
    assertEquals(0, DeclaredMethodScan.scan(bytes(CallsExecute.class), SHAPES, ALL), "calls are not declarations");
    assertEquals(bit(1) | bit(2), DeclaredMethodScan.scan(bytes(ConstantsThenExecute.class), SHAPES, ALL));
  }

  @Test
  void abstractDeclarationsHaveNoCodeToWeave() throws IOException {
    assertEquals(bit(2), DeclaredMethodScan.scan(bytes(DeclaresAbstractExecute.class), SHAPES, ALL), "only the default method");
    assertEquals(0, DeclaredMethodScan.scan(bytes(AbstractExecute.class), SHAPES, ALL));
  }

  @Test
  void looksOnlyForWantedShapes() throws IOException {
    assertEquals(0, DeclaredMethodScan.scan(bytes(DeclaresExecuteSql.class), SHAPES, bit(1) | bit(2)));
    assertEquals(bit(2), DeclaredMethodScan.scan(bytes(ConstantsThenExecute.class), SHAPES, bit(2)));
  }

  @Test
  void readsJdkClassFilesWithEveryKindOfConstant() throws IOException {
    Shape indexOf = new Shape("indexOf", "(Ljava/lang/String;");
    Shape any = new Shape("format", "");
    Shape[] shapes = {indexOf, any, EXECUTE_SQL};
    assertEquals(bit(0) | bit(1), DeclaredMethodScan.scan(bytes(String.class), shapes, 0b111));
    // invokedynamic, method handles, records
    assertEquals(0, DeclaredMethodScan.scan(bytes(java.util.stream.Collectors.class), shapes, 0b100));
  }

  @Test
  void whatItCannotReadMatchesEverything() throws IOException {
    byte[] good = bytes(ConstantsThenExecute.class);
    assertEquals(DeclaredMethodScan.UNREADABLE, DeclaredMethodScan.scan(null, SHAPES, ALL));
    assertEquals(DeclaredMethodScan.UNREADABLE, DeclaredMethodScan.scan(new byte[] {1, 2, 3}, SHAPES, ALL));
    assertEquals(DeclaredMethodScan.UNREADABLE, DeclaredMethodScan.scan(Arrays.copyOf(good, 40), SHAPES, ALL), "cut in the pool");
    long right = bit(1) | bit(2);
    for (int length = 0; length < good.length; length++) {
      long cut = DeclaredMethodScan.scan(Arrays.copyOf(good, length), SHAPES, ALL);
      if (cut != DeclaredMethodScan.UNREADABLE && cut != right) {
        throw new AssertionError("cut at " + length + " of " + good.length + ": " + cut);
      }
    }
    byte[] badTag = good.clone();
    badTag[10] = 99; // first constant pool entry
    assertEquals(DeclaredMethodScan.UNREADABLE, DeclaredMethodScan.scan(badTag, SHAPES, ALL));
  }

  @Test
  void rejectingAClassAllocatesNothing() throws IOException {
    byte[][] classes = {bytes(String.class), bytes(java.util.stream.Collectors.class), bytes(InheritsExecuteSql.class)};
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long found = 0;
    for (int i = 0; i < 20_000; i++) { // past JIT compilation
      found |= DeclaredMethodScan.scan(classes[i % 3], SHAPES, ALL);
    }
    long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (int i = 0; i < 3_000; i++) {
      found |= DeclaredMethodScan.scan(classes[i % 3], SHAPES, ALL);
    }
    long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    assertEquals(0, found);
    assertEquals(0, allocated, "bytes allocated by 3000 rejecting scans");
  }

  static long bit(int i) {
    return 1L << i;
  }

  static byte[] bytes(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }
}
