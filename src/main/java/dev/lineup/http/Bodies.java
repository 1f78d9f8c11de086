package dev.lineup.http;

import com.fasterxml.jackson.core.JacksonException;
import dev.lineup.schedule.CommandParser;
import dev.lineup.schedule.Rejection;
import io.vertx.core.Future;

/**
 * Reading a request body into a domain value: whatever the reading refuses (a Rejection, or a
 * Jackson failure, which becomes a Rejection naming the field) is the request's failure.
 */
final class Bodies {

  private Bodies() {
  }

  interface Reading<T> {
    T read() throws JacksonException;
  }

  static <T> Future<T> read(Reading<T> reading) {
    try {
      return Future.succeededFuture(reading.read());
    } catch (Rejection r) {
      return Future.failedFuture(r);
    } catch (JacksonException e) {
      return Future.failedFuture(CommandParser.fromJackson(e));
    }
  }
}
