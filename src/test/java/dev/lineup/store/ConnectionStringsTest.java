package dev.lineup.store;

import com.mongodb.WriteConcern;
import dev.lineup.Lineup;
import dev.lineup.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.ext.mongo.impl.config.MongoClientOptionsParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionStringsTest {

  private static final Vertx VERTX = Vertx.vertx();

  @AfterAll
  static void close() {
    VERTX.close();
  }

  @Test
  void addsWhatIsMissingAndKeepsWhatIsSet() {
    assertThat(ConnectionStrings.withTimeouts("mongodb://127.0.0.1:1234", 2000))
        .isEqualTo("mongodb://127.0.0.1:1234/?serverSelectionTimeoutMS=2000&connectTimeoutMS=2000&heartbeatFrequencyMS=1000");
    assertThat(ConnectionStrings.withTimeouts("mongodb://db1,db2/?replicaSet=rs0&w=majority&serverSelectionTimeoutMS=5000", 2000))
        .isEqualTo("mongodb://db1,db2/?replicaSet=rs0&w=majority&serverSelectionTimeoutMS=5000&connectTimeoutMS=2000&heartbeatFrequencyMS=1000");
    assertThat(ConnectionStrings.withTimeouts("mongodb://h/lineup", 100))
        .isEqualTo("mongodb://h/lineup?serverSelectionTimeoutMS=100&connectTimeoutMS=100&heartbeatFrequencyMS=1000");
  }

  @Test
  void aUriWithoutWriteConcernGetsMajorityJournaled() {
    assertThat(ConnectionStrings.withDurableWrites("mongodb://db1,db2/?replicaSet=rs0"))
        .isEqualTo("mongodb://db1,db2/?replicaSet=rs0&w=majority&journal=true");
    assertThat(ConnectionStrings.withDurableWrites("mongodb://h:1/lineup"))
        .isEqualTo("mongodb://h:1/lineup?w=majority&journal=true");
    // Options that merely end in "w" are not a write concern.
    assertThat(ConnectionStrings.withDurableWrites("mongodb://h/?maxStalenessSeconds=90&readPreference=nearest"))
        .endsWith("&w=majority&journal=true");
    assertThat(ConnectionStrings.withDurableWrites("mongodb://h/?w=1")).isEqualTo("mongodb://h/?w=1");
    assertThat(ConnectionStrings.withDurableWrites("mongodb://h/?journal=false")).isEqualTo("mongodb://h/?journal=false");
  }

  /** What the Vert.x client is built with (its own parser of our configuration), not just the string. */
  @Test
  void theStoreClientCarriesTheWriteConcern() {
    assertThat(clientWriteConcern("mongodb://db1:27017,db2:27017/?replicaSet=rs0"))
        .isEqualTo(WriteConcern.MAJORITY.withJournal(true));
    assertThat(clientWriteConcern("mongodb://db1:27017/?w=1")).isEqualTo(WriteConcern.W1);
    assertThat(clientWriteConcern("mongodb://db1:27017/?w=2&journal=false"))
        .isEqualTo(new WriteConcern(2).withJournal(false));
  }

  private static WriteConcern clientWriteConcern(String mongoUri) {
    Settings.Store store = Settings.defaults(Map.of("mongo_uri", mongoUri)).store();
    return new MongoClientOptionsParser(VERTX, Lineup.mongoConfig(store, null)).settings().getWriteConcern();
  }
}
