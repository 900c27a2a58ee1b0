package io.lantern.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A parsed Prometheus text (0.0.4) or OpenMetrics (1.0.0) exposition.
 *
 * <p>Every sample line becomes a {@link Sample}: its name as written (so {@code _bucket},
 * {@code _count}, {@code _sum}, {@code _total}, {@code _created} are part of the name), its labels,
 * its value, an optional timestamp and, for OpenMetrics, an optional {@link Exemplar} written after
 * {@code # }.
 */
public final class Metrics {

  /** One exemplar: {@code # {trace_id="..",span_id=".."} value [timestamp]}. */
  public record Exemplar(Map<String, String> labels, double value, Double timestamp) {
    public String traceId() {
      return labels.get("trace_id");
    }

    public String spanId() {
      return labels.get("span_id");
    }
  }

  /** One sample line. {@code timestamp} and {@code exemplar} are null when absent. */
  public record Sample(String name, Map<String, String> labels, double value, Double timestamp, Exemplar exemplar) {
    @Override
    public String toString() {
      return name + labels + " " + value + (exemplar == null ? "" : " # " + exemplar.labels() + " " + exemplar.value());
    }
  }

  private final String text;
  private final List<Sample> samples;
  private final Map<String, String> types;
  private final boolean eof;

  private Metrics(String text, List<Sample> samples, Map<String, String> types, boolean eof) {
    this.text = text;
    this.samples = samples;
    this.types = types;
    this.eof = eof;
  }

  /** Parses either format; throws {@link IllegalArgumentException} naming the line on a syntax error. */
  public static Metrics parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new LinkedHashMap<>();
    boolean eof = false;
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isBlank()) {
        continue;
      }
      if (eof) {
        throw new IllegalArgumentException("line " + lineNo + " after # EOF: " + line);
      }
      if (line.startsWith("#")) {
        String[] parts = line.trim().split("\\s+", 4);
        if (parts.length >= 2 && parts[1].equals("EOF") && parts.length == 2) {
          eof = true;
        } else if (parts.length >= 4 && parts[1].equals("TYPE")) {
          types.put(parts[2], parts[3].trim());
        }
        continue;
      }
      try {
        samples.add(new LineParser(line).sample());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("cannot parse line " + lineNo + ": " + line + " (" + e.getMessage() + ")", e);
      }
    }
    return new Metrics(text, Collections.unmodifiableList(samples), Collections.unmodifiableMap(types), eof);
  }

  /** The raw exposition text. */
  public String text() {
    return text;
  }

  /** Whether the text ended with {@code # EOF} (OpenMetrics). */
  public boolean hasEof() {
    return eof;
  }

  /** {@code # TYPE} of a metric family (the name without sample suffixes), or null. */
  public String type(String familyName) {
    return types.get(familyName);
  }

  public List<Sample> all() {
    return samples;
  }

  /** All distinct sample names, sorted. */
  public Set<String> names() {
    return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
  }

  public List<Sample> samples(String sampleName) {
    return samples.stream().filter(s -> s.name().equals(sampleName)).collect(Collectors.toList());
  }

  public Set<Map<String, String>> labelSets(String sampleName) {
    return samples.stream()
        .filter(s -> s.name().equals(sampleName))
        .map(Sample::labels)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** Value of the sample with exactly this label set; throws with a listing of what exists if absent. */
  public double value(String sampleName, Map<String, String> labels) {
    Sample s = find(sampleName, labels);
    if (s == null) {
      throw new AssertionError("no sample " + sampleName + labels + "\n" + describe(sampleName));
    }
    return s.value();
  }

  /** Value of the sample with exactly this label set, or {@code 0} when there is none (for deltas). */
  public double valueOrZero(String sampleName, Map<String, String> labels) {
    Sample s = find(sampleName, labels);
    return s == null ? 0 : s.value();
  }

  public boolean has(String sampleName, Map<String, String> labels) {
    return find(sampleName, labels) != null;
  }

  private Sample find(String sampleName, Map<String, String> labels) {
    Sample found = null;
    for (Sample s : samples) {
      if (s.name().equals(sampleName) && s.labels().equals(labels)) {
        if (found != null) {
          throw new AssertionError("duplicate sample " + sampleName + labels);
        }
        found = s;
      }
    }
    return found;
  }

  public double sum(String sampleName, Predicate<Map<String, String>> labelFilter) {
    return samples.stream()
        .filter(s -> s.name().equals(sampleName) && labelFilter.test(s.labels()))
        .mapToDouble(Sample::value)
        .sum();
  }

  public double sum(String sampleName) {
    return sum(sampleName, l -> true);
  }

  public List<Exemplar> exemplars(String sampleName) {
    return samples.stream()
        .filter(s -> s.name().equals(sampleName) && s.exemplar() != null)
        .map(Sample::exemplar)
        .collect(Collectors.toList());
  }

  /** Every label value of every sample (for "no raw id anywhere" checks). */
  public Set<String> allLabelValues() {
    Set<String> out = new TreeSet<>();
    for (Sample s : samples) {
      out.addAll(s.labels().values());
    }
    return out;
  }

  /** Human-readable listing of the samples of one name, or of all names when there is none. */
  public String describe(String sampleName) {
    List<Sample> matching = samples(sampleName);
    if (matching.isEmpty()) {
      return "no samples named " + sampleName + "; names present: " + names();
    }
    StringBuilder sb = new StringBuilder("samples named " + sampleName + ":\n");
    for (Sample s : matching) {
      sb.append("  ").append(new TreeMap<>(s.labels())).append(' ').append(s.value()).append('\n');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return text;
  }

  /** Parses {@code name{labels} value [timestamp] [# {labels} value [timestamp]]}. */
  private static final class LineParser {
    private final String s;
    private int i;

    LineParser(String s) {
      this.s = s;
    }

    Sample sample() {
      skipSpaces();
      int start = i;
      while (i < s.length() && s.charAt(i) != '{' && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      String name = s.substring(start, i);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("missing metric name");
      }
      Map<String, String> labels = Map.of();
      if (i < s.length() && s.charAt(i) == '{') {
        labels = labels();
      }
      skipSpaces();
      double value = number(token());
      skipSpaces();
      Double timestamp = null;
      if (i < s.length() && s.charAt(i) != '#') {
        timestamp = number(token());
        skipSpaces();
      }
      Exemplar exemplar = null;
      if (i < s.length() && s.charAt(i) == '#') {
        i++;
        skipSpaces();
        if (i >= s.length() || s.charAt(i) != '{') {
          throw new IllegalArgumentException("exemplar without labels");
        }
        Map<String, String> exLabels = labels();
        skipSpaces();
        double exValue = number(token());
        skipSpaces();
        Double exTs = null;
        if (i < s.length()) {
          exTs = number(token());
          skipSpaces();
        }
        exemplar = new Exemplar(exLabels, exValue, exTs);
      }
      if (i < s.length()) {
        throw new IllegalArgumentException("trailing text at column " + i);
      }
      return new Sample(name, labels, value, timestamp, exemplar);
    }

    private Map<String, String> labels() {
      expect('{');
      Map<String, String> labels = new LinkedHashMap<>();
      skipSpaces();
      while (peek() != '}') {
        int start = i;
        while (i < s.length() && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        String key = s.substring(start, i);
        skipSpaces();
        expect('=');
        skipSpaces();
        expect('"');
        StringBuilder v = new StringBuilder();
        while (true) {
          if (i >= s.length()) {
            throw new IllegalArgumentException("unterminated label value for " + key);
          }
          char c = s.charAt(i++);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            if (i >= s.length()) {
              throw new IllegalArgumentException("dangling escape in " + key);
            }
            char e = s.charAt(i++);
            switch (e) {
              case 'n' -> v.append('\n');
              case '\\' -> v.append('\\');
              case '"' -> v.append('"');
              default -> throw new IllegalArgumentException("bad escape \\" + e + " in " + key);
            }
          } else {
            v.append(c);
          }
        }
        if (labels.put(key, v.toString()) != null) {
          throw new IllegalArgumentException("duplicate label " + key);
        }
        skipSpaces();
        if (peek() == ',') {
          i++;
          skipSpaces();
        } else if (peek() != '}') {
          throw new IllegalArgumentException("expected , or } at column " + i);
        }
      }
      expect('}');
      return Collections.unmodifiableMap(labels);
    }

    private String token() {
      int start = i;
      while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (start == i) {
        throw new IllegalArgumentException("missing value at column " + i);
      }
      return s.substring(start, i);
    }

    private static double number(String t) {
      switch (t) {
        case "+Inf", "Inf", "+inf", "inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf", "-inf":
          return Double.NEGATIVE_INFINITY;
        case "NaN", "nan":
          return Double.NaN;
        default:
          return Double.parseDouble(t);
      }
    }

    private char peek() {
      if (i >= s.length()) {
        throw new IllegalArgumentException("unexpected end of line");
      }
      return s.charAt(i);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at column " + i);
      }
      i++;
    }

    private void skipSpaces() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }
  }

  /** Parses an {@code le} label value ("0.005", "1.0", "+Inf") to a double. */
  public static double le(String value) {
    return LineParser.number(Objects.requireNonNull(value, "le"));
  }
}
