package io.lantern.instrumentation.jdbc;

import java.util.Locale;

/**
 * Turns SQL into text that is safe to log and a low-cardinality summary, in one left-to-right pass
 * (O(n) time; memory bounded by {@link #MAX_TEXT_LENGTH}).
 *
 * <ul>
 *   <li>Every literal becomes {@code ?}: strings ({@code ''} and, where the dialect has them,
 *       {@code \'} escapes), prefixed strings ({@code E'..'}, {@code N'..'}, {@code X'..'},
 *       {@code B'..'}, {@code U&'..'}), PostgreSQL dollar-quoted strings ({@code $$..$$},
 *       {@code $tag$..$tag$}), numbers (with fractions and exponents) and hex {@code 0x..}. An
 *       unterminated literal swallows the rest of the input. {@code TRUE}/{@code FALSE}/{@code NULL}
 *       stay: they are keywords.
 *   <li>{@code IN (?, ?, ?)} lists become {@code IN (?)}.
 *   <li>Comments ({@code --}, {@code /* *}{@code /}, and MySQL's {@code #}) are dropped, runs of
 *       whitespace become one space; outside MySQL a block comment that opens another (nested, as
 *       PostgreSQL reads it) swallows the rest.
 *   <li>Quoted identifiers ({@code "x"}, {@code `x`}, {@code [x]}) are kept. In MySQL/MariaDB a
 *       double-quoted token is a string (unless ANSI_QUOTES), so there it becomes {@code ?}.
 * </ul>
 *
 * <p>The summary is the statement's verb ({@link SqlInfo#operation}) and its first table
 * ({@link SqlInfo#collection}): the first name after {@code FROM}, {@code INTO}, {@code UPDATE},
 * {@code JOIN} or {@code TABLE}, without its quotes, as written. A name is never a literal, so
 * the summary cannot carry one either.
 */
public final class SqlSanitizer {
  /** Longest sanitized text kept; longer statements are cut there. */
  public static final int MAX_TEXT_LENGTH = 2000;
  static final int MAX_COLLECTION_LENGTH = 128;

  /** How the dialect treats backslashes in strings and double quotes. */
  public enum Dialect {
    /** PostgreSQL, H2 and other standard SQL: {@code '..'} has only {@code ''} escapes; {@code "x"} is a name. */
    STANDARD,
    /** MySQL/MariaDB: {@code \'} escapes a quote too; {@code "x"} is a string. */
    MYSQL;

    public static Dialect of(String system) {
      return "mysql".equals(system) || "mariadb".equals(system) ? MYSQL : STANDARD;
    }
  }

  private SqlSanitizer() {}

  public static SqlInfo sanitize(String sql, Dialect dialect) {
    return new Scanner(sql == null ? "" : sql, dialect).run();
  }

  private static final class Scanner {
    private final String in;
    private final int n;
    private final boolean mysql;
    private final StringBuilder out = new StringBuilder(64);
    private int i;

    // IN-list collapsing: output index of the list's "(" while only placeholders were seen.
    private boolean afterIn;
    private int inListStart = -1;

    // Summary state.
    private String operation;
    private boolean withClause;
    private int depth;
    private String collection;
    private boolean expectTable;
    private boolean lastWasTableKeyword;

    Scanner(String in, Dialect dialect) {
      this.in = in;
      this.n = in.length();
      this.mysql = dialect == Dialect.MYSQL;
    }

    SqlInfo run() {
      while (i < n && out.length() < MAX_TEXT_LENGTH) {
        char c = in.charAt(i);
        if (Character.isWhitespace(c)) {
          skipWhitespace();
        } else if (c == '-' && next(1) == '-') {
          skipLine();
        } else if (c == '#' && mysql) {
          skipLine();
        } else if (c == '/' && next(1) == '*') {
          skipBlockComment();
        } else if (c == '\'') {
          i = skipQuoted(i + 1, '\'', mysql);
          placeholder();
        } else if (c == '"') {
          if (mysql) {
            i = skipQuoted(i + 1, '"', true);
            placeholder();
          } else {
            quotedName('"', '"');
          }
        } else if (c == '`') {
          quotedName('`', '`');
        } else if (c == '[' && expectTable) {
          quotedName('[', ']');
        } else if (c == '$' && isDigit(next(1))) {
          int start = i;
          i++;
          while (i < n && isDigit(in.charAt(i))) {
            i++;
          }
          append(in, start, i); // $1: a parameter, not a literal
        } else if (c == '$' && dollarQuote()) {
          placeholder();
        } else if (isDigit(c) || (c == '.' && isDigit(next(1)))) {
          number();
          placeholder();
        } else if (isIdentifierStart(c)) {
          word();
        } else {
          punctuation(c);
        }
      }
      if (out.length() > MAX_TEXT_LENGTH) {
        out.setLength(MAX_TEXT_LENGTH);
      }
      int end = out.length();
      while (end > 0 && out.charAt(end - 1) == ' ') {
        end--;
      }
      out.setLength(end);
      return new SqlInfo(out.toString(), operation == null ? SqlInfo.OTHER : operation,
          collection == null ? SqlInfo.OTHER : collection);
    }

