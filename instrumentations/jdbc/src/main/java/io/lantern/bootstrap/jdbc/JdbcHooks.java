package io.lantern.bootstrap.jdbc;

/**
 * Bootstrap-visible entry points of the JDBC advice, forwarding with java.base types to the
 * handler the agent installed from its own loader.
 */
public final class JdbcHooks {
  private JdbcHooks() {}

  /** {@code execute*(String sql, ...)}: the SQL is the argument. */
  public static final int SQL_ARGUMENT = 0;
  /** {@code execute*()} of a prepared or callable statement: the SQL is the one it was prepared with. */
  public static final int PREPARED = 1;
  /** {@code executeBatch()} / {@code executeLargeBatch()}. */
  public static final int BATCH = 2;

  /** Implemented inside the agent. */
  public interface Handler {
    void prepared(Object connection, Object statement, String sql);

    void addBatch(Object statement, String sql);

    Object enter(Object statement, String sql, int kind);

    void exit(Object state, Throwable thrown);

    void poolCreated(Object pool, Object config);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static void prepared(Object connection, Object statement, String sql) {
    Handler current = handler;
    if (current != null && statement != null) {
      current.prepared(connection, statement, sql);
    }
  }

  public static void addBatch(Object statement, String sql) {
    Handler current = handler;
    if (current != null) {
      current.addBatch(statement, sql);
    }
  }

  public static Object enter(Object statement, String sql, int kind) {
    Handler current = handler;
    return current == null ? null : current.enter(statement, sql, kind);
  }

  public static void exit(Object state, Throwable thrown) {
    Handler current = handler;
    if (current != null && state != null) {
      current.exit(state, thrown);
    }
  }

  public static void poolCreated(Object pool, Object config) {
    Handler current = handler;
    if (current != null) {
      current.poolCreated(pool, config);
    }
  }
}
