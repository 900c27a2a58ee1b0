package io.lantern.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.bootstrap.AgentClassLoader;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/** Applies every enabled module's advice with one Byte Buddy transformer. */
public final class AgentInstaller {
  private AgentInstaller() {}

  public static void install(Instrumentation instrumentation, List<AdviceRule> rules, ClassLoader agentLoader,
      InstrumentationErrors errors) {
    AgentBuilder builder =
        // Advice on existing methods creates no new members: validating generated types is wasted start-up.
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            // Hierarchy walks re-read the same supertypes for every class; cache their descriptions.
            .with(new AgentBuilder.PoolStrategy.WithTypePoolCache.Simple(TypePool.Default.ReaderMode.FAST, new ConcurrentHashMap<>()))
            .with(new ErrorListener(errors))
            // Named JDK modules (jdk.httpserver, later java.sql, java.net.http) must read the
            // bootstrap path's unnamed module to call the hooks the advice is inlined with.
            .assureReadEdgeTo(instrumentation, AgentClassLoader.class)
            .ignore(any(), loader -> loader == agentLoader)
            .or(nameStartsWith("io.lantern.")
                .or(nameStartsWith("net.bytebuddy."))
                .or(nameStartsWith("jdk.internal."))
                .or(nameStartsWith("sun."))
                .or(nameStartsWith("java.lang.invoke."))
                .or(nameContains("$$Lambda"))
                .or(isSynthetic()));
    for (AdviceRule rule : rules) {
      builder =
          builder
              .type(rule.types, rule.classLoaders)
              .transform(new AgentBuilder.Transformer.ForAdvice().include(agentLoader).advice(rule.methods, rule.adviceClassName));
    }
    builder.installOn(instrumentation);
  }

  /** A class that cannot be transformed is left as it was, and the failure counted. */
  private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
    private final InstrumentationErrors errors;

    ErrorListener(InstrumentationErrors errors) {
      this.errors = errors;
    }

    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
      errors.report("transformer", throwable);
    }

    @Override
    public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
        boolean loaded, DynamicType dynamicType) {
      // nothing to do: transformations are the normal case
    }
  }
}
