package io.lantern.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small LogQL checker: enough of the grammar to find the stream selectors, their label
 * matchers, and the fields a query reads after {@code | json} (label filters, {@code unwrap},
 * {@code by (...)}, {@code line_format} templates), so that a dashboard query can be held to
 * the labels Alloy sets and the fields the agent writes.
 */
final class LogQl {
  private static final Pattern MATCHER = Pattern.compile("\\s*(\\w+)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");
  private static final Pattern LABEL_FILTER = Pattern.compile("\\|\\s*(\\w+)\\s*(>=|<=|!=|=~|!~|==|>|<|=)");
  private static final Pattern UNWRAP = Pattern.compile("\\bunwrap\\s+(\\w+)");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
  private static final Pattern TEMPLATE_FIELD = Pattern.compile("\\{\\{[^}]*?\\.(\\w+)");
  private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((?:(.*),\\s*)?(\\w+)\\)$");
  private static final Pattern PLAIN_ALTERNATION = Pattern.compile("[\\w|]+");
  private static final Set<String> KEYWORDS = Set.of("json", "logfmt", "line_format", "label_format", "unwrap", "drop", "keep",
      "pattern", "regexp", "unpack", "decolorize", "ip");

  private LogQl() {}

  static void check(String query, Set<String> labels, Set<String> fields, Set<String> events, Set<String> levels) {
    check(query, labels, Set.of(), fields, events, levels);
  }

  /**
   * As above; {@code metadata} are the fields Alloy puts into structured metadata: readable
   * without {@code | json} (label filters, {@code by}) but never in a stream selector.
   */
  static void check(String query, Set<String> labels, Set<String> metadata, Set<String> fields, Set<String> events,
      Set<String> levels) {
    String q = query.trim();
    Matcher lv = LABEL_VALUES.matcher(q);
    if (lv.matches()) {
      require(labels.contains(lv.group(2)), query, "label_values of " + lv.group(2) + ", which Alloy does not set");
      if (lv.group(1) != null) {
        check(lv.group(1), labels, metadata, fields, events, levels);
      }
      return;
    }
    // split into outside-quote text (strings emptied) and the selectors
    StringBuilder stripped = new StringBuilder();
    List<String> selectors = new ArrayList<>();
    List<String> strings = new ArrayList<>();
    int depth = 0;
    int selectorStart = -1;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (c == '"' || c == '`') {
        int end = i + 1;
        while (end < q.length() && q.charAt(end) != c) {
          end += q.charAt(end) == '\\' && c == '"' ? 2 : 1;
        }
        require(end < q.length(), query, "unterminated string");
        strings.add(q.substring(i + 1, end));
        stripped.append(c).append(c);
        i = end;
        continue;
      }
      if (c == '{') {
        require(depth == 0, query, "nested '{'");
        depth++;
        selectorStart = i;
      } else if (c == '}') {
        require(depth == 1, query, "unbalanced '}'");
        depth--;
        selectors.add(q.substring(selectorStart + 1, i));
      }
      stripped.append(c);
    }
    require(depth == 0, query, "unbalanced '{'");
    require(!selectors.isEmpty(), query, "no stream selector");
    require(balanced(stripped.toString()), query, "unbalanced parentheses or brackets");

    for (String selector : selectors) {
      Matcher m = MATCHER.matcher(selector);
      int at = 0;
      boolean nonEmpty = false;
      while (m.find() && m.start() == at) {
        at = m.end();
        String label = m.group(1);
        String op = m.group(2);
        String value = m.group(3);
        require(labels.contains(label), query, "label " + label + " is not one Alloy sets " + labels);
        nonEmpty |= !(value.isEmpty() || value.equals(".*"));
        Set<String> known = label.equals("event") ? events : label.equals("level") ? levels : null;
        if (known != null && (op.equals("=") || (op.equals("=~") && PLAIN_ALTERNATION.matcher(value).matches()))) {
          for (String v : value.split("\\|")) {
            require(known.contains(v), query, label + " value " + v + " is none the agent writes " + known);
          }
        }
      }
      require(at == selector.length() && at > 0, query, "cannot parse stream selector {" + selector + "}");
      require(nonEmpty, query, "Loki needs one matcher that cannot be empty");
    }

    String text = stripped.toString();
    List<String> read = new ArrayList<>();
    for (Pattern p : List.of(LABEL_FILTER, UNWRAP)) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        read.add(m.group(1));
      }
    }
    Matcher g = GROUPING.matcher(text);
    while (g.find()) {
      for (String name : g.group(1).split(",")) {
        if (!name.isBlank()) {
          read.add(name.trim());
        }
      }
    }
    for (String s : strings) {
      Matcher t = TEMPLATE_FIELD.matcher(s);
      while (t.find()) {
        read.add(t.group(1));
      }
    }
    int json = text.indexOf("| json");
    for (String name : read) {
      require(!KEYWORDS.contains(name), query, "cannot parse near '" + name + "'");
      require(fields.contains(name), query, "reads field " + name + ", which no agent event has");
      if (!labels.contains(name) && !metadata.contains(name)) {
        require(json >= 0, query, "reads field " + name + " without '| json'");
      }
    }
  }

  private static boolean balanced(String s) {
    int paren = 0;
    int bracket = 0;
    for (char c : s.toCharArray()) {
      paren += c == '(' ? 1 : c == ')' ? -1 : 0;
      bracket += c == '[' ? 1 : c == ']' ? -1 : 0;
      if (paren < 0 || bracket < 0) {
        return false;
      }
    }
    return paren == 0 && bracket == 0;
  }

  private static void require(boolean ok, String query, String problem) {
    if (!ok) {
      throw new AssertionError(problem + ": " + query);
    }
  }
}
