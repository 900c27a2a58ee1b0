package io.lantern.agent.http;

import io.lantern.agent.config.ConfigKey;
import java.util.Collections;
import java.util.List;

/** The keys the HTTP server domain reads (through {@code AgentContext}, whatever the server). */
public final class HttpServerConfig {
  private HttpServerConfig() {}

  public static final ConfigKey<String> TENANT_HEADER = ConfigKey.string("lantern.http.server.tenant-header", null,
      "request header whose value becomes `tenant` in `http_request` events");

  public static final List<ConfigKey<?>> KEYS = Collections.<ConfigKey<?>>singletonList(TENANT_HEADER);
}
