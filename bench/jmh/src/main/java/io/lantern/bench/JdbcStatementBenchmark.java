package io.lantern.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One prepared SELECT on in-memory H2. bench/jmh/run runs it in forks without and with the agent
 * jar attached; the difference is the per-statement cost of Lantern's JDBC hook.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JdbcStatementBenchmark {
  private Connection connection;
  private PreparedStatement query;
  private int id;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:h2:mem:jmh;DB_CLOSE_DELAY=-1");
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS items (id INT PRIMARY KEY, name VARCHAR(64))");
      statement.execute("MERGE INTO items KEY (id) VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    }
    query = connection.prepareStatement("SELECT name FROM items WHERE id = ?");
  }

  @Benchmark
  public String preparedSelect() throws SQLException {
    id = id % 3 + 1;
    query.setInt(1, id);
    try (ResultSet rows = query.executeQuery()) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    connection.close();
  }
}
