package io.lantern.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lantern.instrumentation.jdbc.SqlSanitizer.Dialect;
import org.junit.jupiter.api.Test;

class SqlCacheTest {
  @Test
  void sanitizesOncePerStatementAndDialectAndStaysBounded() {
    SqlCache cache = new SqlCache(10);
    SqlInfo first = cache.get("SELECT * FROM t WHERE a = \"x\"", Dialect.STANDARD);
    assertSame(first, cache.get("SELECT * FROM t WHERE a = \"x\"", Dialect.STANDARD));
    assertEquals("SELECT * FROM t WHERE a = ?", cache.get("SELECT * FROM t WHERE a = \"x\"", Dialect.MYSQL).text());
    for (int i = 0; i < 1000; i++) {
      assertEquals("SELECT * FROM t WHERE id = ?", cache.get("SELECT * FROM t WHERE id = " + i, Dialect.STANDARD).text());
    }
    assertEquals(true, cache.size() <= 10);
  }
}
