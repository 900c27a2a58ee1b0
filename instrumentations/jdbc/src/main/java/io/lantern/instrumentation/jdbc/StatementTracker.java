package io.lantern.instrumentation.jdbc;

import io.lantern.agent.AgentContext;
import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.http.ServerRequest;
import io.lantern.agent.instrumentation.CallDepth;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.FieldsEvent;
import io.lantern.agent.log.Level;
import io.lantern.agent.metrics.DbClientMetrics;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.jdbc.JdbcHooks;
import java.sql.Connection;
import java.sql.Statement;

/**
 * Records statements. One recording per statement execution on a thread: a statement passing
 * through pool or ORM wrappers (Hikari's proxies call the driver's statement) nests on one thread,
 * and only the outermost call records; statements a driver runs inside another call (or inside
 * the metadata lookup below) are nested too and skipped.
 *
 * <p>What is known about a statement object (its database, its prepared SQL, the first SQL of a
 * pending batch) lives in a weak identity map, so the application's objects are never kept alive
 * and lookups take no lock.
 */
final class StatementTracker implements JdbcHooks.Handler {
  static final String INSTRUMENTATION = "jdbc";
  private static final int SQL_CACHE_SIZE = 2000;
  private static final SqlInfo UNKNOWN = new SqlInfo("", Names.OTHER, Names.OTHER);

  private final CallDepth depth = new CallDepth();
  private final WeakIdentityMap<Object, StatementInfo> statements = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, DbSystem> connections = new WeakIdentityMap<>();
  private final SqlCache sqlCache = new SqlCache(SQL_CACHE_SIZE);
  private final DbClientMetrics metrics;
  private final Tracing tracing;
  private final EventLog events;
  private final InstrumentationErrors errors;
  private final HikariPools pools;
  private final long slowNanos;

  StatementTracker(AgentContext context, HikariPools pools) {
    this.metrics = new DbClientMetrics(context.metrics());
    this.tracing = context.tracing();
    this.events = context.events();
    this.errors = context.errors();
    this.pools = pools;
    this.slowNanos = context.config().jdbcSlowQueryThresholdMs() * 1_000_000L;
  }

  @Override
  public void prepared(Object connection, Object statement, String sql) {
    if (!depth.enter()) {
      depth.exit();
      return;
    }
    try {
      DbSystem system = systemOfConnection(connection);
      statements.put(statement, new StatementInfo(system, sql == null ? null : sqlCache.get(sql, system.dialect)));
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    } finally {
      depth.exit();
    }
  }

