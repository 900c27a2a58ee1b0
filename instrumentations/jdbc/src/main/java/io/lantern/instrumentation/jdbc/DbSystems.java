package io.lantern.instrumentation.jdbc;

/** {@code db_system_name} (semconv values) from a JDBC URL's subprotocol; the rest of the URL is never kept. */
final class DbSystems {
  static final String OTHER_SQL = "other_sql";

  private DbSystems() {}

  static String fromUrl(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return OTHER_SQL;
    }
    String rest = url.substring(5);
    // Wrappers such as jdbc:p6spy:postgresql: or jdbc:tc:mysql: name the real database second.
    if (startsWith(rest, "p6spy:") || startsWith(rest, "tc:") || startsWith(rest, "log4jdbc:")) {
      rest = rest.substring(rest.indexOf(':') + 1);
    }
    if (startsWith(rest, "postgresql:") || startsWith(rest, "pgsql:")) {
      return "postgresql";
    }
    if (startsWith(rest, "mariadb:")) {
      return "mariadb";
    }
    if (startsWith(rest, "mysql:")) {
      return "mysql";
    }
    if (startsWith(rest, "h2:")) {
      return "h2database";
    }
    if (startsWith(rest, "hsqldb:")) {
      return "hsqldb";
    }
    if (startsWith(rest, "derby:")) {
      return "derby";
    }
    if (startsWith(rest, "sqlite:")) {
      return "sqlite";
    }
    if (startsWith(rest, "oracle:")) {
      return "oracle.db";
    }
    if (startsWith(rest, "sqlserver:") || startsWith(rest, "jtds:sqlserver:")) {
      return "microsoft.sql_server";
    }
    if (startsWith(rest, "db2:")) {
      return "ibm.db2";
    }
    return OTHER_SQL;
  }

  private static boolean startsWith(String s, String prefix) {
    return s.regionMatches(true, 0, prefix, 0, prefix.length());
  }
}
