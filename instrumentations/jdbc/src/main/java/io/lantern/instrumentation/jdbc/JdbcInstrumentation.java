package io.lantern.instrumentation.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.config.ConfigKey;
import io.lantern.agent.db.DbClientRecorder;
import io.lantern.agent.metrics.DbClientMetrics;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.ClassLoaders;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.Arrays;
import java.util.List;

/**
 * Every JDBC driver, pool and wrapper in application class loaders: statement execution on
 * implementations of {@code java.sql.Statement} (including prepared and callable statements),
 * the SQL of {@code Connection.prepare*}, and HikariCP pools for the connection gauges.
 */
public final class JdbcInstrumentation implements InstrumentationModule {
  /**
   * Descriptor start of a method whose first parameter is a String. Each rule also lists the
   * methods it weaves ({@link AdviceRule#whenDeclaring}), so that of all the classes of an
   * application only those declaring such a method wait for Byte Buddy and its hierarchy walk.
   */
  private static final String STRING_FIRST = "(Ljava/lang/String;";

  @Override
  public String name() {
    return StatementTracker.INSTRUMENTATION;
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return JdbcConfig.KEYS;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    HikariPools pools = new HikariPools(context.errors());
    context.metrics().registry().register(pools);
    DbClientRecorder recorder = new DbClientRecorder(new DbClientMetrics(context.metrics()), context.tracing(),
        context.events(), context.errors(), context.config().get(JdbcConfig.SLOW_QUERY_THRESHOLD_MS) * 1_000_000L);
    context.requestListeners().add(
        DbClientRecorder.repeatedQueryRule(context.events(), context.config().get(JdbcConfig.REPEATED_QUERY_THRESHOLD)));
    return new StatementTracker(recorder, context.errors(), pools);
  }

  @Override
  public List<AdviceRule> rules() {
    return Arrays.asList(
        AdviceRule.of(
            ClassLoaders.application(),
            not(isInterface()).and(hasSuperType(named("java.sql.Connection"))),
            namedOneOf("prepareStatement", "prepareCall").and(isPublic()).and(not(isAbstract()))
                .and(takesArgument(0, String.class)),
            PrepareAdvice.class)
            .whenDeclaring(STRING_FIRST, "prepareStatement", "prepareCall"),
        AdviceRule.of(
            ClassLoaders.application(),
            not(isInterface()).and(hasSuperType(named("java.sql.Statement"))),
            namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate").and(isPublic())
                .and(not(isAbstract())).and(takesArgument(0, String.class)),
            ExecuteSqlAdvice.class)
            .whenDeclaring(STRING_FIRST, "execute", "executeQuery", "executeUpdate", "executeLargeUpdate"),
        AdviceRule.of(
            ClassLoaders.application(),
            not(isInterface()).and(hasSuperType(named("java.sql.Statement"))),
            namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch")
                .and(isPublic()).and(not(isAbstract())).and(takesArguments(0)),
            ExecuteAdvice.class)
            .whenDeclaring("()", "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch"),
        AdviceRule.of(
            ClassLoaders.application(),
            not(isInterface()).and(hasSuperType(named("java.sql.Statement"))),
            named("addBatch").and(isPublic()).and(not(isAbstract())).and(takesArguments(1)).and(takesArgument(0, String.class)),
            AddBatchAdvice.class)
            .whenDeclaring("(Ljava/lang/String;)", "addBatch"),
        AdviceRule.forType(HikariPools.POOL_CLASS, isConstructor().and(takesArguments(1)), HikariPoolAdvice.class));
  }
}
