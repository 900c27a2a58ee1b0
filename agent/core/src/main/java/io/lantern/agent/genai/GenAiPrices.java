package io.lantern.agent.genai;

import io.lantern.agent.config.ConfigWarning;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Per-provider, per-model token prices that turn a call's token counts into {@code cost_usd}.
 *
 * <p>The table is the built-in dated one ({@value #DEFAULT_RESOURCE}) overlaid with the file named
 * by {@code lantern.gen-ai.prices.file}: a row of the user's file replaces the built-in row of the
 * same provider and model. Format, one price per line, UTF-8:
 *
 * <pre>
 * # comment; blank lines are ignored
 * provider,model,input_usd_per_1m,output_usd_per_1m,cached_input_usd_per_1m,cache_write_usd_per_1m,as_of
 * openai,gpt-4o,2.50,10.00,1.25,,2025-11-01
 * openai,ft:gpt-4o-mini:acme:*,0.30,1.20
 * </pre>
 *
 * A first row whose every cell is a column name ({@link #COLUMNS}, case-insensitive) is a header:
 * it names the columns, in any order; {@code provider}, {@code model}, {@code input_usd_per_1m} and
 * {@code output_usd_per_1m} are required, the others optional (a row may leave them empty or out).
 * Without a header the columns are positional: {@code provider,model,input_usd_per_1m,
 * output_usd_per_1m[,as_of]}. An empty cached-input or cache-write price is the input price.
 *
 * Provider and model match case-insensitively; a model ending in {@code *} matches every model
 * starting with what precedes it (the longest such prefix wins, an exact row always wins). A
 * price is looked up by the model that answered, then by the model requested. No row, no price:
 * the caller records no cost (never zero).
 */
public final class GenAiPrices {
  static final String DEFAULT_RESOURCE = "default-prices.csv";
  /** The {@code default} of the {@code config_warning} for a price file that is unusable in part or whole. */
  static final String WARNING_DEFAULT = "built-in prices, and the rows of the file that parse";
  private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d*)?|\\.\\d+");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  static final int PROVIDER = 0;
  static final int MODEL = 1;
  static final int INPUT = 2;
  static final int OUTPUT = 3;
  static final int CACHED_INPUT = 4;
  static final int CACHE_WRITE = 5;
  static final int AS_OF = 6;
  /** The column names a header may use, by index; the first four are required. */
  static final String[] COLUMNS = {"provider", "model", "input_usd_per_1m", "output_usd_per_1m",
      "cached_input_usd_per_1m", "cache_write_usd_per_1m", "as_of"};
  /** A file without a header: provider,model,input,output[,as_of]. */
  private static final int[] POSITIONAL = {PROVIDER, MODEL, INPUT, OUTPUT, AS_OF};

  /** One row: USD per million input, output, cache-read and cache-write input tokens. */
  public static final class Price {
    final double inputPerMillion;
    final double outputPerMillion;
    final double cachedInputPerMillion;
    final double cacheWritePerMillion;
    final String asOf;

    Price(double inputPerMillion, double outputPerMillion, String asOf) {
      this(inputPerMillion, outputPerMillion, inputPerMillion, inputPerMillion, asOf);
    }

    Price(double inputPerMillion, double outputPerMillion, double cachedInputPerMillion, double cacheWritePerMillion,
        String asOf) {
      this.inputPerMillion = inputPerMillion;
      this.outputPerMillion = outputPerMillion;
      this.cachedInputPerMillion = cachedInputPerMillion;
      this.cacheWritePerMillion = cacheWritePerMillion;
      this.asOf = asOf;
    }

    /** USD for these token counts, every input token at the input price. */
    public double cost(long inputTokens, long outputTokens) {
      return (inputTokens * inputPerMillion + outputTokens * outputPerMillion) / 1_000_000.0;
    }

    /**
     * USD for these token counts: of {@code inputTokens} (which include them), the cache-read ones
     * at the cached-input price and the cache-write ones at the cache-write price, the rest at the
     * input price; every output token (reasoning included) at the output price. A negative cache
     * count is unknown, priced as plain input.
     */
    public double cost(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
      long read = Math.max(0, cacheReadTokens);
      long write = Math.max(0, cacheWriteTokens);
      long plain = Math.max(0, inputTokens - read - write);
      return (plain * inputPerMillion + read * cachedInputPerMillion + write * cacheWritePerMillion
          + outputTokens * outputPerMillion) / 1_000_000.0;
    }

    /** USD of the cache-read input tokens alone (the "cached" share of {@link #cost(long, long, long, long)}). */
    public double cachedCost(long cacheReadTokens) {
      return Math.max(0, cacheReadTokens) * cachedInputPerMillion / 1_000_000.0;
    }

    public double cachedInputPerMillion() {
      return cachedInputPerMillion;
    }

    public double cacheWritePerMillion() {
      return cacheWritePerMillion;
    }

    public double inputPerMillion() {
      return inputPerMillion;
    }

    public double outputPerMillion() {
      return outputPerMillion;
    }

    /** The row's date ({@code yyyy-mm-dd}), or null. */
    public String asOf() {
      return asOf;
    }
  }

  private final Map<String, Price> exact;
  /** Prefix rows, longest prefix first. */
  private final List<String> prefixes;
  private final Map<String, Price> prefixPrices;

  private GenAiPrices(Map<String, Price> exact, Map<String, Price> prefixPrices) {
    this.exact = exact;
    this.prefixPrices = prefixPrices;
    this.prefixes = new ArrayList<>(prefixPrices.keySet());
    this.prefixes.sort((a, b) -> b.length() - a.length());
  }

  /** No prices at all. */
  public static GenAiPrices none() {
    return new GenAiPrices(new HashMap<>(), new HashMap<>());
  }

  /**
   * The built-in table overlaid with {@code userFile} (null: none). Never throws: an unreadable
   * file or unusable rows give one {@link ConfigWarning} for {@code lantern.gen-ai.prices.file}
   * each, and the rest is used.
   */
  public static GenAiPrices load(String userFile, List<ConfigWarning> warnings) {
    Builder builder = new Builder();
    try (InputStream in = GenAiPrices.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in != null) {
        builder.read(new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULT_RESOURCE, null);
      }
    } catch (IOException | RuntimeException e) {
      // the built-in table is part of the agent; without it there are only the user's prices
    }
    if (userFile != null) {
      try (Reader reader = Files.newBufferedReader(Paths.get(userFile), StandardCharsets.UTF_8)) {
        builder.read(reader, userFile, warnings);
      } catch (IOException | RuntimeException e) {
        warnings.add(new ConfigWarning(GenAiConfig.PRICES_FILE.name(), userFile + " (cannot be read: " + e + ")", WARNING_DEFAULT));
      }
    }
    return builder.build();
  }

  /** Parses one table alone (tests, tools). */
  static GenAiPrices parse(Reader reader, String source, List<ConfigWarning> warnings) throws IOException {
    Builder builder = new Builder();
    builder.read(reader, source, warnings);
    return builder.build();
  }

  /**
   * The price of the model that answered ({@code responseModel}), else of the model requested;
   * null when neither has one.
   */
  public Price find(String provider, String responseModel, String requestModel) {
    if (provider == null) {
      return null;
    }
    String p = provider.toLowerCase(Locale.ROOT);
    Price price = exact(p, responseModel);
    if (price == null) {
      price = exact(p, requestModel);
    }
    if (price == null) {
      price = prefix(p, responseModel);
    }
    if (price == null) {
      price = prefix(p, requestModel);
    }
    return price;
  }

  /** Number of rows (tests, diagnostics). */
  public int size() {
    return exact.size() + prefixPrices.size();
  }

  private Price exact(String provider, String model) {
    return model == null || model.isEmpty() ? null : exact.get(key(provider, model.toLowerCase(Locale.ROOT)));
  }

  private Price prefix(String provider, String model) {
    if (model == null || model.isEmpty() || prefixes.isEmpty()) {
      return null;
    }
    String key = key(provider, model.toLowerCase(Locale.ROOT));
    for (String prefix : prefixes) {
      if (key.startsWith(prefix)) {
        return prefixPrices.get(prefix);
      }
    }
    return null;
  }

  private static String key(String provider, String model) {
    return provider + '\u0000' + model;
  }

  private static final class Builder {
    final Map<String, Price> exact = new HashMap<>();
    final Map<String, Price> prefixes = new HashMap<>();

    /** Reads rows; reports the first unusable row of {@code source} (when warnings is not null). */
    void read(Reader reader, String source, List<ConfigWarning> warnings) throws IOException {
      BufferedReader lines = new BufferedReader(reader);
      String firstBad = null;
      int bad = 0;
      int number = 0;
      boolean seenRow = false;
      int[] columns = POSITIONAL;
      String line;
      while ((line = lines.readLine()) != null) {
        number++;
        String trimmed = line.trim();
        if (number == 1 && trimmed.startsWith("\uFEFF")) {
          trimmed = trimmed.substring(1).trim();
        }
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        if (!seenRow) {
          seenRow = true;
          int[] header = header(trimmed);
          if (header != null) {
            String missing = missingColumn(header);
            if (missing != null) {
              if (warnings != null) {
                warnings.add(new ConfigWarning(GenAiConfig.PRICES_FILE.name(),
                    source + " (line " + number + ": the header has no " + missing + " column; no row of it used)", WARNING_DEFAULT));
              }
              return;
            }
            // today's header (provider,model,input,output[,as_of]) keeps the positional meaning, as_of optional per row
            columns = isPositional(header) ? POSITIONAL : header;
            continue;
          }
          if (trimmed.toLowerCase(Locale.ROOT).startsWith("provider,")) {
            continue; // a header of names of its own: the columns stay positional, as before headers named them
          }
        }
        String problem = add(trimmed, columns);
        if (problem != null) {
          bad++;
          if (firstBad == null) {
            firstBad = "line " + number + ": " + problem;
          }
        }
      }
      if (bad > 0 && warnings != null) {
        warnings.add(new ConfigWarning(GenAiConfig.PRICES_FILE.name(),
            source + " (" + bad + " unusable row" + (bad == 1 ? "" : "s") + ", first at " + firstBad + ")", WARNING_DEFAULT));
      }
    }

    /**
     * The column index of each cell when every cell of {@code line} is a column name (each once),
     * else null (a data row).
     */
    static int[] header(String line) {
      String[] cells = line.split(",", -1);
      int[] columns = new int[cells.length];
      boolean[] seen = new boolean[COLUMNS.length];
      for (int i = 0; i < cells.length; i++) {
        String name = cells[i].trim().toLowerCase(Locale.ROOT);
        int index = -1;
        for (int c = 0; c < COLUMNS.length; c++) {
          if (COLUMNS[c].equals(name)) {
            index = c;
          }
        }
        if (index < 0 || seen[index]) {
          return null;
        }
        seen[index] = true;
        columns[i] = index;
      }
      return columns;
    }

    /** Whether a header names the positional columns in their order (as_of may be left out). */
    static boolean isPositional(int[] header) {
      if (header.length < 4 || header.length > POSITIONAL.length) {
        return false;
      }
      for (int i = 0; i < header.length; i++) {
        if (header[i] != POSITIONAL[i]) {
          return false;
        }
      }
      return true;
    }

    /** The first required column a header lacks, or null. */
    static String missingColumn(int[] header) {
      for (int required = PROVIDER; required <= OUTPUT; required++) {
        boolean found = false;
        for (int column : header) {
          found |= column == required;
        }
        if (!found) {
          return COLUMNS[required];
        }
      }
      return null;
    }

    /** Adds one row, its cells in the order of {@code columns}; returns what is wrong with it, or null. */
    private String add(String row, int[] columns) {
      String[] cells = row.split(",", -1);
      String[] values = new String[COLUMNS.length];
      java.util.Arrays.fill(values, "");
      if (columns == POSITIONAL ? cells.length < 4 || cells.length > 5 : cells.length > columns.length) {
        return columns == POSITIONAL ? "expected provider,model,input_usd_per_1m,output_usd_per_1m[,as_of]"
            : "more cells than the header names";
      }
      for (int i = 0; i < cells.length; i++) {
        values[columns[i]] = cells[i].trim();
      }
      String provider = values[PROVIDER].toLowerCase(Locale.ROOT);
      String model = values[MODEL].toLowerCase(Locale.ROOT);
      String asOf = values[AS_OF];
      if (provider.isEmpty() || model.isEmpty() || model.equals("*")) {
        return "provider and model must be named";
      }
      double inputPrice = price(values[INPUT], Double.NaN);
      double outputPrice = price(values[OUTPUT], Double.NaN);
      double cachedPrice = price(values[CACHED_INPUT], inputPrice);
      double writePrice = price(values[CACHE_WRITE], inputPrice);
      if (!Double.isFinite(inputPrice) || !Double.isFinite(outputPrice) || !Double.isFinite(cachedPrice)
          || !Double.isFinite(writePrice)) {
        return "prices must be non-negative decimal numbers";
      }
      if (!asOf.isEmpty() && !DATE.matcher(asOf).matches()) {
        return "as_of must be a yyyy-mm-dd date";
      }
      Price price = new Price(inputPrice, outputPrice, cachedPrice, writePrice, asOf.isEmpty() ? null : asOf);
      if (model.endsWith("*")) {
        prefixes.put(key(provider, model.substring(0, model.length() - 1)), price);
      } else {
        exact.put(key(provider, model), price);
      }
      return null;
    }

    /** A price cell: {@code empty} when empty, NaN when not a finite non-negative decimal. */
    private static double price(String cell, double empty) {
      if (cell.isEmpty()) {
        return empty;
      }
      // 309 digits and more match the pattern but parse to Infinity, which would poison the cost counter
      return NUMBER.matcher(cell).matches() ? Double.parseDouble(cell) : Double.NaN;
    }

    GenAiPrices build() {
      return new GenAiPrices(exact, prefixes);
    }
  }
}