  @Override
  public void addBatch(Object statement, String sql) {
    try {
      StatementInfo info = statements.get(statement);
      if (info == null) {
        boolean outermost = depth.enter();
        try {
          if (!outermost) {
            return;
          }
          info = new StatementInfo(systemOfStatement(statement), null);
        } finally {
          depth.exit(); // paired with enter() whether or not this call is the outermost
        }
        statements.put(statement, info);
      }
      if (info.batch == null && sql != null) {
        info.batch = sqlCache.get(sql, info.system.dialect);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  @Override
  public Object enter(Object statement, String sql, int kind) {
    if (!depth.enter()) {
      return CallDepth.NOT_RECORDING;
    }
    try {
      StatementInfo info = statements.get(statement);
      if (info == null) {
        info = new StatementInfo(systemOfStatement(statement), null);
        statements.put(statement, info);
      }
      SqlInfo sqlInfo;
      boolean batch = kind == JdbcHooks.BATCH;
      if (kind == JdbcHooks.SQL_ARGUMENT) {
        sqlInfo = sql == null ? null : sqlCache.get(sql, info.system.dialect);
      } else if (batch) {
        sqlInfo = info.batch != null ? info.batch : info.prepared;
        info.batch = null;
      } else {
        sqlInfo = info.prepared;
      }
      if (sqlInfo == null) {
        sqlInfo = UNKNOWN;
      }
      Call call = new Call(info.system, sqlInfo, batch);
      tracing.startSpan(call, LanternSpan.Kind.CLIENT, batch ? sqlInfo.batchOperation : sqlInfo.operation);
      call.replaced = Tracing.makeCurrent(call);
      return call;
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return CallDepth.NOT_RECORDING;
    }
  }

  @Override
  public void exit(Object state, Throwable thrown) {
    depth.exit();
    if (!(state instanceof Call)) {
      return;
    }
    Call call = (Call) state;
    try {
      long nanos = System.nanoTime() - call.startNanos();
      SqlInfo sql = call.sql;
      String errorType = thrown == null ? null : thrown.getClass().getName();
      int operation = call.batch ? sql.batchOperationIndex(metrics) : sql.operationIndex(metrics);
      metrics.recordDuration(call.system.index, operation, sql.collection, errorType, nanos / 1e9);
      ServerRequest request = ServerRequest.current();
      if (request != null) {
        request.addDbStatement(sql == UNKNOWN ? null : sql.text, nanos);
      }
      if (nanos >= slowNanos && events.isEnabled(Level.WARN)) {
        emitSlow(call, nanos, errorType);
      }
      if (call.isRecording()) {
        describeSpan(call, errorType);
      }
      tracing.end(call);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    } finally {
      Tracing.restore(call.replaced);
    }
  }

  @Override
  public void poolCreated(Object pool, Object config) {
    try {
      pools.add(pool, config);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  /** Semantic-convention name and attributes, for an exported span only. */
  private static void describeSpan(Call call, String errorType) {
    SqlInfo sql = call.sql;
    String operation = call.batch ? sql.batchOperation : sql.operation;
    call.setName(Names.OTHER.equals(sql.collection) ? operation : operation + " " + sql.collection);
    call.setAttribute(Names.SPAN_DB_SYSTEM_NAME, call.system.name);
    call.setAttribute(Names.SPAN_DB_OPERATION_NAME, operation);
    call.setAttribute(Names.SPAN_DB_COLLECTION_NAME, sql.collection);
    call.setAttribute(Names.SPAN_DB_QUERY_TEXT, sql == UNKNOWN ? null : sql.text);
    call.setError(errorType);
  }

  private void emitSlow(Call call, long nanos, String errorType) {
    SqlInfo sql = call.sql;
    double millis = nanos / 1e6;
    events.emit(
        FieldsEvent.of(Names.EVENT_DB_QUERY, Level.WARN,
                "slow " + (call.batch ? sql.batchOperation : sql.operation) + " on " + sql.collection + " took "
                    + Math.round(millis) + " ms")
            .withTrace(call)
            .with(Names.DB_SYSTEM_NAME, call.system.name)
            .with(Names.DB_OPERATION_NAME, call.batch ? sql.batchOperation : sql.operation)
            .with(Names.DB_COLLECTION_NAME, sql.collection)
            .with(Names.DB_QUERY_TEXT, sql.text)
            .with(Names.DURATION_MS, millis)
            .with(Names.ERROR_TYPE, errorType));
  }

  /** Called with this thread's depth entered, so statements the driver runs for it are not recorded. */
  private DbSystem systemOfStatement(Object statement) {
    Connection connection;
    try {
      connection = ((Statement) statement).getConnection();
    } catch (Throwable t) {
      return system(DbSystems.OTHER_SQL);
    }
    return systemOfConnection(connection);
  }

  private DbSystem systemOfConnection(Object connection) {
    if (connection == null) {
      return system(DbSystems.OTHER_SQL);
    }
    DbSystem system = connections.get(connection);
    if (system == null) {
      String name;
      try {
        // The URL is read, classified and dropped: it may carry credentials, so it is never kept or reported.
        name = DbSystems.fromUrl(((Connection) connection).getMetaData().getURL());
      } catch (Throwable t) {
        name = DbSystems.OTHER_SQL;
      }
      system = system(name);
      connections.put(connection, system);
    }
    return system;
  }

  private DbSystem system(String name) {
    return new DbSystem(name, metrics.systemIndex(name), SqlSanitizer.Dialect.of(name));
  }

  static final class DbSystem {
    final String name;
    final int index;
    final SqlSanitizer.Dialect dialect;

    DbSystem(String name, int index, SqlSanitizer.Dialect dialect) {
      this.name = name;
      this.index = index;
      this.dialect = dialect;
    }
  }

  /** What is known about one statement object. */
  static final class StatementInfo {
    final DbSystem system;
    final SqlInfo prepared;
    /** The first SQL added with {@code addBatch(String)} since the last {@code executeBatch}. */
    volatile SqlInfo batch;

    StatementInfo(DbSystem system, SqlInfo prepared) {
      this.system = system;
      this.prepared = prepared;
    }
  }

  /** One statement execution being recorded: its client span, and what the recording needs at the end. */
  private static final class Call extends LanternSpan {
    final DbSystem system;
    final SqlInfo sql;
    final boolean batch;
    LanternSpan replaced;

    Call(DbSystem system, SqlInfo sql, boolean batch) {
      this.system = system;
      this.sql = sql;
      this.batch = batch;
    }
  }
}
