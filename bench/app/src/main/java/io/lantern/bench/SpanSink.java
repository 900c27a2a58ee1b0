package io.lantern.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Counts the spans of OTLP/HTTP trace exports per resource {@code service.name}, so bench/run can
 * show how many spans each configuration delivered. Protobuf bodies (optionally gzipped) are
 * walked field by field, no OTLP classes needed: ExportTraceServiceRequest.resource_spans(1) ->
 * ResourceSpans.resource(1).attributes(1) and .scope_spans(2) -> ScopeSpans.spans(2). A JSON body
 * counts its {@code "spanId"} keys under the service {@code json}.
 */
final class SpanSink {
  private final Map<String, AtomicLong> spans = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong unreadable = new AtomicLong();

  /** Called for each length-delimited field of a message: its number and where its bytes are. */
  private interface FieldVisitor {
    void visit(int field, int from, int length);
  }

  void receive(byte[] body, String contentEncoding, String contentType) {
    requests.incrementAndGet();
    try {
      if ("gzip".equalsIgnoreCase(contentEncoding)) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      if (contentType != null && contentType.contains("json")) {
        count("json", occurrences(new String(body, StandardCharsets.UTF_8), "\"spanId\""));
        return;
      }
      byte[] b = body;
      fields(b, 0, b.length, (field, from, length) -> {
        if (field == 1) {
          resourceSpans(b, from, from + length);
        }
      });
    } catch (IOException | RuntimeException e) {
      unreadable.incrementAndGet();
    }
  }

  /** One line per service: {@code <service.name> <spans>}, then the export requests seen. */
  String report() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(spans).forEach((service, count) -> out.append(service).append(' ').append(count.get()).append('\n'));
    out.append("# requests ").append(requests.get()).append(", unreadable ").append(unreadable.get()).append('\n');
    return out.toString();
  }

  private void resourceSpans(byte[] b, int from, int to) {
    String[] service = {"unknown"};
    long[] count = {0};
    fields(b, from, to, (field, start, length) -> {
      if (field == 1) { // Resource
        fields(b, start, start + length, (attribute, kvStart, kvLength) -> {
          String[] keyValue = attribute == 1 ? keyValue(b, kvStart, kvStart + kvLength) : null;
          if (keyValue != null && "service.name".equals(keyValue[0]) && keyValue[1] != null) {
            service[0] = keyValue[1];
          }
        });
      } else if (field == 2) { // ScopeSpans
        fields(b, start, start + length, (scopeField, spanStart, spanLength) -> count[0] += scopeField == 2 ? 1 : 0);
      }
    });
    count(service[0], count[0]);
  }

  /** KeyValue{key = 1, value = 2: AnyValue{string_value = 1}} as {key, string value or null}. */
  private static String[] keyValue(byte[] b, int from, int to) {
    String[] out = new String[2];
    fields(b, from, to, (field, start, length) -> {
      if (field == 1) {
        out[0] = new String(b, start, length, StandardCharsets.UTF_8);
      } else if (field == 2) {
        fields(b, start, start + length, (valueField, valueStart, valueLength) -> {
          if (valueField == 1) {
            out[1] = new String(b, valueStart, valueLength, StandardCharsets.UTF_8);
          }
        });
      }
    });
    return out;
  }

  /** Visits the length-delimited fields of the message in {@code b[from, to)}, skipping the others. */
  private static void fields(byte[] b, int from, int to, FieldVisitor visitor) {
    for (int p = from; p < to; ) {
      long tag = varint(b, p);
      p += varintSize(b, p);
      int wireType = (int) (tag & 7);
      if (wireType == 2) {
        int length = (int) varint(b, p);
        p += varintSize(b, p);
        visitor.visit((int) (tag >>> 3), p, length);
        p += length;
      } else if (wireType == 0) {
        p += varintSize(b, p);
      } else if (wireType == 1 || wireType == 5) {
        p += wireType == 1 ? 8 : 4;
      } else {
        throw new IllegalArgumentException("wire type " + wireType);
      }
    }
  }

  private void count(String service, long n) {
    spans.computeIfAbsent(service, s -> new AtomicLong()).addAndGet(n);
  }

  private static long varint(byte[] b, int p) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = b[p++];
      value |= (long) (x & 0x7F) << shift;
      if (x >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("varint too long");
  }

  private static int varintSize(byte[] b, int p) {
    int size = 1;
    while (b[p + size - 1] < 0) {
      size++;
    }
    return size;
  }

  private static long occurrences(String text, String needle) {
    long n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }
}
