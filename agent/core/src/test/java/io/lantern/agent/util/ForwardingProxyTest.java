package io.lantern.agent.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingProxyTest {
  public interface Listener {
    String onEvent(String event) throws IOException;

    default String twice(String event) throws IOException {
      return onEvent(event) + onEvent(event);
    }
  }

  /** Not public: the proxy still reaches it through the public interface. */
  static final class App implements Listener {
    @Override
    public String onEvent(String event) throws IOException {
      if (event.equals("fail")) {
        throw new IOException("the app's own");
      }
      return "<" + event + ">";
    }

    @Override
    public String toString() {
      return "the app's listener";
    }
  }

  static final class Looking extends ForwardingProxy {
    final List<String> seen = new ArrayList<>();

    Looking(Object target) {
      super(target);
    }

    @Override
    protected Object call(Method method, Object[] args) throws Throwable {
      seen.add(method.getName() + ":" + args[0]);
      return forward(method, args);
    }
  }

  @Test
  void forwardsEveryCallWithItsResultAndItsException() throws Exception {
    App app = new App();
    Looking looking = new Looking(app);
    Listener proxy = (Listener) looking.proxy(Listener.class);
    assertEquals("<a>", proxy.onEvent("a"));
    assertEquals("<b><b>", proxy.twice("b"), "a default method runs on the target, which calls its own methods");
    IOException thrown = assertThrows(IOException.class, () -> proxy.onEvent("fail"));
    assertEquals("the app's own", thrown.getMessage());
    assertEquals(List.of("onEvent:a", "twice:b", "onEvent:fail"), looking.seen);
    assertEquals("the app's listener", proxy.toString());
    assertTrue(proxy.equals(proxy));
    assertNotEquals(proxy, app);
    assertEquals(System.identityHashCode(proxy), proxy.hashCode());
    assertSame(Listener.class.getClassLoader(), proxy.getClass().getClassLoader());
  }

  @Test
  void aTargetOfAnotherTypeIsReturnedAsItIs() {
    Object target = new Object();
    assertSame(target, new Looking(target).proxy(Listener.class));
    assertSame(target, new Looking(target).proxy(App.class), "not an interface");
    assertSame(target, new Looking(target).proxy(null));
  }

  public interface Special extends Listener {}

  static class Base implements Special {
    @Override
    public String onEvent(String event) {
      return event;
    }
  }

  static final class Derived extends Base {}

  @Test
  void implementedInterfacesAreFoundByName() {
    assertSame(Listener.class, ForwardingProxy.implemented(App.class, Listener.class.getName()));
    assertSame(Listener.class, ForwardingProxy.implemented(Derived.class, Listener.class.getName()), "through a superclass and a superinterface");
    assertSame(Listener.class, ForwardingProxy.implemented(Listener.class, Listener.class.getName()));
    assertNull(ForwardingProxy.implemented(App.class, Special.class.getName()));
    assertNull(ForwardingProxy.implemented(App.class, App.class.getName()), "a class, not an interface");
  }
}
