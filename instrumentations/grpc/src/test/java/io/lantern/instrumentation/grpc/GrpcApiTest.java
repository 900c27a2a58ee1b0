package io.lantern.instrumentation.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpc.Metadata;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** How the tracker reads grpc-java's objects, against the real grpc-api. */
class GrpcApiTest {
  @Test
  void statusCodesAreTheirNumbers() throws Exception {
    assertEquals(0, GrpcApi.code(Status.OK));
    assertEquals(1, GrpcApi.code(Status.CANCELLED));
    assertEquals(4, GrpcApi.code(Status.DEADLINE_EXCEEDED));
    assertEquals(5, GrpcApi.code(Status.NOT_FOUND.withDescription("x")));
    assertEquals(16, GrpcApi.code(Status.UNAUTHENTICATED));
    assertEquals(-1, GrpcApi.code("not a status"));
  }

  @Test
  void metadataIsReadAndTheTraceContextReplacesWhatWasThere() throws Exception {
    Metadata headers = new Metadata();
    Metadata.Key<String> traceparent = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
    headers.put(traceparent, "00-old-old-01");
    headers.put(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER), "acme");
    GrpcApi.Metadata api = GrpcApi.Metadata.of(headers);
    assertEquals("acme", api.get(headers, "x-tenant"));
    assertNull(api.get(headers, "x-request-id"));
    api.set(headers, "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertEquals(1, countOf(headers.getAll(traceparent)));
    assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", headers.get(traceparent));
  }

  @Test
  void authorityIsSplitIntoHostAndPort() {
    assertEquals("localhost", GrpcApi.host("localhost:50051"));
    assertEquals(50051, GrpcApi.port("localhost:50051"));
    assertEquals("orders.svc", GrpcApi.host("orders.svc"));
    assertEquals(-1, GrpcApi.port("orders.svc"));
    assertEquals("::1", GrpcApi.host("[::1]:443"));
    assertEquals(443, GrpcApi.port("[::1]:443"));
    assertEquals("example.com", GrpcApi.host("user@example.com:8443"));
    assertNull(GrpcApi.host(null));
  }

  private static int countOf(Iterable<String> values) {
    int n = 0;
    for (String ignored : values) {
      n++;
    }
    return n;
  }
}
