package io.lantern.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import io.lantern.bootstrap.AgentClassLoader;
import org.junit.jupiter.api.Test;

/**
 * The built agent jar (system property {@code lantern.agent.jar}) has the layout that keeps it
 * invisible to applications: only {@code io/lantern/bootstrap/**} as plain classes, everything else
 * under {@code inst/} as {@code .classdata}.
 */
class AgentJarIT {

  private static File agentJar() {
    String path = System.getProperty("lantern.agent.jar");
    assertNotNull(path, "system property lantern.agent.jar is not set");
    File jar = new File(path);
    assertTrue(jar.isFile(), "agent jar " + jar + " does not exist");
    return jar;
  }

  @Test
  void manifestNamesThePremainClass() throws IOException {
    try (JarFile jar = new JarFile(agentJar())) {
      Manifest manifest = jar.getManifest();
      assertNotNull(manifest, "agent jar has no manifest");
      assertEquals("io.lantern.bootstrap.LanternAgent", manifest.getMainAttributes().getValue("Premain-Class"));
      assertNotNull(jar.getEntry("io/lantern/bootstrap/LanternAgent.class"), "the Premain-Class is in the jar");
    }
  }

  /**
   * Byte Buddy reads an advice class and the annotations on its parameters ({@code @Hooks.Module})
   * through the agent's loader. For advice woven into a JDK class (platform or boot loader) no other
   * loader it asks serves the bootstrap-appended classes as resources: the agent's loader must, or
   * the annotation is silently dropped and the advice cannot be woven.
   */
  @Test
  void theAgentLoaderServesTheBootstrapClassFilesAndItsOwn() throws IOException {
    io.lantern.bootstrap.AgentClassLoader loader = new io.lantern.bootstrap.AgentClassLoader(agentJar());
    try (JarFile jar = new JarFile(agentJar());
        java.io.InputStream module = loader.getResourceAsStream("io/lantern/bootstrap/Hooks$Module.class");
        java.io.InputStream own = loader.getResourceAsStream("io/lantern/agent/AgentStarter.class")) {
      assertNotNull(module, "Hooks.Module's class file");
      assertEquals(java.util.Arrays.toString(jar.getInputStream(jar.getJarEntry("io/lantern/bootstrap/Hooks$Module.class")).readAllBytes()),
          java.util.Arrays.toString(module.readAllBytes()));
      assertNotNull(own, "an agent class, from inst/");
    }
    assertNotNull(loader.getResource("io/lantern/bootstrap/Hooks.class"));
  }

  /**
   * The OTLP exporter finds its HTTP sender through ServiceLoader in the agent's loader, which serves
   * {@code META-INF/services/*} from {@code inst/}: the relocated service file must name the
   * relocated JDK sender, and that class must be there.
   */
  @Test
  void relocatedServiceFilesNameRelocatedClasses() throws IOException {
    try (JarFile jar = new JarFile(agentJar())) {
      String service = "inst/META-INF/services/io.lantern.shaded.io.opentelemetry.sdk.common.export.HttpSenderProvider";
      JarEntry entry = jar.getJarEntry(service);
      assertNotNull(entry, service);
      String provider = new String(jar.getInputStream(entry).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      assertEquals("io.lantern.shaded.io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider", provider);
      assertNotNull(jar.getJarEntry("inst/" + provider.replace('.', '/') + ".classdata"), provider);
      assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("inst/META-INF/services/io.opentelemetry")),
          "a service file under the unrelocated name");
    }
  }

  @Test
  void onlyBootstrapClassesArePlainEverythingElseIsInstClassdata() throws IOException {
    File file = agentJar();
    List<String> misplaced = new ArrayList<>();
    List<String> plainClassesUnderInst = new ArrayList<>();
    int bootstrapClasses = 0;
    int classdata = 0;
    try (JarFile jar = new JarFile(file)) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.startsWith("io/lantern/bootstrap/")) {
          if (name.endsWith(".class")) {
            bootstrapClasses++;
          }
        } else if (name.startsWith("inst/")) {
          if (name.endsWith(".class")) {
            plainClassesUnderInst.add(name);
          } else if (name.endsWith(".classdata")) {
            classdata++;
          }
        } else if (name.startsWith("META-INF/")) {
          if (name.endsWith(".class")) {
            misplaced.add(name);
          }
        } else if (!(name.equals("io/") || name.equals("io/lantern/"))) {
          // the directory entries leading to io/lantern/bootstrap/ are the only other names allowed
          misplaced.add(name);
        }
      }
    }
    System.out.println("agent jar " + file + ": " + file.length() + " bytes, " + bootstrapClasses
        + " bootstrap classes, " + classdata + " .classdata entries");
    assertTrue(misplaced.isEmpty(), "entries outside io/lantern/bootstrap/, inst/, META-INF/: " + head(misplaced));
    assertTrue(plainClassesUnderInst.isEmpty(), ".class entries under inst/ (must be .classdata): "
        + head(plainClassesUnderInst));
    assertTrue(bootstrapClasses > 0, "no io/lantern/bootstrap classes");
    assertTrue(classdata > 0, "no inst/**.classdata entries");
    assertFalse(file.length() == 0);
  }

  private static List<String> head(List<String> names) {
    return names.size() <= 20 ? names : names.subList(0, 20);
  }
}
