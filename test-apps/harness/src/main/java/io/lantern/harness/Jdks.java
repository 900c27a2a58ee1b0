package io.lantern.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** JDKs installed next to the default one, for tests that need a specific runtime. */
public final class Jdks {
  private Jdks() {}

  /** Temurin 25, when installed at its Debian package location. */
  public static Optional<Path> temurin25() {
    Path home = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    return Files.isExecutable(home.resolve("bin/java")) ? Optional.of(home) : Optional.empty();
  }
}
