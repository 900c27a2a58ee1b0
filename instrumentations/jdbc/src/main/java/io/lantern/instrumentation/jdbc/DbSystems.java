package io.lantern.instrumentation.jdbc;

/** {@code db_system_name} (semconv values) from a JDBC URL's subprotocol; the rest of the URL is never kept. */
final class DbSystems {
  static final String OTHER_SQL = "other_sql";

  /** Subprotocol prefix (after {@code jdbc:}), system name; first match wins. */
  private static final String[][] SYSTEMS = {
    {"postgresql:", "postgresql"}, {"pgsql:", "postgresql"},
    {"mariadb:", "mariadb"}, {"mysql:", "mysql"},
    {"h2:", "h2database"}, {"hsqldb:", "hsqldb"}, {"derby:", "derby"}, {"sqlite:", "sqlite"},
    {"oracle:", "oracle.db"}, {"sqlserver:", "microsoft.sql_server"}, {"jtds:sqlserver:", "microsoft.sql_server"},
    {"db2:", "ibm.db2"},
  };
  /** Wrappers such as {@code jdbc:p6spy:postgresql:} or {@code jdbc:tc:mysql:} name the real database second. */
  private static final String[] WRAPPERS = {"p6spy:", "tc:", "log4jdbc:"};

  private DbSystems() {}

  static String fromUrl(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return OTHER_SQL;
    }
    String rest = url.substring(5);
    for (String wrapper : WRAPPERS) {
      if (startsWith(rest, wrapper)) {
        rest = rest.substring(wrapper.length());
        break;
      }
    }
    for (String[] system : SYSTEMS) {
      if (startsWith(rest, system[0])) {
        return system[1];
      }
    }
    return OTHER_SQL;
  }

  private static boolean startsWith(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }
}
