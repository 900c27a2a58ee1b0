package io.lantern.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A collector that is sick in a chosen way, in front of a real {@link OtlpReceiver}: a plain TCP
 * listener on loopback that, per accepted connection, does what its current {@link Mode} says.
 * {@link #heal()} makes it a transparent proxy to the receiver, so a test can check that export
 * resumes with the spans the receiver decodes.
 *
 * <pre>
 * try (OtlpReceiver otlp = OtlpReceiver.start();
 *      SickOtlpEndpoint sick = SickOtlpEndpoint.start(Mode.NEVER_ANSWERS, otlp)) {
 *   // point lantern.traces.otlp.endpoint at sick.endpoint(), then sick.heal()
 * }
 * </pre>
 */
public final class SickOtlpEndpoint implements AutoCloseable {
  /** What each new connection meets. */
  public enum Mode {
    /** Accepted, the request read and discarded, never an answer: a collector that hangs. */
    NEVER_ANSWERS,
    /** The request read, then {@code 503} after {@link #SLOW_ANSWER_MILLIS} and the connection closed. */
    SLOW_503,
    /** Reset (RST) right after accepting. */
    RESETS,
    /** Proxied to the receiver. */
    HEALTHY
  }

  /** How long {@link Mode#SLOW_503} waits before answering. */
  public static final long SLOW_ANSWER_MILLIS = 2000;

  private final ServerSocket listener;
  private final OtlpReceiver receiver;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sickConnections = new AtomicInteger();
  private volatile Mode mode;
  private volatile boolean closed;

  private SickOtlpEndpoint(ServerSocket listener, Mode mode, OtlpReceiver receiver) {
    this.listener = listener;
    this.mode = mode;
    this.receiver = receiver;
    this.acceptor = daemon("sick-otlp-accept", this::acceptLoop);
  }

  /** Listens on a free port of 127.0.0.1, sick as {@code mode}; healthy connections go to {@code receiver}. */
  public static SickOtlpEndpoint start(Mode mode, OtlpReceiver receiver) {
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      SickOtlpEndpoint endpoint = new SickOtlpEndpoint(listener, mode, receiver);
      endpoint.acceptor.start();
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL to give {@code lantern.traces.otlp.endpoint}. */
  public String endpoint() {
    return "http://127.0.0.1:" + listener.getLocalPort() + OtlpReceiver.PATH;
  }

  /** Connections accepted while sick (each one export attempt). */
  public int sickConnections() {
    return sickConnections.get();
  }

  /**
   * From now on every connection is proxied to the receiver; the connections held open by
   * {@link Mode#NEVER_ANSWERS} are closed, as a collector that restarts would.
   */
  public void heal() {
    mode = Mode.HEALTHY;
    open.forEach(SickOtlpEndpoint::closeQuietly);
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    open.forEach(SickOtlpEndpoint::closeQuietly);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      Mode now = mode;
      if (now != Mode.HEALTHY) {
        sickConnections.incrementAndGet();
      }
      open.add(socket);
      daemon("sick-otlp-" + now.name().toLowerCase(Locale.ROOT), () -> serve(socket, now)).start();
    }
  }

  private void serve(Socket socket, Mode now) {
    try {
      switch (now) {
        case RESETS:
          socket.setSoLinger(true, 0); // close() then sends RST, not FIN
          break;
        case NEVER_ANSWERS:
          // read so the client's body write never blocks: it waits for an answer that never comes
          socket.getInputStream().transferTo(OutputStream.nullOutputStream());
          break;
        case SLOW_503:
          readRequest(socket.getInputStream());
          Thread.sleep(SLOW_ANSWER_MILLIS);
          socket.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
              + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          socket.getOutputStream().flush();
          break;
        case HEALTHY:
          proxy(socket);
          break;
        default:
          throw new IllegalStateException(now.name());
      }
    } catch (IOException | InterruptedException ignored) {
      // the client went away or the endpoint is closing
    } finally {
      open.remove(socket);
      closeQuietly(socket);
    }
  }

  /** Copies bytes both ways between the client and the receiver until either side closes. */
  private void proxy(Socket client) throws IOException {
    try (Socket upstream = new Socket()) {
      upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.port()), 5000);
      open.add(upstream);
      Thread back = daemon("sick-otlp-proxy-back", () -> copy(upstream, client));
      back.start();
      copy(client, upstream);
      try {
        back.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void copy(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException ignored) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  /** Reads one request: headers, then a {@code Content-Length} body (the SDK never sends chunked). */
  private static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      head.append((char) b);
      if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
        break;
      }
    }
    long length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    in.skipNBytes(length);
  }

  private static Thread daemon(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // best effort
    }
  }
}
