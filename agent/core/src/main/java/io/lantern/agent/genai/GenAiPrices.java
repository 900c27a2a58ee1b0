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
 * # comment; blank lines are ignored; a first line starting with "provider," is a header
 * provider,model,input_usd_per_1m,output_usd_per_1m[,as_of]
 * openai,gpt-4o,2.50,10.00,2025-11-01
 * openai,ft:gpt-4o-mini:acme:*,0.30,1.20
 * </pre>
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

  /** One row: USD per million input and output tokens. */
  public static final class Price {
    final double inputPerMillion;
    final double outputPerMillion;
    final String asOf;

    Price(double inputPerMillion, double outputPerMillion, String asOf) {
      this.inputPerMillion = inputPerMillion;
      this.outputPerMillion = outputPerMillion;
      this.asOf = asOf;
    }

    /** USD for these token counts. */
    public double cost(long inputTokens, long outputTokens) {
      return (inputTokens * inputPerMillion + outputTokens * outputPerMillion) / 1_000_000.0;
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
      String line;
      while ((line = lines.readLine()) != null) {
        number++;
        String trimmed = line.trim();
        if (number == 1 && trimmed.startsWith("\uFEFF")) {
          trimmed = trimmed.substring(1).trim();
        }
        if (trimmed.isEmpty() || trimmed.startsWith("#")
            || (!seenRow && trimmed.toLowerCase(Locale.ROOT).startsWith("provider,"))) {
          continue;
        }
        seenRow = true;
        String problem = add(trimmed);
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

    /** Adds one row; returns what is wrong with it, or null. */
    private String add(String row) {
      String[] cells = row.split(",", -1);
      if (cells.length < 4 || cells.length > 5) {
        return "expected provider,model,input_usd_per_1m,output_usd_per_1m[,as_of]";
      }
      String provider = cells[0].trim().toLowerCase(Locale.ROOT);
      String model = cells[1].trim().toLowerCase(Locale.ROOT);
      String input = cells[2].trim();
      String output = cells[3].trim();
      String asOf = cells.length == 5 ? cells[4].trim() : "";
      if (provider.isEmpty() || model.isEmpty() || model.equals("*")) {
        return "provider and model must be named";
      }
      // 309 digits and more match the pattern but parse to Infinity, which would poison the cost counter
      double inputPrice = NUMBER.matcher(input).matches() ? Double.parseDouble(input) : Double.NaN;
      double outputPrice = NUMBER.matcher(output).matches() ? Double.parseDouble(output) : Double.NaN;
      if (!Double.isFinite(inputPrice) || !Double.isFinite(outputPrice)) {
        return "prices must be non-negative decimal numbers";
      }
      if (!asOf.isEmpty() && !DATE.matcher(asOf).matches()) {
        return "as_of must be a yyyy-mm-dd date";
      }
      Price price = new Price(inputPrice, outputPrice, asOf.isEmpty() ? null : asOf);
      if (model.endsWith("*")) {
        prefixes.put(key(provider, model.substring(0, model.length() - 1)), price);
      } else {
        exact.put(key(provider, model), price);
      }
      return null;
    }

    GenAiPrices build() {
      return new GenAiPrices(exact, prefixes);
    }
  }
}
