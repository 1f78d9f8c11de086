package dev.lineup.store;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import org.bson.BsonDocument;
import org.bson.BsonMaximumSizeExceededException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which store failures pause changes (connectivity) and which are one document's (refused). */
class StoreFailuresTest {

  private static MongoWriteException writeError(int code, String message) {
    return new MongoWriteException(new WriteError(code, message, new BsonDocument()), new ServerAddress(), List.of());
  }

  @Test
  void aConnectionThatFailsIsTheStoreUnavailable() {
    assertThat(StoreFailures.classified(new TimeoutException("no answer"))).isInstanceOf(StoreUnavailable.class);
    assertThat(StoreFailures.classified(new MongoTimeoutException("no server"))).isInstanceOf(StoreUnavailable.class);
    assertThat(StoreFailures.classified(new MongoSocketReadException("reset", new ServerAddress())))
        .isInstanceOf(StoreUnavailable.class);
  }

  @Test
  void aDocumentTheStoreRefusesIsThatWritesFailureOnly() {
    Throwable tooLarge = StoreFailures.classified(new BsonMaximumSizeExceededException("Payload document size is larger than maximum"));
    assertThat(tooLarge).isInstanceOfSatisfying(DocumentRefused.class, r -> assertThat(r.tooLarge()).isTrue());
    Throwable invalid = StoreFailures.classified(writeError(121, "Document failed validation"));
    assertThat(invalid).isInstanceOfSatisfying(DocumentRefused.class, r -> assertThat(r.tooLarge()).isFalse());
  }

  @Test
  void aDuplicateKeyStaysWhatItIs() {
    MongoWriteException duplicate = writeError(11000, "E11000 duplicate key error index: workshop_seq");
    assertThat(StoreFailures.classified(duplicate)).isSameAs(duplicate);
  }
}
