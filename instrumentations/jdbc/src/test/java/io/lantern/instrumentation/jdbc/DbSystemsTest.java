package io.lantern.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DbSystemsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "jdbc:postgresql://u:s3cr3t@db:5432/app?password=s3cr3t | postgresql",
    "JDBC:PostgreSQL://db/app | postgresql",
    "jdbc:mariadb://app:s3cr3t@localhost:3306/app | mariadb",
    "jdbc:mysql://localhost/app?user=a&password=s3cr3t | mysql",
    "jdbc:h2:mem:app;USER=sa;PASSWORD=s3cr3t | h2database",
    "jdbc:p6spy:postgresql://db/app | postgresql",
    "jdbc:tc:mysql:8://db/app | mysql",
    "jdbc:sqlserver://db;password=s3cr3t | microsoft.sql_server",
    "jdbc:oracle:thin:@db:1521:x | oracle.db",
    "jdbc:weird://db | other_sql",
    "not a url | other_sql",
  })
  void systemIsAConstantOfTheSubprotocolNeverPartOfTheUrl(String url, String system) {
    assertEquals(system, DbSystems.fromUrl(url));
  }

  @org.junit.jupiter.api.Test
  void nullIsOther() {
    assertEquals("other_sql", DbSystems.fromUrl(null));
  }
}
