package io.lantern.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.LanternMetrics;
import java.lang.instrument.ClassFileTransformer;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CandidateFilterTest {
  private final ClassLoader app = new URLClassLoader(new URL[0], null);
  private final ClassLoader agent = new URLClassLoader(new URL[0], null);
  private final ClassLoader servletLoader = new URLClassLoader(new URL[0], null) {
    @Override
    public URL getResource(String name) {
      return name.equals("javax/servlet/Servlet.class") ? super.getResource("java/lang/Object.class") : null;
    }
  };

  private final AdviceRule servlet =
      AdviceRule.of(ClassLoaders.canSee("javax.servlet.Servlet"), any(), named("service"), Object.class);
  private final AdviceRule chain = AdviceRule.forType("com.sun.net.httpserver.Filter$Chain", named("doFilter"), Object.class);
  private final AdviceRule jdkInternal =
      AdviceRule.forType("jdk.internal.net.http.HttpClientImpl", named("send"), Object.class);

  private AgentInstaller.CandidateFilter filter(CompletableFuture<ClassFileTransformer> byteBuddy) {
    return new AgentInstaller.CandidateFilter(Arrays.asList(servlet, chain, jdkInternal), agent, byteBuddy,
        new InstrumentationErrors(new LanternMetrics(10), EventLog.noop()));
  }

  @Test
  void rejectsByNameAndLoaderBeforeByteBuddy() {
    AgentInstaller.CandidateFilter filter = filter(new CompletableFuture<>());
    assertTrue(filter.isCandidate(null, "com/sun/net/httpserver/Filter$Chain"), "named JDK class, any loader");
    assertFalse(filter.isCandidate(null, "com/sun/net/httpserver/Filter"), "only the named class");
    assertTrue(filter.isCandidate(servletLoader, "com/acme/MyServlet"), "loader that sees the servlet API");
    assertFalse(filter.isCandidate(app, "com/acme/MyServlet"), "loader without the servlet API");
    assertFalse(filter.isCandidate(servletLoader, "com/acme/App$$Lambda$14"), "lambdas cannot be instrumented");
    assertFalse(filter.isCandidate(servletLoader, "io/lantern/shaded/Foo"), "the agent itself");
    assertFalse(filter.isCandidate(servletLoader, "sun/net/httpserver/ServerImpl"), "JDK internals");
    assertFalse(filter.isCandidate(servletLoader, null), "unnamed (hidden) classes");
    assertTrue(filter.isCandidate(null, "jdk/internal/net/http/HttpClientImpl"), "a JDK internal class a rule names");
    assertFalse(filter.isCandidate(servletLoader, "jdk/internal/net/http/HttpClientFacade"), "other JDK internals stay out");
  }

  @Test
  void onlyCandidatesReachByteBuddyAndAFailedBuildLeavesClassesUntouched() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    byte[] woven = {1};
    CompletableFuture<ClassFileTransformer> ready = CompletableFuture.completedFuture(new ClassFileTransformer() {
      @Override
      public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
          java.security.ProtectionDomain domain, byte[] bytes) {
        calls.incrementAndGet();
        return woven;
      }
    });
    AgentInstaller.CandidateFilter filter = filter(ready);
    assertNull(filter.transform(null, app, "com/acme/Plain", null, null, new byte[0]));
    assertNull(filter.transform(null, agent, "com/sun/net/httpserver/Filter$Chain", null, null, new byte[0]));
    assertEquals(woven, filter.transform(null, null, "com/sun/net/httpserver/Filter$Chain", null, null, new byte[0]));
    assertEquals(1, calls.get());

    CompletableFuture<ClassFileTransformer> failed = new CompletableFuture<>();
    failed.completeExceptionally(new IllegalStateException("no Byte Buddy"));
    assertNull(filter(failed).transform(null, null, "com/sun/net/httpserver/Filter$Chain", null, null, new byte[0]));
  }
}