    private char next(int ahead) {
      return i + ahead < n ? in.charAt(i + ahead) : '\0';
    }

    private void skipWhitespace() {
      while (i < n && Character.isWhitespace(in.charAt(i))) {
        i++;
      }
      space();
    }

    private void space() {
      if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
        out.append(' ');
      }
    }

    private void skipLine() {
      while (i < n && in.charAt(i) != '\n' && in.charAt(i) != '\r') {
        i++;
      }
      space();
    }

    /**
     * Drops a block comment. PostgreSQL (and SQL Server) nest them, MySQL, H2 and others do not:
     * where a comment opens another before it closes, the two readings disagree on where SQL
     * resumes, and a quote in between opens a string for one reading and closes it for the other,
     * which would put a literal outside every string we see. So outside MySQL, such a comment
     * swallows the rest of the statement, as an unterminated one does.
     */
    private void skipBlockComment() {
      int close = in.indexOf("*/", i + 2);
      i = close < 0 || (!mysql && opensAnother(i + 2, close)) ? n : close + 2;
      space();
    }

    /** Whether a {@code /*} starts between {@code from} and {@code end}. */
    private boolean opensAnother(int from, int end) {
      for (int j = from; j < end - 1; j++) {
        if (in.charAt(j) == '/' && in.charAt(j + 1) == '*') {
          return true;
        }
      }
      return false;
    }

    /** Skips a quoted run starting after its opening quote; returns the index after the closing one. */
    private int skipQuoted(int from, char quote, boolean backslashEscapes) {
      int j = from;
      while (j < n) {
        char c = in.charAt(j);
        if (c == '\\' && backslashEscapes) {
          j += 2;
        } else if (c == quote) {
          if (j + 1 < n && in.charAt(j + 1) == quote) {
            j += 2;
          } else {
            return j + 1;
          }
        } else {
          j++;
        }
      }
      return n;
    }

    /** A literal's placeholder, which may continue an IN list. */
    private void placeholder() {
      out.append('?');
      afterIn = false;
      expectTable = false;
    }

    private void quotedName(char open, char close) {
      int start = i;
      int end = skipQuoted(i + 1, close, false);
      i = end;
      String name = in.substring(start + 1, Math.max(start + 1, end - 1)).replace(
          new String(new char[] {close, close}), String.valueOf(close));
      append(in, start, end);
      name(name);
    }

    /** At a '$': a dollar-quoted string ($$...$$ or $tag$...$tag$) is skipped and true returned. */
    private boolean dollarQuote() {
      int j = i + 1;
      while (j < n && isIdentifierPart(in.charAt(j)) && in.charAt(j) != '$') {
        j++;
      }
      if (j >= n || in.charAt(j) != '$' || (j > i + 1 && isDigit(in.charAt(i + 1)))) {
        return false; // $1 parameters, or a $ inside a name
      }
      if (i > 0 && in.charAt(i - 1) != '$' && isIdentifierPart(in.charAt(i - 1))) {
        return false;
      }
      String tag = in.substring(i, j + 1);
      int close = in.indexOf(tag, j + 1);
      i = close < 0 ? n : close + tag.length();
      return true;
    }

    private void number() {
      if (in.charAt(i) == '0' && (next(1) == 'x' || next(1) == 'X')) {
        i += 2;
        while (i < n && isIdentifierPart(in.charAt(i))) {
          i++;
        }
        return;
      }
      while (i < n) {
        char c = in.charAt(i);
        if (isDigit(c) || c == '.') {
          i++;
        } else if ((c == 'e' || c == 'E') && (isDigit(next(1)) || ((next(1) == '+' || next(1) == '-') && isDigit(next(2))))) {
          i += 2;
        } else if (isIdentifierPart(c)) {
          i++; // 1L, 2f, 10d suffixes and the like
        } else {
          break;
        }
      }
    }

    private void word() {
      int start = i;
      while (i < n && isIdentifierPart(in.charAt(i))) {
        i++;
      }
      int len = i - start;
      // Prefixed strings: E'..', N'..', X'..', B'..', U&'..'
      if (i < n && len == 1) {
        char p = Character.toUpperCase(in.charAt(start));
        char q = in.charAt(i);
        if (q == '\'' && (p == 'E' || p == 'N' || p == 'X' || p == 'B')) {
          i = skipQuoted(i + 1, '\'', p == 'E' || mysql);
          placeholder();
          return;
        }
        if (p == 'U' && q == '&' && next(1) == '\'') {
          i = skipQuoted(i + 2, '\'', false);
          placeholder();
          return;
        }
      }
      append(in, start, i);
      keywordOrName(start, i);
    }

