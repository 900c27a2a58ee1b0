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

  /** Matched by hierarchy, no class-file check: every class of a servlet loader is a candidate. */
  private final AdviceRule servlet =
      AdviceRule.of(ClassLoaders.canSee("javax.servlet.Servlet"), any(), named("service"), Object.class);
  private final AdviceRule chain = AdviceRule.forType("com.sun.net.httpserver.Filter$Chain", named("doFilter"), Object.class);
  private final AdviceRule jdkInternal =
      AdviceRule.forType("jdk.internal.net.http.HttpClientImpl", named("send"), Object.class);
  /** Matched by hierarchy in every application loader, but only where the class declares the method. */
  private final AdviceRule statement = AdviceRule.of(ClassLoaders.application(), any(), named("execute"), Object.class)
      .whenDeclaring("(Ljava/lang/String;", "execute", "executeUpdate")
      .whenDeclaring("()", "execute");

  private CandidateFilter filter(CompletableFuture<ClassFileTransformer> byteBuddy) {
    return new CandidateFilter(Arrays.asList(servlet, chain, jdkInternal, statement), agent, byteBuddy,
        new InstrumentationErrors(new LanternMetrics(10), EventLog.noop()));
  }

  @Test
  void rejectsByNameAndLoaderBeforeByteBuddy() throws Exception {
    CandidateFilter filter = filter(new CompletableFuture<>());
    byte[] plain = DeclaredMethodScanTest.bytes(DeclaredMethodScanTest.CallsExecute.class);
    assertTrue(filter.isCandidate(null, "com/sun/net/httpserver/Filter$Chain", plain), "named JDK class, any loader");
    assertFalse(filter.isCandidate(null, "com/sun/net/httpserver/Filter", plain), "only the named class");
    assertTrue(filter.isCandidate(servletLoader, "com/acme/MyServlet", plain), "loader that sees the servlet API");
    assertFalse(filter.isCandidate(app, "com/acme/MyServlet", plain), "loader without the servlet API");
    assertFalse(filter.isCandidate(servletLoader, "com/acme/App$$Lambda$14", plain), "lambdas cannot be instrumented");
    assertFalse(filter.isCandidate(servletLoader, "io/lantern/shaded/Foo", plain), "the agent itself");
    assertFalse(filter.isCandidate(servletLoader, "sun/net/httpserver/ServerImpl", plain), "JDK internals");
    assertFalse(filter.isCandidate(servletLoader, null, plain), "unnamed (hidden) classes");
    assertTrue(filter.isCandidate(null, "jdk/internal/net/http/HttpClientImpl", plain), "a JDK internal class a rule names");
    assertFalse(filter.isCandidate(servletLoader, "jdk/internal/net/http/HttpClientFacade", plain), "other JDK internals stay out");
  }

  @Test
  void aRuleWithAClassFileCheckTakesOnlyClassesDeclaringItsMethods() throws Exception {
    CandidateFilter filter = filter(new CompletableFuture<>());
    assertTrue(filter.isCandidate(app, "com/acme/Stmt",
        DeclaredMethodScanTest.bytes(DeclaredMethodScanTest.DeclaresExecuteSql.class)));
    assertTrue(filter.isCandidate(app, "com/acme/Stmt",
        DeclaredMethodScanTest.bytes(DeclaredMethodScanTest.ConstantsThenExecute.class)));
    assertFalse(filter.isCandidate(app, "com/acme/Main",
        DeclaredMethodScanTest.bytes(DeclaredMethodScanTest.CallsExecute.class)), "calls, declares nothing");
    assertFalse(filter.isCandidate(app, "com/acme/Sub",
        DeclaredMethodScanTest.bytes(DeclaredMethodScanTest.InheritsExecuteSql.class)), "inherits, declares nothing");
    assertFalse(filter.isCandidate(app, "com/acme/Executor",
        DeclaredMethodScanTest.bytes(DeclaredMethodScanTest.DeclaresExecuteRunnable.class)), "same name, other parameters");
    assertFalse(filter.isCandidate(null, "java/lang/String", DeclaredMethodScanTest.bytes(String.class)),
        "JDK class: no application loader, the class file is not even read");
    assertTrue(filter.isCandidate(app, "com/acme/Unreadable", new byte[] {1, 2, 3}), "what cannot be read goes to Byte Buddy");
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
    CandidateFilter filter = filter(ready);
    byte[] plain = DeclaredMethodScanTest.bytes(DeclaredMethodScanTest.CallsExecute.class);
    assertNull(filter.transform(null, app, "com/acme/Plain", null, null, plain));
    assertNull(filter.transform(null, agent, "com/sun/net/httpserver/Filter$Chain", null, null, plain));
    assertEquals(woven, filter.transform(null, null, "com/sun/net/httpserver/Filter$Chain", null, null, plain));
    assertEquals(woven, filter.transform(null, app, "com/acme/Stmt", null, null,
        DeclaredMethodScanTest.bytes(DeclaredMethodScanTest.DeclaresExecuteSql.class)));
    assertEquals(2, calls.get());

    CompletableFuture<ClassFileTransformer> failed = new CompletableFuture<>();
    failed.completeExceptionally(new IllegalStateException("no Byte Buddy"));
    assertNull(filter(failed).transform(null, null, "com/sun/net/httpserver/Filter$Chain", null, null, plain));
  }

  @Test
  void mayApplyToClassFileAnswersForOneRule() throws Exception {
    assertTrue(servlet.mayApplyToClassFile(new byte[0]), "no check listed");
    assertTrue(statement.mayApplyToClassFile(DeclaredMethodScanTest.bytes(DeclaredMethodScanTest.DeclaresExecuteSql.class)));
    assertFalse(statement.mayApplyToClassFile(DeclaredMethodScanTest.bytes(DeclaredMethodScanTest.CallsExecute.class)));
  }
}
