package io.lantern.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The files under deploy/ and the external tools the tests run on them. */
final class Deploy {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Deploy() {}

  /** deploy/ (set by failsafe; the module's base directory). */
  static Path dir() {
    return Path.of(System.getProperty("deploy.dir", ".")).toAbsolutePath().normalize();
  }

  static List<Path> files(String subdir, String suffix) {
    try (Stream<Path> s = Files.list(dir().resolve(subdir))) {
      List<Path> out = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().collect(Collectors.toList());
      if (out.isEmpty()) {
        throw new AssertionError("no *" + suffix + " under " + dir().resolve(subdir));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode readJson(Path p) {
    try {
      return JSON.readTree(p.toFile());
    } catch (IOException e) {
      throw new AssertionError(p + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  static JsonNode readYaml(Path p) {
    try {
      return YAML.readTree(p.toFile());
    } catch (IOException e) {
      throw new AssertionError(p + " is not valid YAML: " + e.getMessage(), e);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails clearly when a tool .ci/run installs is missing. */
  static String tool(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new AssertionError(name + " is not on the PATH: install Debian's prometheus, prometheus-alertmanager and docker-compose"
        + " packages (bash .ci/run does)");
  }

  record Result(int exit, String output) {}

  /** Runs a command in deploy/, 60 s max, stdout and stderr together. */
  static Result run(String... command) {
    List<String> cmd = new ArrayList<>(List.of(command));
    cmd.set(0, tool(cmd.get(0)));
    try {
      Path out = Files.createTempFile("lantern-deploy-", ".out");
      Process p = new ProcessBuilder(cmd).directory(dir().toFile()).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish in 60 s");
      }
      String text = Files.readString(out);
      Files.deleteIfExists(out);
      return new Result(p.exitValue(), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String runOk(String... command) {
    Result r = run(command);
    if (r.exit() != 0) {
      throw new AssertionError(String.join(" ", command) + " exited " + r.exit() + ":\n" + r.output());
    }
    return r.output();
  }
}