    private void keywordOrName(int start, int end) {
      String upper = end - start <= 12 ? in.substring(start, end).toUpperCase(Locale.ROOT) : null;
      inListStart = -1;
      if (lastWasTableKeyword) {
        lastWasTableKeyword = false;
        if (upper != null && isTableModifier(upper)) {
          lastWasTableKeyword = true; // INSERT IGNORE INTO, DELETE FROM ONLY t, CREATE TABLE IF NOT EXISTS
          afterIn = false;
          return;
        }
        if (expectTable) {
          afterIn = false;
          name(in.substring(start, end));
          return;
        }
      }
      afterIn = "IN".equals(upper);
      if (upper != null) {
        summaryKeyword(upper);
      }
    }

    private void summaryKeyword(String upper) {
      if (operation == null || withClause) {
        if (operation == null) {
          if ("WITH".equals(upper)) {
            operation = "WITH";
            withClause = true;
            return;
          }
          operation = SqlInfo.OPERATIONS.contains(upper) ? upper : SqlInfo.OTHER;
          if ("UPDATE".equals(upper)) {
            tableKeyword();
          }
          return;
        }
        if (withClause && depth == 0 && SqlInfo.WITH_VERBS.contains(upper)) {
          operation = upper;
          withClause = false;
          if ("UPDATE".equals(upper)) {
            tableKeyword();
          }
          return;
        }
      }
      if (collection == null && ("FROM".equals(upper) || "INTO".equals(upper) || "JOIN".equals(upper)
          || "TABLE".equals(upper))) {
        tableKeyword();
        return;
      }
    }

    private void tableKeyword() {
      if (collection == null) {
        expectTable = true;
        lastWasTableKeyword = true;
      }
    }

    private static boolean isTableModifier(String upper) {
      switch (upper) {
        case "IGNORE":
        case "ONLY":
        case "IF":
        case "NOT":
        case "EXISTS":
        case "LOW_PRIORITY":
        case "DELAYED":
        case "HIGH_PRIORITY":
        case "QUICK":
        case "LATERAL":
          return true;
        default:
          return false;
      }
    }

    /** A name where a table is expected: the first one is the collection (qualified names keep their last part). */
    private void name(String name) {
      if (!expectTable) {
        return;
      }
      expectTable = false;
      lastWasTableKeyword = false;
      // schema.table: take what follows the dots
      int j = i;
      String last = name;
      while (j < n && in.charAt(j) == '.' && j + 1 < n) {
        char c = in.charAt(j + 1);
        int start;
        int end;
        String part;
        if (c == '"' || c == '`' || c == '[') {
          char close = c == '[' ? ']' : c;
          start = j + 1;
          end = skipQuoted(start + 1, close, false);
          part = in.substring(start + 1, Math.max(start + 1, end - 1));
        } else if (isIdentifierStart(c)) {
          start = j + 1;
          end = start;
          while (end < n && isIdentifierPart(in.charAt(end))) {
            end++;
          }
          part = in.substring(start, end);
        } else {
          break;
        }
        append(in, j, end);
        last = part;
        j = end;
      }
      i = j;
      if (!last.isEmpty()) {
        collection = last.length() > MAX_COLLECTION_LENGTH ? last.substring(0, MAX_COLLECTION_LENGTH) : last;
      }
    }

    private void punctuation(char c) {
      i++;
      if (c == '(') {
        depth++;
        if (afterIn) {
          inListStart = out.length();
          afterIn = false;
          out.append('(');
          return;
        }
        if (lastWasTableKeyword) {
          lastWasTableKeyword = false; // FROM (subquery): wait for the next FROM
          expectTable = false;
        }
      } else if (c == ')') {
        depth = Math.max(0, depth - 1);
        if (inListStart >= 0) {
          out.setLength(inListStart);
          out.append("(?)");
          inListStart = -1;
          return;
        }
      } else if (c == '{' || c == '}') {
        // JDBC escape syntax {call p(?)}, {? = call p(?)}: drop the braces
        space();
        return;
      } else if (c != ',' && c != '?') {
        inListStart = -1;
      }
      afterIn = false;
      if (c == ';' && depth == 0) {
        expectTable = false; // only the first statement of a script is summarized
        lastWasTableKeyword = false;
      }
      out.append(c);
    }

    private void append(String s, int start, int end) {
      int room = MAX_TEXT_LENGTH + 1 - out.length();
      out.append(s, start, Math.min(end, start + Math.max(0, room)));
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
      return Character.isLetter(c) || c == '_' || c == '@' || (c >= 0xD800 && c <= 0xDFFF);
    }

    private static boolean isIdentifierPart(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@' || (c >= 0xD800 && c <= 0xDFFF);
    }
  }
}
