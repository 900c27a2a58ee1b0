package io.lantern.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern TS = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$");
  private static final DateTimeFormatter REF = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

  private static JsonNode object(java.util.function.Consumer<JsonWriter> body) throws Exception {
    JsonWriter w = new JsonWriter();
    w.beginLine();
    body.accept(w);
    w.endLine();
    return JSON.readTree(w.buffer().toString());
  }

  @Test
  void escapingRoundTripsExactly() throws Exception {
    String[] samples = {
      "plain",
      "",
      "quote \" inside",
      "back\\slash \\\\ double",
      "new\nline\r\ncrlf\ttab",
      "ctl \u0001 \u0000 \u001f \b \f end",
      "emoji \uD83D\uDE00 \uD83C\uDF89",
      "CJK 中文字符 日本語 한국어",
      "mixed \"\\\n\u0002😀中",
      "del \u007f and \u2028 \u2029 line seps",
      "</script>",
    };
    for (String s : samples) {
      JsonNode n = object(w -> w.field("k", s).field(s, "as key"));
      assertEquals(s, n.get("k").asText(), "value " + s);
      assertEquals("as key", n.get(s).asText(), "key " + s);
    }
  }

  @Test
  void controlCharsUseShortOrUnicodeEscapesAndNonAsciiIsRaw() {
    JsonWriter w = new JsonWriter();
    w.beginLine();
    w.field("k", "a\u0001\n\"\\é😀中");
    w.endLine();
    assertEquals("{\"k\":\"a\\u0001\\n\\\"\\\\é😀中\"}", w.buffer().toString());
  }

  @Test
  void unpairedSurrogateBecomesReplacementChar() throws Exception {
    JsonNode n = object(w -> w.field("a", "x\uD83Dy").field("b", "\uDE00"));
    assertEquals("x\uFFFDy", n.get("a").asText());
    assertEquals("\uFFFD", n.get("b").asText());
  }

  @Test
  void typesAndOmissions() throws Exception {
    JsonNode n = object(w -> w.field("s", "v").field("nulls", (String) null).field("l", -42L)
        .field("d", 12.5).field("nan", Double.NaN).field("inf", Double.POSITIVE_INFINITY)
        .field("t", true).field("f", false).field("list", Arrays.asList("a", null, "c\"d"))
        .field("nolist", (List<String>) null).field("linked", new LinkedList<>(Arrays.asList("x", "y"))));
    assertEquals("v", n.get("s").asText());
    assertFalse(n.has("nulls"));
    assertEquals(-42L, n.get("l").asLong());
    assertTrue(n.get("l").isIntegralNumber());
    assertEquals(12.5, n.get("d").asDouble());
    assertFalse(n.has("nan"));
    assertFalse(n.has("inf"));
    assertTrue(n.get("t").asBoolean());
    assertTrue(n.get("f").isBoolean());
    assertFalse(n.get("f").asBoolean());
    assertEquals(3, n.get("list").size());
    assertEquals("a", n.get("list").get(0).asText());
    assertTrue(n.get("list").get(1).isNull());
    assertEquals("c\"d", n.get("list").get(2).asText());
    assertFalse(n.has("nolist"));
    assertEquals("[\"x\",\"y\"]", n.get("linked").toString());
    Iterator<String> names = n.fieldNames();
    assertEquals("s", names.next());
    assertEquals("l", names.next());
  }

  private static String dbl(double v) {
    StringBuilder sb = new StringBuilder();
    JsonWriter.appendDouble(sb, v);
    return sb.toString();
  }

  @Test
  void doublesArePlainDecimals() {
    assertEquals("12.5", dbl(12.5));
    assertEquals("0", dbl(0.0));
    assertEquals("0", dbl(-0.0));
    assertEquals("3", dbl(3.0));
    assertEquals("0.1", dbl(0.1));
    assertEquals("-0.25", dbl(-0.25));
    assertEquals("1.234568", dbl(1.2345678));
    assertEquals("0.001", dbl(0.001));
    assertEquals("0.000015", dbl(0.000015));
    assertEquals("0.00000002", dbl(2e-8));
    assertEquals("1000000.5", dbl(1000000.5));
    assertEquals("100000000000000000000", dbl(1e20));
    assertEquals("123456789012.5", dbl(123456789012.5));
    assertEquals("0.050005", dbl(0.050005));
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      double v = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-9, 15));
      String s = dbl(v);
      assertFalse(s.contains("E") || s.contains("e"), s);
      double back = Double.parseDouble(s);
      double tolerance = Math.abs(v) >= 1e-3 ? 5e-7 + Math.abs(v) * 1e-15 : 0;
      assertEquals(v, back, tolerance, s);
    }
  }

  @Test
  void timestampsMatchReferenceFormatter() {
    long[] fixed = {
      0L,
      1L,
      999_999L,
      1_000_000L,
      951_782_400_000_000L, // 2000-02-29
      4_107_542_399_999_999L, // 2100-02-28T23:59:59.999999
      4_107_542_400_000_000L, // 2100-03-01
      1_795_300_200_123_456L,
      253_402_300_799_999_999L, // 9999-12-31T23:59:59.999999
    };
    SplittableRandom r = new SplittableRandom(42);
    long[] all = Arrays.copyOf(fixed, fixed.length + 200_000);
    for (int i = fixed.length; i < all.length; i++) {
      all[i] = r.nextLong(0, 253_402_300_800_000_000L);
    }
    StringBuilder sb = new StringBuilder();
    char[] buf = new char[27];
    for (long us : all) {
      sb.setLength(0);
      JsonWriter.appendTimestamp(sb, buf, us);
      String expected = REF.format(LocalDateTime.ofInstant(
          Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L), ZoneOffset.UTC));
      assertEquals(expected, sb.toString(), "micros " + us);
      assertTrue(TS.matcher(sb).matches(), sb.toString());
    }
    sb.setLength(0);
    JsonWriter.appendTimestamp(sb, buf, 1_795_300_200_123_456L);
    assertEquals("2026-11-21T22:30:00.123456Z", sb.toString());
  }
}
