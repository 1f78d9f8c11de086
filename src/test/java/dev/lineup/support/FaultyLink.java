package dev.lineup.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP link the test controls, between clients and a server (the store): it forwards bytes both
 * ways, each chunk after {@link #delay(long)} milliseconds, and while {@link #stall(boolean)} it
 * holds every byte (the connections stay open and silent, as behind a lossy or dead network,
 * so clients meet their timeouts rather than a quick refusal). Blocking threads, one pair per
 * connection: a test tool, not a server.
 */
public final class FaultyLink implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong delayMillis = new AtomicLong();
  private volatile boolean stalled;
  private volatile boolean closed;

  private FaultyLink(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
    Thread acceptor = new Thread(this::accept, "faulty-link-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Listens on {@code host} (a random port) and forwards to {@code targetHost:targetPort}. */
  public static FaultyLink start(String host, String targetHost, int targetPort) {
    try {
      ServerSocket server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return new FaultyLink(server, new InetSocketAddress(targetHost, targetPort));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Every chunk waits this long before it goes on (0: none). */
  public void delay(long millis) {
    delayMillis.set(millis);
  }

  /** Holds all traffic (true) or lets it flow again (false). */
  public void stall(boolean stall) {
    this.stalled = stall;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        try {
          upstream.connect(target, 5_000);
        } catch (IOException refused) {
          client.close();
          continue;
        }
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (!closed) continue;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          long delay = delayMillis.get();
          if (delay > 0) Thread.sleep(delay);
          while (stalled && !closed) Thread.sleep(20);
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException gone) {
        // one side closed: close the other below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "faulty-link-pump");
    t.setDaemon(true);
    t.start();
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // already closed
    }
    open.forEach(this::closeQuietly);
  }
}
