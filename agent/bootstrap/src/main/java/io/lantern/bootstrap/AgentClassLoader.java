package io.lantern.bootstrap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's own classes and its relocated dependencies from the jar's {@code inst/} folder,
 * where they are stored as {@code .classdata} so that the application's class loaders, which also
 * see the agent jar, can never find them. Parent is the platform loader: the agent sees the JDK
 * (including {@code java.sql}, {@code java.net.http}, {@code jdk.httpserver}) and the
 * bootstrap-appended hooks, and nothing of the application.
 */
public final class AgentClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private static final String ROOT = "inst/";
  private static final String BOOTSTRAP = "io/lantern/bootstrap/";
  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain protectionDomain;

  public AgentClassLoader(File jarPath) throws IOException {
    super("lantern", ClassLoader.getPlatformClassLoader());
    this.jar = new JarFile(jarPath, false);
    URL location = jarPath.toURI().toURL();
    this.jarUrl = location.toExternalForm();
    this.protectionDomain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = jar.getJarEntry(ROOT + name.replace('.', '/') + ".classdata");
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      String packageName = name.substring(0, dot);
      if (getDefinedPackage(packageName) == null) {
        try {
          definePackage(packageName, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException raced) {
          // another thread defined it first
        }
      }
    }
    return defineClass(name, bytes, 0, bytes.length, protectionDomain);
  }

  @Override
  protected URL findResource(String name) {
    String entryName = entryName(name);
    if (jar.getJarEntry(entryName) == null) {
      return null;
    }
    try {
      return new URL("jar:" + jarUrl + "!/" + entryName);
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
  }

  @Override
  public InputStream getResourceAsStream(String name) {
    // Byte Buddy reads advice class files through here; skip the URL round trip.
    JarEntry entry = jar.getJarEntry(entryName(name));
    if (entry != null) {
      try {
        return jar.getInputStream(entry);
      } catch (IOException e) {
        return null;
      }
    }
    return super.getResourceAsStream(name);
  }

  /**
   * Where a resource is in the jar: the bootstrap classes as they are at its root (appended to the
   * bootstrap search path, whose resources the platform and boot loaders do not serve: Byte Buddy
   * reads {@code Hooks.Module} from here to see the annotation on advice woven into JDK classes),
   * everything else under {@code inst/}.
   */
  private static String entryName(String resource) {
    if (resource.startsWith(BOOTSTRAP) && resource.endsWith(".class")) {
      return resource;
    }
    return resource.endsWith(".class")
        ? ROOT + resource.substring(0, resource.length() - ".class".length()) + ".classdata"
        : ROOT + resource;
  }
}
