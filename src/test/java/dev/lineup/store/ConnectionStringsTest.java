package dev.lineup.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionStringsTest {

  @Test
  void addsWhatIsMissingAndKeepsWhatIsSet() {
    assertThat(ConnectionStrings.withTimeouts("mongodb://127.0.0.1:1234", 2000))
        .isEqualTo("mongodb://127.0.0.1:1234/?serverSelectionTimeoutMS=2000&connectTimeoutMS=2000&heartbeatFrequencyMS=1000");
    assertThat(ConnectionStrings.withTimeouts("mongodb://db1,db2/?replicaSet=rs0&w=majority&serverSelectionTimeoutMS=5000", 2000))
        .isEqualTo("mongodb://db1,db2/?replicaSet=rs0&w=majority&serverSelectionTimeoutMS=5000&connectTimeoutMS=2000&heartbeatFrequencyMS=1000");
    assertThat(ConnectionStrings.withTimeouts("mongodb://h/lineup", 100))
        .isEqualTo("mongodb://h/lineup?serverSelectionTimeoutMS=100&connectTimeoutMS=100&heartbeatFrequencyMS=1000");
  }
}
