package io.lantern.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibraryApisTest {
  @Test
  void anApiIsResolvedOncePerClassAgainstTheLoaderThatDefinedIt() {
    List<ClassLoader> resolvedFor = new ArrayList<>();
    LibraryApis<Object> apis = new LibraryApis<>("Lib", loader -> {
      resolvedFor.add(loader);
      return new Object();
    });
    Object forTest = apis.of(this);
    assertSame(forTest, apis.of(new LibraryApisTest()), "the same class: the same API");
    Object forString = apis.of("a string");
    assertSame(forString, apis.of("another"));
    assertEquals(2, resolvedFor.size());
    assertSame(LibraryApisTest.class.getClassLoader(), resolvedFor.get(0));
    assertNull(resolvedFor.get(1), "java.lang.String: the boot loader");
  }

  @Test
  void aCopyOfTheLibraryThatLacksAMethodFailsEveryReadOfItsClassNamingIt() {
    int[] resolves = new int[1];
    LibraryApis<Object> apis = new LibraryApis<>("Lib 2", loader -> {
      resolves[0]++;
      throw new NoSuchMethodException("Lib.call()");
    });
    IllegalStateException first = assertThrows(IllegalStateException.class, () -> apis.of(this));
    assertEquals("Lib 2 API of " + LibraryApisTest.class.getName() + " not usable", first.getMessage());
    assertTrue(first.getCause() instanceof NoSuchMethodException);
    assertThrows(IllegalStateException.class, () -> apis.of(this));
  }
}
