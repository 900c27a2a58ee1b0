package io.lantern.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.fuzz.Fuzz;
import io.lantern.instrumentation.jdbc.SqlSanitizer.Dialect;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SQL sanitizer against random bytes and text, unterminated strings, comments, quoted names and
 * dollar quotes, inputs up to 1 MB and nesting 100,000 deep (nothing throws, the text and the
 * summary stay inside their caps, the verb in its closed set), and against random statements
 * whose every literal carries a known secret: no secret comes out.
 */
class SqlSanitizerFuzzTest {
  private static final long SEED = 0x5a171e5L;
  private static final int CASES = 10_000;
  private static final int ONE_MB = 1 << 20;
  private static final String SQL_SPECIALS = "'\"`[]$()-/*#\\;,.=?:{}eEnNxXuU&0123456789 \n\t";
  /** Openers that, left unclosed, swallow the rest of the statement (or keep a name open). */
  private static final String[] OPENERS = {"'", "E'", "N'", "X'", "B'", "U&'", "\"", "`", "[", "$$", "$q$", "/*", "--",
      "#", "'\\", "E'\\", "(", "IN ("};
  private static final String[] IDENTIFIERS = {"users", "orders", "t", "name", "id", "\"Order Items\"", "`acct`",
      "public.owners", "s.\"T\"", "[dbo].[pets]", "ABS", "amount"};
  private static final String[] KEYWORDS = {"SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "VALUES", "INSERT",
      "INTO", "UPDATE", "SET", "DELETE", "JOIN", "ON", "LIKE", "BETWEEN", "IS", "NULL", "TRUE", "FALSE", "CASE", "WHEN",
      "THEN", "ELSE", "END", "WITH", "AS", "LIMIT", "ORDER", "BY", "GROUP", "CALL", "TABLE"};
  private static final String[] OPERATORS = {"=", "<>", "<=", ">", "+", "*", "||", "::", ",", ";", ".", "(", ")", "%",
      "?", "$1", "$9", ":name", "{", "}"};

  @Test
  void anyInputGivesTextAndSummaryInsideTheirCaps() {
    Fuzz.run(SEED, CASES, in -> {
      Dialect dialect = in.nextBoolean() ? Dialect.STANDARD : Dialect.MYSQL;
      SqlInfo info = SqlSanitizer.sanitize(in.input(hostileSql(in)), dialect);
      assertTrue(info.text().length() <= SqlSanitizer.MAX_TEXT_LENGTH, "text " + info.text().length());
      assertTrue(info.collection().length() <= SqlSanitizer.MAX_COLLECTION_LENGTH, "collection " + info.collection().length());
      assertTrue(SqlInfo.OPERATIONS.contains(info.operation()) || info.operation().equals(SqlInfo.OTHER)
          || info.operation().equals("WITH"), info.operation()); // WITH: a WITH clause no verb followed
      assertEquals("BATCH " + info.operation(), info.batchOperation());
    });
  }

  @Test
  void noSecretLiteralSurvives() {
    Fuzz.run(SEED + 1, CASES, in -> {
      Dialect dialect = in.nextBoolean() ? Dialect.STANDARD : Dialect.MYSQL;
      List<String> secrets = new ArrayList<>();
      StringBuilder sql = new StringBuilder(in.pick("SELECT", "INSERT INTO", "UPDATE", "DELETE FROM", "WITH", "CALL", ""));
      int tokens = 1 + in.nextInt(40);
      for (int t = 0; t < tokens; t++) {
        sql.append(separator(in, dialect));
        switch (in.nextInt(6)) {
          case 0: sql.append(in.pick(KEYWORDS)); break;
          case 1: sql.append(in.pick(IDENTIFIERS)); break;
          case 2: sql.append(in.pick(OPERATORS)); break;
          case 3: sql.append(inList(in, dialect, secrets)); break;
          default: sql.append(literal(in, dialect, secrets)); break;
        }
      }
      if (in.oneIn(4)) { // an unterminated literal or comment at the end swallows it all
        String secret = secret(in);
        secrets.add(secret);
        sql.append(separator(in, dialect)).append(unterminated(in, dialect)).append(secret).append(in.text("", 20));
      }
      String statement = in.input(sql.toString());
      SqlInfo info = SqlSanitizer.sanitize(statement, dialect);
      for (String secret : secrets) {
        assertFalse(info.text().contains(secret), () -> dialect + " leaked " + secret + ": " + info.text());
        assertFalse(info.collection().contains(secret), () -> dialect + " leaked " + secret + " as the table");
        assertFalse(info.operation().contains(secret), () -> dialect + " leaked " + secret + " as the verb");
      }
    });
  }

  // Regression found by the nested-comment separators (seed 0x5a171e6, case seed
  // 824758545974635991): PostgreSQL ends "/* a /* b */ ' */" at its second */, the sanitizer
  // ended it at the first, read "' */ " as a string and the literal after it as plain SQL.
  @Test
  void aNestedBlockCommentSwallowsTheRestOutsideMysql() {
    String sql = "SELECT * FROM t /* a /* b */ ' */ WHERE pw = 'zqhunter2' AND n = 1";
    assertEquals("SELECT * FROM t", SqlSanitizer.sanitize(sql, Dialect.STANDARD).text());
    assertEquals("t", SqlSanitizer.sanitize(sql, Dialect.STANDARD).collection());
    // MySQL does not nest: the comment ends at the first */, the quote opens a string, and
    // zqhunter2 is a bare word there (not a literal, as MySQL reads it)
    assertEquals("SELECT * FROM t ?zqhunter2?", SqlSanitizer.sanitize(sql, Dialect.MYSQL).text());
    assertEquals("SELECT a FROM t WHERE b = ?", SqlSanitizer.sanitize("SELECT a /* c */ FROM t WHERE b = 'x'", Dialect.STANDARD).text());
  }

