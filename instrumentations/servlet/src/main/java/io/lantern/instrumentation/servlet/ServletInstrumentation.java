package io.lantern.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.ClassLoaders;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.ArrayList;
import java.util.List;

/**
 * Servlet API, javax (3.0+) and jakarta (5.0+): every {@code Servlet.service} and
 * {@code Filter.doFilter}, so a request is caught at whichever comes first; the tracker records
 * the outermost one only.
 */
public final class ServletInstrumentation implements InstrumentationModule {
  private static final String[] NAMESPACES = {"javax.servlet", "jakarta.servlet"};

  @Override
  public String name() {
    return "servlet";
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    return new ServletRequestTracker(context.httpServer(), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    List<AdviceRule> rules = new ArrayList<>();
    for (String namespace : NAMESPACES) {
      String request = namespace + ".ServletRequest";
      String response = namespace + ".ServletResponse";
      rules.add(
          AdviceRule.of(
              ClassLoaders.canSee(namespace + ".Servlet"),
              not(isInterface()).and(hasSuperType(named(namespace + ".Servlet"))),
              named("service").and(isPublic()).and(not(isAbstract())).and(takesArguments(2))
                  .and(takesArgument(0, named(request))).and(takesArgument(1, named(response))),
              ServletAdvice.class)
              .whenDeclaring(parameters(request, response) + ")", "service"));
      rules.add(
          AdviceRule.of(
              ClassLoaders.canSee(namespace + ".Filter"),
              not(isInterface()).and(hasSuperType(named(namespace + ".Filter"))),
              named("doFilter").and(isPublic()).and(not(isAbstract())).and(takesArguments(3))
                  .and(takesArgument(0, named(request))).and(takesArgument(1, named(response))),
              ServletAdvice.class)
              .whenDeclaring(parameters(request, response), "doFilter"));
    }
    return rules;
  }

  /**
   * How the descriptor of a method taking (request, response, ...) starts: the class-file check
   * that keeps every other class of a servlet application from waiting for Byte Buddy.
   */
  private static String parameters(String request, String response) {
    return "(L" + request.replace('.', '/') + ";L" + response.replace('.', '/') + ";";
  }
}
