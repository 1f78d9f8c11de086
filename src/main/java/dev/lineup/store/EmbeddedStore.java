package dev.lineup.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The MongoDB-compatible store that runs inside Lineup when no MongoDB is configured:
 * mongo-java-server on an H2 file, bound to loopback. Lineup talks to it over the wire like to any
 * MongoDB; only {@link #commit()} (forcing H2 to disk) goes around the wire.
 *
 * <p>mongo-java-server has no authentication, so any local process could read the users'
 * password hashes and write. Each connection therefore goes through a {@link ScramGate}: the
 * user {@value #USER} must authenticate with SCRAM-SHA-256 before any command reaches the
 * database. The password is {@code store_password} when configured (other nodes of a demo cluster
 * put it in their {@code LINEUP_MONGO_URI}), else a random one only this process knows.
 */
public final class EmbeddedStore implements AutoCloseable {

  public static final String USER = "lineup";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);
  private static final String FILE_NAME = "lineup.mv.db";

  private final H2Backend backend;
  private final MongoServer server;
  private final InetSocketAddress address;
  private final String password;

  private EmbeddedStore(H2Backend backend, MongoServer server, InetSocketAddress address, String password) {
    this.backend = backend;
    this.server = server;
    this.address = address;
    this.password = password;
  }

  /** True when {@code dataDir} holds no store yet: a first start (blocking: looks at the file system). */
  public static boolean fresh(Path dataDir) {
    return !Files.exists(dataDir.resolve(FILE_NAME));
  }

  /**
   * Blocking: opens the file and binds; call from a worker or before Vert.x runs.
   *
   * @param password the store's password (printable ASCII); null or blank: a random one
   */
  public static EmbeddedStore start(Path dataDir, int port, String password) {
    try {
      Files.createDirectories(dataDir);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create data folder " + dataDir.toAbsolutePath(), e);
    }
    String secret = password == null || password.isBlank() ? randomPassword() : checked(password);
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
    try {
      guard(server, ScramGate.Keys.derive(USER, secret));
    } catch (RuntimeException e) {
      server.shutdownNow();
      backend.close();
      throw e;
    }
    LOG.info("embedded store on {} (file {}), user {} with {}", address, file.toAbsolutePath(), USER,
        password == null || password.isBlank() ? "a password only this process knows" : "store_password");
    return new EmbeddedStore(backend, server, address, secret);
  }

  /**
   * Puts a {@link ScramGate} before the database handler of every connection the server accepts
   * from now on, and closes any accepted before (between bind and here): none ever bypasses it.
   */
  private static void guard(MongoServer server, ScramGate.Keys keys) {
    Channel listening = (Channel) privateField(server, "channel");
    listening.pipeline().addFirst("lineup-accept-gate", new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object accepted) {
        if (accepted instanceof Channel connection) {
          connection.pipeline().addFirst("lineup-gate-installer", new ChannelInboundHandlerAdapter() {
            /** By now mongo-java-server's own handlers are in place: the gate goes before the database. */
            @Override
            public void channelRegistered(ChannelHandlerContext c) {
              var database = c.pipeline().context(MongoDatabaseHandler.class);
              if (database == null) {
                c.close();
                return;
              }
              c.pipeline().addBefore(database.name(), "lineup-scram", new ScramGate(keys));
              c.pipeline().remove(this);
              c.fireChannelRegistered();
            }
          });
        }
        ctx.fireChannelRead(accepted);
      }
    });
    ((ChannelGroup) privateField(server, "channelGroup")).close().syncUninterruptibly();
  }

  private static Object privateField(MongoServer server, String name) {
    try {
      var field = MongoServer.class.getDeclaredField(name);
      field.setAccessible(true);
      Object value = field.get(server);
      if (value == null) throw new IllegalStateException("mongo-java-server has no " + name + " yet");
      return value;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot guard the embedded store (mongo-java-server changed?)", e);
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** SCRAM-SHA-256 prepares passwords (SASLprep); printable ASCII is the same prepared or not. */
  private static String checked(String password) {
    if (!password.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      throw new IllegalArgumentException("store_password must be printable ASCII without spaces");
    }
    return password;
  }

  /** How this process connects: the user, its password, SCRAM-SHA-256. */
  public String connectionString() {
    return "mongodb://" + USER + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@127.0.0.1:"
        + address.getPort() + "/?authSource=admin&authMechanism=" + ScramGate.MECHANISM;
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
