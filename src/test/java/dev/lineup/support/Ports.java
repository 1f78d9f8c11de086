package dev.lineup.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A free port, for what must be named before it starts (Hazelcast members that list each other,
 * a store that nodes share, a server taking its port as an argument). Racy by nature: another
 * process may take the port between this check and the bind. Wherever a server can bind port 0 and
 * say which port it got, do that instead (TestNode and LineupProcess do).
 */
public final class Ports {

  private Ports() {
  }

  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
