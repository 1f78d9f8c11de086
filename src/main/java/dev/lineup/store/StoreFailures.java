package dev.lineup.store;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.BsonSerializationException;
import org.bson.codecs.configuration.CodecConfigurationException;

import java.util.concurrent.TimeoutException;

/**
 * The one reading of what a failed store call means: the connection failed (the store is
 * unreachable: {@link StoreUnavailable}), the document was refused ({@link DocumentRefused}: that
 * write's failure only), or something else (passed on as it is, a duplicate key among them).
 */
final class StoreFailures {

  private StoreFailures() {
  }

  static Throwable classified(Throwable t) {
    if (t instanceof StoreUnavailable || t instanceof DocumentRefused || DuplicateKey.is(t)) return t;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException || c instanceof MongoTimeoutException || c instanceof MongoSocketException
          // A replica set electing a primary, or a write concern not met in time: reachable again soon.
          || c instanceof MongoNotPrimaryException || c instanceof MongoNodeIsRecoveringException
          || c instanceof MongoWriteConcernException) {
        return new StoreUnavailable("store unavailable: " + c.getMessage(), t);
      }
      if (c instanceof BsonMaximumSizeExceededException) {
        return new DocumentRefused("the document is larger than the store takes: " + c.getMessage(), true, t);
      }
      if (c instanceof BsonSerializationException || c instanceof CodecConfigurationException
          || c instanceof MongoWriteException || c instanceof MongoCommandException) {
        return new DocumentRefused("the store refused the document: " + c.getMessage(),
            String.valueOf(c.getMessage()).contains("too large"), t);
      }
    }
    return t;
  }
}
