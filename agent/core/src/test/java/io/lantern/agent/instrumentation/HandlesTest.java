package io.lantern.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;

class HandlesTest {
  /** Stands for a library class the agent cannot link against. */
  public static final class Library {
    public Library self(String suffix, int times) {
      return this;
    }

    public int size(CharSequence text) {
      return text.length();
    }
  }

  @Test
  void erasesLibraryTypesAndKeepsJavaTypesAndPrimitives() throws Throwable {
    MethodHandle self = Handles.method(Library.class, "self", Library.class, String.class, int.class);
    assertEquals(MethodType.methodType(Object.class, Object.class, String.class, int.class), self.type());
    Library library = new Library();
    assertEquals(library, (Object) self.invokeExact((Object) library, "x", 2));

    MethodHandle size = Handles.method(Library.class, "size", int.class, CharSequence.class);
    assertEquals(3, (int) size.invokeExact((Object) library, (CharSequence) "abc"));
  }
}
