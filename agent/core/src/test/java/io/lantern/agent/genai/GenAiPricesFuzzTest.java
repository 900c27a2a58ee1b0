package io.lantern.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.config.ConfigWarning;
import io.lantern.agent.fuzz.Fuzz;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The price file ({@code lantern.gen-ai.prices.file}) against random files: valid rows among
 * mutated, garbage, oversized and out-of-range ones, and random bytes that are not UTF-8. Reading
 * never throws and gives at most one warning per file, exactly one when a row is unusable; every
 * valid row is priced exactly as written; no price or cost is infinite or negative.
 */
class GenAiPricesFuzzTest {
  private static final long SEED = 0x9e1c35L;
  private static final int CASES = 10_000;
  /** Each writes and reads a file: fewer, to stay inside the suite's time. */
  private static final int FILE_CASES = 1_000;
  /** A 64 KB line, drawn rarely: a few hundred of them over the run is enough and keeps it fast. */
  private static final int HUGE_LINE = 65_536;
  private static final String SPECIALS = ",.#*-:0123456789 \t\r";

  @TempDir Path dir;

  @Test
  void randomFilesParseWithoutThrowingAndPriceExactlyTheirValidRows() {
    Fuzz.run(SEED, CASES, in -> {
      StringBuilder file = new StringBuilder(in.oneIn(10) ? "\uFEFF" : "");
      Map<String, double[]> valid = new HashMap<>(); // model -> input, output: the last valid row of each wins
      List<String> rejected = new ArrayList<>();
      boolean unusable = false;
      boolean unknown = false;
      int lines = in.nextInt(20);
      for (int i = 0; i < lines; i++) {
        String model = "m" + i + "-" + in.hex(6);
        double input = in.nextInt(1_000_000) / 100.0;
        double output = in.nextInt(1_000_000) / 100.0;
        String row = "openai, " + model + " ," + input + "," + output + (in.nextBoolean() ? ",2025-11-01" : "");
        switch (in.nextInt(7)) {
          case 0:
          case 1:
            file.append(row);
            valid.put(model, new double[] {input, output});
            break;
          case 2:
            // the header is one only as the first line; later it is a row (an unusable one)
            file.append(i == 0 && in.nextBoolean() ? "provider,model,input_usd_per_1m,output_usd_per_1m"
                : in.pick("", "# " + in.from("abc ,.*#0123456789\t", 20), " \t"));
            break;
          case 3: // unusable for certain: a cell missing, a sign, a price too big for a double, a bad date, one cell too many
            file.append(in.pick("openai," + model + "," + input,
                "openai," + model + ",-" + input + "," + output,
                "openai," + model + "," + Fuzz.repeat("9", in.oneIn(50) ? HUGE_LINE : in.pick(309, 400)) + "," + output,
                "openai," + model + "," + input + "," + output + ",2025-11-1",
                "openai," + model + "," + input + "," + output + ",2025-11-01,x"));
            rejected.add(model);
            unusable = true;
            break;
          case 4:
            file.append(in.mutate(row, SPECIALS));
            unknown = true;
            break;
          case 5:
            file.append(Fuzz.repeat(in.text(SPECIALS, 16) + ",", in.oneIn(50) ? HUGE_LINE : in.pick(10, 1000)));
            unknown = true;
            break;
          default:
            file.append(in.text(SPECIALS, 80));
            unknown = true;
        }
        file.append(in.pick("\n", "\r\n", "\r"));
      }
      List<ConfigWarning> warnings = new ArrayList<>();
      GenAiPrices prices = GenAiPrices.parse(new StringReader(in.input(file.toString())), "fuzz.csv", warnings);

      assertTrue(warnings.size() <= 1, warnings::toString);
      if (unusable) {
        assertEquals(1, warnings.size(), "an unusable row is warned about");
      } else if (!unknown) {
        assertEquals(0, warnings.size(), warnings::toString);
      }
      for (Map.Entry<String, double[]> row : valid.entrySet()) {
        GenAiPrices.Price price = prices.find("OpenAI", null, row.getKey().toUpperCase());
        assertNotNull(price, row.getKey());
        assertEquals(row.getValue()[0], price.inputPerMillion());
        assertEquals(row.getValue()[1], price.outputPerMillion());
        assertFinite(price, in.nextInt(Integer.MAX_VALUE), in.nextInt(Integer.MAX_VALUE));
      }
      for (String model : rejected) {
        if (!valid.containsKey(model)) { // models are unique per line: only the rejected row named it
          assertNull(prices.find("openai", null, model), model);
        }
      }
    });
  }

