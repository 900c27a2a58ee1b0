package io.lantern.agent.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {
  @Test
  void keysAreComparedByIdentity() {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    String a = new String("same");
    String b = new String("same");
    map.put(a, "a");
    assertEquals("a", map.get(a));
    assertNull(map.get(b));
    map.put(b, "b");
    assertEquals("a", map.get(a));
    assertEquals("b", map.get(b));
    map.put(a, "a2");
    assertEquals("a2", map.get(a));
    assertEquals(2, map.size());
    assertEquals("b", map.remove(b));
    assertEquals(List.of(a), map.keys());
  }

  @Test
  void putIfAbsentKeepsTheFirstValue() {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    Object key = new Object();
    String first = new String("first");
    assertNull(map.putIfAbsent(key, first));
    assertEquals("first", map.putIfAbsent(key, "second"));
    assertEquals("first", map.get(key));
    assertEquals(1, map.size());
    assertEquals("first", map.remove(key));
    assertNull(map.putIfAbsent(key, "third"), "free again once removed");
  }

  @Test
  void doesNotKeepKeysAlive() throws Exception {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    for (int i = 0; i < 1000; i++) {
      map.put(new Object(), "v" + i);
    }
    Object kept = new Object();
    map.put(kept, "kept");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (map.size() > 1 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(1, map.size());
    assertEquals("kept", map.get(kept));
    assertTrue(map.keys().contains(kept));
  }
}
