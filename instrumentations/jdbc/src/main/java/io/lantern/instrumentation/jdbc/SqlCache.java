package io.lantern.instrumentation.jdbc;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Sanitized statements by their SQL, so a prepared or repeated statement is sanitized once. Reads
 * are lock-free; the map is bounded: when full it is cleared (statements with inlined literals
 * would otherwise fill it with one-offs), which only costs re-sanitizing.
 */
final class SqlCache {
  private final ConcurrentHashMap<String, SqlInfo> standard = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, SqlInfo> mysql = new ConcurrentHashMap<>();
  private final int maxEntries;

  SqlCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  SqlInfo get(String sql, SqlSanitizer.Dialect dialect) {
    ConcurrentHashMap<String, SqlInfo> map = dialect == SqlSanitizer.Dialect.MYSQL ? mysql : standard;
    SqlInfo info = map.get(sql);
    if (info == null) {
      info = SqlSanitizer.sanitize(sql, dialect);
      if (map.size() >= maxEntries) {
        map.clear();
      }
      map.put(sql, info);
    }
    return info;
  }

  int size() {
    return standard.size() + mysql.size();
  }
}