  @Test
  void randomBytesGiveAtMostOneWarningAndNoUnusablePrice() {
    // decoded leniently (malformed bytes become U+FFFD), so every case reaches the row parser
    Fuzz.run(SEED + 1, CASES, in -> {
      byte[] bytes = randomFile(in);
      List<ConfigWarning> warnings = new ArrayList<>();
      GenAiPrices prices = GenAiPrices.parse(new StringReader(in.input(new String(bytes, StandardCharsets.UTF_8))),
          "fuzz.csv", warnings);
      checkBytesFile(prices, warnings);
    });
  }

  @Test
  void aFileOfRandomBytesIsReadOrWarnedAboutAndTheBuiltInTableKept() {
    // through the file, as the agent reads it: strict UTF-8, so most of these files cannot be read
    Path file = dir.resolve("prices.csv");
    Fuzz.run(SEED + 2, FILE_CASES, in -> {
      byte[] bytes = randomFile(in);
      in.input(new String(bytes, StandardCharsets.ISO_8859_1));
      Files.write(file, bytes);
      List<ConfigWarning> warnings = new ArrayList<>();
      GenAiPrices prices = GenAiPrices.load(file.toString(), warnings);
      checkBytesFile(prices, warnings);
      assertNotNull(prices.find("openai", null, "gpt-4o"), "the built-in table is kept whatever the file holds");
    });
  }

  /** Random bytes, half the time after one valid row (so a bad byte comes after a row already read). */
  private static byte[] randomFile(Fuzz in) {
    byte[] bytes = in.bytes(200);
    if (in.nextBoolean()) {
      byte[] row = "openai,gpt-fuzz,1.5,2\n".getBytes(StandardCharsets.UTF_8);
      byte[] joined = new byte[row.length + bytes.length];
      System.arraycopy(row, 0, joined, 0, row.length);
      System.arraycopy(bytes, 0, joined, row.length, bytes.length);
      bytes = joined;
    }
    return bytes;
  }

  private static void checkBytesFile(GenAiPrices prices, List<ConfigWarning> warnings) {
    assertTrue(warnings.size() <= 1, warnings::toString);
    GenAiPrices.Price price = prices.find("openai", null, "gpt-fuzz");
    if (price != null) {
      assertFinite(price, 1_000_000, 1_000_000);
    }
  }

  // Regression found by the unusable rows above: a price of 309 or more digits matched the number
  // pattern and parsed to Infinity, and every call of that model then added Infinity to
  // lantern_gen_ai_client_cost_usd_total; such a row is unusable now.
  @Test
  void aPriceTooBigForADoubleIsAnUnusableRow() throws Exception {
    List<ConfigWarning> warnings = new ArrayList<>();
    GenAiPrices prices = GenAiPrices.parse(new StringReader("openai,gpt-4o," + Fuzz.repeat("9", 309) + ",1\n"
        + "openai,gpt-4o-mini,0.15,0.6\n"), "fuzz.csv", warnings);
    assertNull(prices.find("openai", null, "gpt-4o"));
    assertEquals(0.15, prices.find("openai", null, "gpt-4o-mini").inputPerMillion());
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).value().contains("line 1: prices must be"), warnings.get(0).value());
  }

  private static void assertFinite(GenAiPrices.Price price, long inputTokens, long outputTokens) {
    assertTrue(Double.isFinite(price.inputPerMillion()) && price.inputPerMillion() >= 0, () -> "" + price.inputPerMillion());
    assertTrue(Double.isFinite(price.outputPerMillion()) && price.outputPerMillion() >= 0, () -> "" + price.outputPerMillion());
    double cost = price.cost(inputTokens, outputTokens);
    assertTrue(Double.isFinite(cost) && cost >= 0, () -> "cost " + cost);
  }
}