  /** A statement to break the scanner: bytes, hostile text, unclosed openers, huge repeats, deep nesting. */
  private static String hostileSql(Fuzz in) {
    switch (in.nextInt(8)) {
      case 0: return in.decodedBytes(2000);
      case 1: return in.text(SQL_SPECIALS, 3000);
      case 2: return in.pick("SELECT * FROM ", "INSERT INTO t VALUES (", "UPDATE ", "") + in.text(SQL_SPECIALS, 200)
          + in.pick(OPENERS) + in.text(SQL_SPECIALS, 200);
      case 3: // rare, to keep the run short: about 60 inputs of up to 1 MB over the run
        return in.oneIn(20) ? Fuzz.repeat(in.pick(OPENERS) + in.text(SQL_SPECIALS, 6), in.nextInt(ONE_MB)) : in.mutate(
            "SELECT a FROM \"s\".t WHERE x IN (1, 2) AND y = 'v' -- c", SQL_SPECIALS);
      case 4: {
        int depth = in.oneIn(20) ? 100_000 : in.nextInt(1000);
        return "SELECT " + Fuzz.repeat("(", depth) + "1" + Fuzz.repeat(")", in.nextInt(depth + 1)) + " FROM t";
      }
      case 5: return "SELECT * FROM " + Fuzz.repeat(in.pick("s.", "\"s\".", "`s`.", "[s].", "a"), in.nextInt(5000));
      default: return in.mutate("SELECT $tag$x$tag$, E'a\\'b', `q`, [n] FROM t /* c */ WHERE id = $1", SQL_SPECIALS);
    }
  }

  /** Letters and digits a statement's names and keywords never hold: {@code zq} starts no word above. */
  private static String secret(Fuzz in) {
    return "zq" + in.from("abcdefghijklmnopqrstuvwxyz0123456789", 10);
  }

  /** Digits no other token holds: seven or more, the first not zero ({@code $1}..{@code $9} are single digits). */
  private static String secretDigits(Fuzz in) {
    return in.nextInt(1, 10) + in.from("0123456789", 6 + in.nextInt(6));
  }

  /** Whitespace or a comment between tokens. */
  private static String separator(Fuzz in, Dialect dialect) {
    switch (in.nextInt(dialect == Dialect.MYSQL ? 8 : 9)) {
      case 0: return "\n\t";
      case 1: return " /* zz */ ";
      case 2: return " -- zz\n";
      case 3: return dialect == Dialect.MYSQL ? " # zz\r\n" : "\r\n";
      case 8: // standard only: PostgreSQL nests block comments, so these end at their second */
        return in.pick(" /* a /* b */ ' */ ", " /* /* */ */ ", " /*/* ' */ x */ ");
      default: return " ";
    }
  }

  /** A literal holding a fresh secret, in one of the forms the dialect reads as a literal. */
  private static String literal(Fuzz in, Dialect dialect, List<String> secrets) {
    String secret = in.nextInt(3) == 0 ? secretDigits(in) : secret(in);
    secrets.add(secret);
    String around = in.pick("", " ", "--", "/*", "*/", ";", "\"", "`", "$$", "\n", "\u00e9", "\ud83d\ude00", "\ud800", "''",
        "#", "[", ")");
    String inside = in.nextBoolean() ? around + secret : secret + around;
    boolean mysql = dialect == Dialect.MYSQL;
    switch (in.nextInt(mysql ? 10 : 12)) {
      case 0: return secretDigits(in, secrets, "");
      case 1: return secretDigits(in, secrets, "-");
      case 2: return secretDigits(in, secrets, "") + "." + secretDigits(in, secrets, "") + in.pick("", "e10", "E-3", "f", "L");
      case 3: return "." + secretDigits(in, secrets, "");
      case 4: return "0x" + in.nextInt(1, 10) + secret;
      case 5: return "'" + inside + "'";
      case 6: return "'it''s " + inside + "'";
      case 7: return in.pick("N", "X", "B", "n") + "'" + inside + "'";
      case 8: return mysql ? "'a\\'" + inside + "\\\\'" : "E'a\\'" + inside + "'";
      case 9: return mysql ? "\"" + inside.replace("\"", "\"\"") + "\"" : "U&'" + inside + "'";
      case 10: return "$$" + inside.replace("$$", "$") + "$$";
      default: {
        String tag = "$" + in.from("abcxyz_", in.nextInt(1, 5)) + "$";
        return tag + inside.replace(tag, "") + tag;
      }
    }
  }

  /** A number whose digits are a fresh secret, after {@code sign}. */
  private static String secretDigits(Fuzz in, List<String> secrets, String sign) {
    String digits = secretDigits(in);
    secrets.add(digits);
    return sign + digits;
  }

  /** {@code IN (...)} of literals, parameters and nested parentheses: collapsed to {@code IN (?)} or kept, never leaked. */
  private static String inList(Fuzz in, Dialect dialect, List<String> secrets) {
    StringBuilder b = new StringBuilder("IN (");
    int items = 1 + in.nextInt(8);
    for (int i = 0; i < items; i++) {
      b.append(i == 0 ? "" : in.pick(",", ", ", " ,\n")).append(in.oneIn(4) ? "?" : literal(in, dialect, secrets));
    }
    return b.append(in.oneIn(10) ? "" : ")").toString();
  }

  private static String unterminated(Fuzz in, Dialect dialect) {
    return dialect == Dialect.MYSQL
        ? in.pick("'", "'a\\'", "N'", "\"", "/*", "-- ", "#")
        : in.pick("'", "E'a\\'", "N'", "U&'", "$$", "$t$", "/*", "--");
  }
}
