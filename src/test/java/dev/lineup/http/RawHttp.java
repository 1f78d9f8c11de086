package dev.lineup.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 connection written byte by byte, for what a polite client never does: headers
 * promising a body that does not come, a body that trickles, a connection that says nothing.
 */
final class RawHttp implements AutoCloseable {

  private final Socket socket;

  RawHttp(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RawHttp send(String text) {
    try {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The request line and headers, ending the head. */
  RawHttp head(String requestLine, int port, String... headers) {
    StringBuilder b = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1:").append(port).append("\r\n");
    for (String h : headers) b.append(h).append("\r\n");
    return send(b.append("\r\n").toString());
  }

  /**
   * Everything the server sends until it closes the connection, or null if it neither answers
   * nor closes within {@code timeout}.
   */
  String untilClosed(Duration timeout) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) return null;
        socket.setSoTimeout((int) left);
        int n;
        try {
          n = in.read(buffer);
        } catch (SocketTimeoutException e) {
          return null;
        } catch (IOException e) {
          return out.toString(StandardCharsets.UTF_8); // reset by the server: closed too
        }
        if (n < 0) return out.toString(StandardCharsets.UTF_8);
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The status of the next answer (its status line only), or -1 if none comes within {@code timeout}. */
  int nextStatus(Duration timeout) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      socket.setSoTimeout((int) timeout.toMillis());
      InputStream in = socket.getInputStream();
      for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) line.write(b);
      String text = line.toString(StandardCharsets.UTF_8);
      return text.startsWith("HTTP/1.1 ") ? status(text) : -1;
    } catch (SocketTimeoutException e) {
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The status of an answer read by {@link #untilClosed}. */
  static int status(String response) {
    return Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closed already
    }
  }
}
