package io.lantern.agent.rpc;

import io.lantern.agent.config.ConfigKey;
import java.util.Collections;
import java.util.List;

/** The keys the RPC server domain reads, whatever the RPC library. */
public final class RpcConfig {
  private RpcConfig() {}

  public static final ConfigKey<String> TENANT_METADATA_KEY = ConfigKey.string("lantern.rpc.server.tenant-metadata-key", null,
      "request metadata key (lower case) whose value becomes `tenant` in `rpc_request` events");

  public static final List<ConfigKey<?>> KEYS = Collections.<ConfigKey<?>>singletonList(TENANT_METADATA_KEY);
}
