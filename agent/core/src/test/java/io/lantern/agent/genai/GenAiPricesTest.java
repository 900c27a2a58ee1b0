package io.lantern.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.config.ConfigWarning;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenAiPricesTest {
  @TempDir Path dir;
  final List<ConfigWarning> warnings = new ArrayList<>();

  GenAiPrices parse(String text) throws IOException {
    return GenAiPrices.parse(new StringReader(text), "test.csv", warnings);
  }

  @Test
  void rowsHeaderCommentsAndCost() throws IOException {
    GenAiPrices prices = parse("\uFEFFprovider,model,input_usd_per_1m,output_usd_per_1m,as_of\n"
        + "# a comment\n\n"
        + "openai, GPT-4o ,2.50,10,2025-11-01\n"
        + "anthropic,claude-sonnet-4-5,3,15\n");
    assertEquals(List.of(), warnings);
    assertEquals(2, prices.size());
    GenAiPrices.Price gpt = prices.find("openai", null, "gpt-4o");
    assertEquals(2.5, gpt.inputPerMillion());
    assertEquals(10.0, gpt.outputPerMillion());
    assertEquals("2025-11-01", gpt.asOf());
    assertEquals((1000 * 2.5 + 500 * 10.0) / 1e6, gpt.cost(1000, 500), 1e-15);
    assertNull(prices.find("anthropic", null, "claude-sonnet-4-5").asOf());
    assertNull(prices.find("anthropic", null, "gpt-4o"), "the provider is part of the key");
    assertNull(prices.find("openai", "gpt-4o-mini", "gpt-4o-mini"), "unknown model: no price");
    assertNull(prices.find(null, "gpt-4o", "gpt-4o"));
  }

  @Test
  void theModelThatAnsweredIsPricedFirstThenTheRequestedOne() throws IOException {
    GenAiPrices prices = parse("openai,gpt-4o,2.5,10\nopenai,gpt-4o-2024-08-06,1,2\n");
    assertEquals(1.0, prices.find("openai", "gpt-4o-2024-08-06", "gpt-4o").inputPerMillion());
    assertEquals(2.5, prices.find("openai", "gpt-4o-2099-01-01", "gpt-4o").inputPerMillion());
    assertEquals(2.5, prices.find("openai", null, "gpt-4o").inputPerMillion());
  }

  @Test
  void aTrailingStarIsAPrefixAndTheLongestPrefixWinsExactRowsFirst() throws IOException {
    GenAiPrices prices = parse("openai,ft:*,9,9\nopenai,ft:gpt-4o-mini:*,0.3,1.2\nopenai,ft:gpt-4o-mini:acme:x,5,5\n");
    assertEquals(0.3, prices.find("openai", "ft:gpt-4o-mini:acme:abc", null).inputPerMillion());
    assertEquals(9.0, prices.find("openai", "ft:gpt-4o:acme:abc", null).inputPerMillion());
    assertEquals(5.0, prices.find("openai", "ft:gpt-4o-mini:acme:x", null).inputPerMillion());
    assertNull(prices.find("openai", "gpt-4o", null));
  }

  @Test
  void badRowsGiveOneWarningNamingTheFirstAndGoodRowsStay() throws IOException {
    GenAiPrices prices = parse("openai,gpt-4o,2.5,10\nopenai,gpt-x,cheap,10\nopenai,gpt-y,1\nopenai,gpt-z,-1,2\n"
        + "openai,gpt-w,1,2,yesterday\nopenai,*,1,1\n");
    assertEquals(1, prices.size());
    assertEquals(1, warnings.size(), warnings.toString());
    ConfigWarning warning = warnings.get(0);
    assertEquals(GenAiConfig.PRICES_FILE.name(), warning.key());
    assertEquals("test.csv (5 unusable rows, first at line 2: prices must be non-negative decimal numbers)", warning.value());
    assertEquals(GenAiPrices.WARNING_DEFAULT, warning.defaultValue());
  }

  @Test
  void theBuiltInTableIsDatedAndTheUsersFileOverridesPerModel() throws IOException {
    GenAiPrices builtIn = GenAiPrices.load(null, warnings);
    assertEquals(List.of(), warnings);
    for (String[] row : new String[][] {{"openai", "gpt-4o"}, {"anthropic", "claude-sonnet-4-5"}, {"gcp.gemini", "gemini-2.5-flash"}}) {
      GenAiPrices.Price price = builtIn.find(row[0], null, row[1]);
      assertNotNull(price, String.join("/", row));
      assertEquals("2025-11-01", price.asOf());
    }
    Path file = dir.resolve("prices.csv");
    Files.write(file, "openai,gpt-4o,1,2\nopenai,my-model,3,4\n".getBytes(StandardCharsets.UTF_8));
    GenAiPrices merged = GenAiPrices.load(file.toString(), warnings);
    assertEquals(List.of(), warnings);
    assertEquals(1.0, merged.find("openai", null, "gpt-4o").inputPerMillion());
    assertEquals(3.0, merged.find("openai", null, "my-model").inputPerMillion());
    assertEquals(0.15, merged.find("openai", null, "gpt-4o-mini").inputPerMillion(), "other built-in rows stay");
  }

  @Test
  void anUnreadableFileWarnsAndTheBuiltInTableStays() {
    String missing = dir.resolve("nope.csv").toString();
    GenAiPrices prices = GenAiPrices.load(missing, warnings);
    assertEquals(1, warnings.size());
    assertEquals(GenAiConfig.PRICES_FILE.name(), warnings.get(0).key());
    assertTrue(warnings.get(0).value().startsWith(missing + " (cannot be read: "), warnings.get(0).value());
    assertNotNull(prices.find("openai", null, "gpt-4o"));
  }

  @Test
  void aHeaderNamesItsColumnsInAnyOrderAndTheCachePricesAreOptional() throws IOException {
    GenAiPrices prices = parse("as_of,cache_write_usd_per_1m,output_usd_per_1m,model,cached_input_usd_per_1m,provider,input_usd_per_1m\n"
        + "2026-12-01,3.75,15,claude-x,0.30,anthropic,3\n"
        + ",,10,gpt-x,,openai,2.5\n");
    assertEquals(List.of(), warnings);
    GenAiPrices.Price claude = prices.find("anthropic", "claude-x", null);
    assertEquals(3.0, claude.inputPerMillion());
    assertEquals(15.0, claude.outputPerMillion());
    assertEquals(0.30, claude.cachedInputPerMillion());
    assertEquals(3.75, claude.cacheWritePerMillion());
    assertEquals("2026-12-01", claude.asOf());
    // 1112 input of which 1000 cache read and 100 cache write, 34 output: by hand
    assertEquals((12 * 3.0 + 1000 * 0.30 + 100 * 3.75 + 34 * 15.0) / 1e6, claude.cost(1112, 34, 1000, 100), 1e-15);
    assertEquals(1000 * 0.30 / 1e6, claude.cachedCost(1000), 1e-15);
    GenAiPrices.Price gpt = prices.find("openai", "gpt-x", null);
    assertEquals(2.5, gpt.cachedInputPerMillion(), "an empty cached price is the input price");
    assertEquals(2.5, gpt.cacheWritePerMillion());
    assertNull(gpt.asOf());
    assertEquals((12 * 2.5 + 34 * 10.0) / 1e6, gpt.cost(12, 34, -1, -1), 1e-15, "unknown cache counts: all plain input");
  }

  @Test
  void aHeaderWithoutARequiredColumnUsesNoRowOfTheFile() throws IOException {
    GenAiPrices prices = parse("provider,model,input_usd_per_1m,as_of\nopenai,gpt-x,1,2026-01-01\n");
    assertEquals(0, prices.size());
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).value().contains("no output_usd_per_1m column"), warnings.get(0).value());
  }

  @Test
  void aRowWithMoreCellsThanTheHeaderIsUnusable() throws IOException {
    GenAiPrices prices = parse("model,provider,input_usd_per_1m,output_usd_per_1m\ngpt-x,openai,1,2\ngpt-y,openai,1,2,3\n");
    assertEquals(1, prices.size());
    assertEquals(1.0, prices.find("openai", "gpt-x", null).inputPerMillion());
    assertTrue(warnings.get(0).value().contains("line 3"), warnings.get(0).value());
  }

  @Test
  void theBuiltInTableHasCachedPrices() {
    GenAiPrices builtIn = GenAiPrices.load(null, warnings);
    assertEquals(List.of(), warnings);
    assertEquals(1.25, builtIn.find("openai", null, "gpt-4o").cachedInputPerMillion());
    assertEquals(0.30, builtIn.find("anthropic", null, "claude-sonnet-4-5").cachedInputPerMillion());
    assertEquals(3.75, builtIn.find("anthropic", null, "claude-sonnet-4-5").cacheWritePerMillion());
    assertEquals(0.03, builtIn.find("gcp.gemini", null, "gemini-2.5-flash").cachedInputPerMillion());
  }
}
