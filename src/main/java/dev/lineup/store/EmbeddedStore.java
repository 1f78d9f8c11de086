package dev.lineup.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MongoDB-compatible store that runs inside Lineup when no MongoDB is configured:
 * mongo-java-server on an H2 file, bound to loopback. Lineup talks to it over the wire like to any
 * MongoDB; only {@link #commit()} (forcing H2 to disk) goes around the wire.
 */
public final class EmbeddedStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);
  private static final String FILE_NAME = "lineup.mv.db";

  private final H2Backend backend;
  private final MongoServer server;
  private final InetSocketAddress address;

  private EmbeddedStore(H2Backend backend, MongoServer server, InetSocketAddress address) {
    this.backend = backend;
    this.server = server;
    this.address = address;
  }

  /** Blocking: opens the file and binds; call from a worker or before Vert.x runs. */
  public static EmbeddedStore start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create data folder " + dataDir.toAbsolutePath(), e);
    }
    Path file = dataDir.resolve(FILE_NAME);
    H2Backend backend = new H2Backend(file.toString());
    MongoServer server = new MongoServer(backend);
    InetSocketAddress address;
    if (port == 0) {
      address = server.bind();
    } else {
      server.bind("127.0.0.1", port);
      address = server.getLocalAddress();
    }
    LOG.info("embedded store on {} (file {})", address, file.toAbsolutePath());
    return new EmbeddedStore(backend, server, address);
  }

  public String connectionString() {
    return "mongodb://127.0.0.1:" + address.getPort();
  }

  public int port() {
    return address.getPort();
  }

  /**
   * Blocking: forces everything written so far to disk. H2's commit writes the store's new chunks;
   * the sync then has the operating system put them on the device, so an acknowledged write
   * survives a power cut as well as a killed process.
   */
  public void commit() {
    backend.commit();
    backend.getMvStore().sync();
  }

  @Override
  public void close() {
    server.shutdownNow();
    backend.commit();
    backend.close();
  }
}
