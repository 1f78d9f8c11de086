package dev.lineup.auth;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.net.InetSocketAddress;

/** An in-memory MongoDB-compatible server on a random port, reached over the wire. */
final class EmbeddedMongo implements AutoCloseable {

  private final MongoServer server = new MongoServer(H2Backend.inMemory());
  final MongoClient client;

  EmbeddedMongo(Vertx vertx) {
    InetSocketAddress address = server.bind();
    client = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", "mongodb://" + address.getHostString() + ":" + address.getPort())
        .put("db_name", "lineup-auth-test"));
  }

  @Override
  public void close() {
    client.close();
    server.shutdownNow();
  }
}
