package io.lantern.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lantern.agent.instrumentation.LibraryApis;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpClientGetterTest {
  /** A library's request and response, each read through the API resolved for its own class. */
  static final class LibRequest {}

  static final class LibResponse {}

  @Test
  void byClassReadsEachObjectThroughTheGetterResolvedForItsClass() throws Throwable {
    List<String> resolved = new ArrayList<>();
    LibraryApis<HttpClientGetter<Object, Object>> apis = new LibraryApis<>("Lib", loader -> {
      resolved.add("api" + resolved.size());
      return new Named("api" + (resolved.size() - 1));
    });
    HttpClientGetter<Object, Object> getter = HttpClientGetter.byClass(apis);
    LibRequest request = new LibRequest();

    assertEquals("api0:method", getter.method(request));
    assertEquals("api0:host@target", getter.serverAddress(request, "target"));
    assertEquals(8080, getter.serverPort(request, "target"));
    assertEquals("api0:url", getter.url(request));
    assertEquals(201, getter.statusCode(new LibResponse()));
    assertEquals(List.of("api0", "api1"), resolved, "one API for the request class, one for the response class");
  }

  @Test
  void byClassPassesOnWhatResolvingThrows() {
    HttpClientGetter<Object, Object> getter = HttpClientGetter.byClass(new LibraryApis<HttpClientGetter<Object, Object>>("Lib",
        loader -> {
          throw new ClassNotFoundException("lib.Request");
        }));
    assertThrows(IllegalStateException.class, () -> getter.method(new LibRequest()));
  }

  private static final class Named implements HttpClientGetter<Object, Object> {
    private final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    public String method(Object request) {
      return name + ":method";
    }

    @Override
    public String serverAddress(Object request, Object target) {
      return name + ":host@" + target;
    }

    @Override
    public int serverPort(Object request, Object target) {
      return 8080;
    }

    @Override
    public Object url(Object request) {
      return name + ":url";
    }

    @Override
    public int statusCode(Object response) {
      return 201;
    }
  }
}
