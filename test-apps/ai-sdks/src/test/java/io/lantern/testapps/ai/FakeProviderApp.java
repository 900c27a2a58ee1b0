package io.lantern.testapps.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lantern.harness.AgentApp;
import io.lantern.harness.Response;
import io.lantern.testapps.fakeai.FakeAiProvider;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The base of the AI client ITs: the fake provider in this JVM for the whole class, and the ai-sdks
 * app in a child JVM with the agent, pointed at it through the SDK's base-URL property, with
 * {@code X-Tenant} as the tenant header.
 */
abstract class FakeProviderApp {
  static final long FIRST_CHUNK_DELAY_MS = 300;
  static FakeAiProvider provider;

  @BeforeAll
  static void startProvider() throws Exception {
    provider = FakeAiProvider.start();
  }

  @AfterAll
  static void stopProvider() {
    provider.close();
  }

  /** The app's system property naming the SDK's base URL, and its value. */
  abstract String[] baseUrlProperty();

  /** Starts the app with these extra system properties (name, value, ...). */
  AgentApp start(String... sysProps) {
    String[] baseUrl = baseUrlProperty();
    AgentApp.Builder builder = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp(baseUrl[0], baseUrl[1])
        .sysProp("lantern.http.server.tenant-header", "X-Tenant");
    for (int i = 0; i < sysProps.length; i += 2) {
      builder.sysProp(sysProps[i], sysProps[i + 1]);
    }
    return builder.start();
  }

  /** Calls an endpoint of the app as tenant acme; returns the response. */
  static Response get(AgentApp app, String path, String model, String prompt) {
    String query = (path.contains("?") ? "&" : "?") + "model=" + model + "&prompt=" + URLEncoder.encode(prompt, StandardCharsets.UTF_8);
    return app.get(path + query, "X-Tenant", "acme");
  }

  static void ok(Response response) {
    assertEquals(200, response.status(), response.toString());
  }

  static void ok(Response response, String body) {
    ok(response);
    assertEquals(body, response.body());
  }

  /** The class name of the exception the app got from the SDK. */
  static String failure(Response response) {
    assertEquals(500, response.status(), response.toString());
    return response.body();
  }
}
