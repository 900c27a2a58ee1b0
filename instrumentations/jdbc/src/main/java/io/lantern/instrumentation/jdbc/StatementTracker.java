package io.lantern.instrumentation.jdbc;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.db.DbClientRecorder;
import io.lantern.agent.db.DbStatement;
import io.lantern.agent.instrumentation.CallDepth;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.Hooks;
import java.sql.Connection;
import java.sql.Statement;

/**
 * Turns JDBC statement executions into {@link DbStatement}s of the database-client domain. One recording per statement execution on a thread: a statement passing
 * through pool or ORM wrappers (Hikari's proxies call the driver's statement) nests on one thread,
 * and only the outermost call records; statements a driver runs inside another call (or inside
 * the metadata lookup below) are nested too and skipped.
 *
 * <p>What is known about a statement object (its database, its prepared SQL, the first SQL of a
 * pending batch) lives in a weak identity map, so the application's objects are never kept alive
 * and lookups take no lock.
 */
final class StatementTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "jdbc";
  /** Exit of {@code Connection.prepare*(sql)}: state the SQL, self the connection, returned the statement. */
  static final int PREPARE = 0;
  /** Enter of {@code addBatch(sql)}: self the statement, argument the SQL. */
  static final int ADD_BATCH = 1;
  /** {@code execute*(String sql, ...)}: the SQL is the argument. */
  static final int EXECUTE_SQL = 2;
  /** {@code execute*()} of a prepared or callable statement: the SQL is the one it was prepared with. */
  static final int EXECUTE_PREPARED = 3;
  /** {@code executeBatch()} / {@code executeLargeBatch()}. */
  static final int EXECUTE_BATCH = 4;
  /** Exit of HikariCP's pool constructor: state the config, self the pool. */
  static final int POOL_CREATED = 5;
  private static final int SQL_CACHE_SIZE = 2000;
  private static final SqlInfo UNKNOWN = new SqlInfo("", Names.OTHER, Names.OTHER);

  private final CallDepth depth = new CallDepth();
  private final WeakIdentityMap<Object, StatementInfo> statements = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, DbSystem> connections = new WeakIdentityMap<>();
  private final SqlCache sqlCache = new SqlCache(SQL_CACHE_SIZE);
  private final DbClientRecorder recorder;
  private final InstrumentationErrors errors;
  private final HikariPools pools;

  StatementTracker(DbClientRecorder recorder, InstrumentationErrors errors, HikariPools pools) {
    this.recorder = recorder;
    this.errors = errors;
    this.pools = pools;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    if (site == ADD_BATCH) {
      addBatch(self, (String) argument);
      return null;
    }
    return execute(self, (String) argument, site);
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    if (site == PREPARE) {
      if (returned != null) {
        prepared(self, returned, (String) state);
      }
    } else if (site == POOL_CREATED) {
      poolCreated(self, state);
    } else if (state != null) {
      executed(state, thrown);
    }
    return returned;
  }

  private void prepared(Object connection, Object statement, String sql) {
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

  private void addBatch(Object statement, String sql) {
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

  private Object execute(Object statement, String sql, int site) {
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
      boolean batch = site == EXECUTE_BATCH;
      if (site == EXECUTE_SQL) {
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
      return recorder.start(new DbStatement(info.system.name, info.system.index,
          batch ? sqlInfo.batchOperation : sqlInfo.operation,
          batch ? sqlInfo.batchOperationIndex(recorder) : sqlInfo.operationIndex(recorder),
          sqlInfo.collection, sqlInfo == UNKNOWN ? null : sqlInfo.text));
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return CallDepth.NOT_RECORDING;
    }
  }

  private void executed(Object state, Throwable thrown) {
    depth.exit();
    if (state instanceof DbStatement) {
      try {
        recorder.end((DbStatement) state, thrown);
      } catch (Throwable t) {
        errors.report(INSTRUMENTATION, t);
      }
    }
  }

  private void poolCreated(Object pool, Object config) {
    try {
      pools.add(pool, config);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
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
    return new DbSystem(name, recorder.systemIndex(name), SqlSanitizer.Dialect.of(name));
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
}
