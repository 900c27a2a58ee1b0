package io.lantern.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.instrumentation.jdbc.SqlSanitizer.Dialect;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlSanitizerTest {

  static Stream<Arguments> standard() {
    return Stream.of(
        // strings, escaped quotes
        Arguments.of("SELECT * FROM users WHERE name = 'bob'", "SELECT * FROM users WHERE name = ?", "SELECT", "users"),
        Arguments.of("SELECT * FROM t WHERE a = 'it''s' AND b = 'x'", "SELECT * FROM t WHERE a = ? AND b = ?", "SELECT", "t"),
        Arguments.of("select a from t where a='C:\\' and b=1", "select a from t where a=? and b=?", "SELECT", "t"),
        Arguments.of("SELECT E'it\\'s secret' FROM t", "SELECT ? FROM t", "SELECT", "t"),
        Arguments.of("SELECT e'\\\\' , N'x', U&'d\\0061t' FROM t", "SELECT ? , ?, ? FROM t", "SELECT", "t"),
        // dollar quoting
        Arguments.of("SELECT $$it's $secret$$ FROM t", "SELECT ? FROM t", "SELECT", "t"),
        Arguments.of("SELECT $tag$a $$ b$tag$, $1 FROM t", "SELECT ?, $1 FROM t", "SELECT", "t"),
        // numbers, hex
        Arguments.of("UPDATE acct SET bal = 1e-3, x = -12.5, y = .5, z = 0xDEADBEEF, w = X'0A' WHERE id = 42",
            "UPDATE acct SET bal = ?, x = -?, y = ?, z = ?, w = ? WHERE id = ?", "UPDATE", "acct"),
        Arguments.of("SELECT t1.c2 FROM t1", "SELECT t1.c2 FROM t1", "SELECT", "t1"),
        Arguments.of("SELECT * FROM t WHERE a IS NULL AND b = TRUE", "SELECT * FROM t WHERE a IS NULL AND b = TRUE", "SELECT", "t"),
        // IN lists
        Arguments.of("SELECT * FROM t WHERE id IN (1, 2, 3) AND s in ('a','b')", "SELECT * FROM t WHERE id IN (?) AND s in (?)", "SELECT", "t"),
        Arguments.of("SELECT * FROM t WHERE id IN (?, ?, ?)", "SELECT * FROM t WHERE id IN (?)", "SELECT", "t"),
        Arguments.of("SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = 1)",
            "SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE x = ?)", "SELECT", "t"),
        // comments, multi-line
        Arguments.of("-- 'secret'\nSELECT /* 'x' */ a\n  FROM  t -- trailing 'y'\n WHERE b = 2",
            "SELECT a FROM t WHERE b = ?", "SELECT", "t"),
        Arguments.of("SELECT a FROM t /* unterminated 'secret'", "SELECT a FROM t", "SELECT", "t"),
        // quoted identifiers kept; summary without quotes
        Arguments.of("SELECT \"Name\" FROM \"My Table\" WHERE x = 'a'", "SELECT \"Name\" FROM \"My Table\" WHERE x = ?", "SELECT", "My Table"),
        Arguments.of("SELECT [x] FROM [dbo].[Orders]", "SELECT [x] FROM [dbo].[Orders]", "SELECT", "Orders"),
        Arguments.of("select * from public.Orders o join items i on i.o = o.id", "select * from public.Orders o join items i on i.o = o.id", "SELECT", "Orders"),
        // verbs and first tables
        Arguments.of("INSERT INTO orders (id, note) VALUES (7, 'n')", "INSERT INTO orders (id, note) VALUES (?, ?)", "INSERT", "orders"),
        Arguments.of("delete from ONLY sessions where t < 5", "delete from ONLY sessions where t < ?", "DELETE", "sessions"),
        Arguments.of("MERGE INTO stock s USING x ON s.id = x.id", "MERGE INTO stock s USING x ON s.id = x.id", "MERGE", "stock"),
        Arguments.of("{call refresh_all(?)}", "call refresh_all(?)", "CALL", "_OTHER"),
        Arguments.of("WITH r AS (SELECT id FROM a) SELECT * FROM r", "WITH r AS (SELECT id FROM a) SELECT * FROM r", "SELECT", "a"),
        Arguments.of("SELECT * FROM (SELECT * FROM inner_t) q", "SELECT * FROM (SELECT * FROM inner_t) q", "SELECT", "inner_t"),
        Arguments.of("CREATE TABLE IF NOT EXISTS users (id INT)", "CREATE TABLE IF NOT EXISTS users (id INT)", "CREATE", "users"),
        Arguments.of("SELECT 1", "SELECT ?", "SELECT", "_OTHER"),
        Arguments.of("frobnicate the db", "frobnicate the db", "_OTHER", "_OTHER"),
        Arguments.of("", "", "_OTHER", "_OTHER"),
        // unicode
        Arguments.of("SELECT * FROM café WHERE ñ = 'ünïcødé 😀' AND e = '😀'", "SELECT * FROM café WHERE ñ = ? AND e = ?", "SELECT", "café"),
        // unterminated
        Arguments.of("SELECT * FROM t WHERE a = 'never closed", "SELECT * FROM t WHERE a = ?", "SELECT", "t"),
        Arguments.of("SELECT $x$ never closed", "SELECT ?", "SELECT", "_OTHER"));
  }

  static Stream<Arguments> mysql() {
    return Stream.of(
        Arguments.of("SELECT * FROM `order` WHERE a = 'it\\'s' AND b = \"dq secret\" # 'c'\n AND c = 1",
            "SELECT * FROM `order` WHERE a = ? AND b = ? AND c = ?", "SELECT", "order"),
        Arguments.of("INSERT IGNORE INTO logs VALUES ('a\\\\', 'b')", "INSERT IGNORE INTO logs VALUES (?, ?)", "INSERT", "logs"),
        Arguments.of("REPLACE INTO kv (k) VALUES (0x1F)", "REPLACE INTO kv (k) VALUES (?)", "REPLACE", "kv"));
  }

  static Stream<Arguments> cases() {
    return Stream.concat(
        standard().map(a -> Arguments.of(withDialect(Dialect.STANDARD, a.get()))),
        mysql().map(a -> Arguments.of(withDialect(Dialect.MYSQL, a.get()))));
  }

  private static Object[] withDialect(Dialect dialect, Object[] args) {
    Object[] out = new Object[args.length + 1];
    out[0] = dialect;
    System.arraycopy(args, 0, out, 1, args.length);
    return out;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void sanitizesAndSummarizes(Dialect dialect, String sql, String text, String operation, String collection) {
    SqlInfo info = SqlSanitizer.sanitize(sql, dialect);
    assertEquals(text, info.text());
    assertEquals(operation, info.operation());
    assertEquals(collection, info.collection());
  }

  @Test
  void batchOperation() {
    assertEquals("BATCH INSERT", SqlSanitizer.sanitize("insert into t values (1)", Dialect.STANDARD).batchOperation());
  }

  @Test
  void longInputIsTruncatedAndLinear() {
    StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE a IN (");
    for (int i = 0; i < 200_000; i++) {
      sql.append(i).append(", 'v").append(i).append("', ");
    }
    sql.append("0) AND b = 'x'");
    long start = System.nanoTime();
    SqlInfo info = SqlSanitizer.sanitize(sql.toString(), Dialect.STANDARD);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(info.text().length() <= SqlSanitizer.MAX_TEXT_LENGTH, info.text().length() + " chars");
    assertEquals("t", info.collection());
    assertTrue(millis < 2000, millis + " ms");
    String many = "SELECT a FROM t WHERE " + "x = 1 AND ".repeat(100_000) + "y = 2";
    assertEquals(SqlSanitizer.MAX_TEXT_LENGTH, SqlSanitizer.sanitize(many, Dialect.STANDARD).text().length());
    // long unterminated comment and string: no quadratic scan
    assertEquals("SELECT", SqlSanitizer.sanitize("SELECT /*" + "*".repeat(1_000_000), Dialect.STANDARD).text());
    assertEquals("SELECT ?", SqlSanitizer.sanitize("SELECT '" + "''".repeat(1_000_000), Dialect.MYSQL).text());
  }

  /** Random secrets, embedded as every kind of literal in random statements, never come out. */
  @Test
  void secretsNeverLeak() {
    Random random = new Random(20261121L);
    String[] templates = {
      "SELECT * FROM users WHERE name = %s AND id = 1",
      "select a, b from t1 join t2 on t1.id = t2.id where t1.x in (%s, %s) -- comment %s\n and y = %s",
      "INSERT INTO audit (who, what) VALUES (%s, %s)",
      "UPDATE accounts SET token = %s WHERE id = %s /* %s */",
      "DELETE FROM s WHERE k = %s OR k = %s",
      "WITH q AS (SELECT %s AS v) SELECT v FROM q WHERE v <> %s",
      "{call set_secret(%s, %s)}",
      "SELECT %s%s FROM t",
    };
    for (int round = 0; round < 20_000; round++) {
      Dialect dialect = random.nextBoolean() ? Dialect.STANDARD : Dialect.MYSQL;
      String template = templates[random.nextInt(templates.length)];
      int slots = template.split("%s", -1).length - 1;
      Object[] literals = new Object[slots];
      String[] secrets = new String[slots];
      for (int s = 0; s < slots; s++) {
        secrets[s] = secret(random);
        literals[s] = literal(random, secrets[s], dialect);
      }
      String sql = String.format(template, literals);
      if (random.nextInt(4) == 0) {
        sql = sql.replace(" ", random.nextBoolean() ? "\n\t" : "  ");
      }
      SqlInfo info = SqlSanitizer.sanitize(sql, dialect);
      for (String secret : secrets) {
        String where = dialect + " " + sql + " -> " + info;
        assertFalse(info.text().contains(secret), where);
        assertFalse(info.operation().contains(secret), where);
        assertFalse(info.collection().contains(secret), where);
      }
    }
  }

  private static String secret(Random random) {
    StringBuilder s = new StringBuilder("s3cr3t");
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < 8; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static String literal(Random random, String secret, Dialect dialect) {
    String filler = random.nextBoolean() ? "" : " x";
    switch (random.nextInt(dialect == Dialect.MYSQL ? 6 : 8)) {
      case 0: return "'" + secret + filler + "'";
      case 1: return "'it''s " + secret + "'";
      case 2: return "'" + secret + "\n-- not a comment 😀'";
      case 3: return "X'" + secret + "'";
      case 4: return dialect == Dialect.MYSQL ? "'a\\'" + secret + "'" : "E'a\\'" + secret + "'";
      case 5: return dialect == Dialect.MYSQL ? "\"" + secret + "\"" : "N'" + secret + "'";
      case 6: return "$$" + secret + "'$$";
      default: return "$q$" + secret + " $$ $q$";
    }
  }
}
