package dev.lineup.api;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The one mapping from the domain's kinds of failure to HTTP statuses and event-bus failure codes. */
class ProblemsTest {

  @Test
  void everyKindHasItsOwnStatusAndTitleAndComesBackFromIt() {
    assertThat(Arrays.stream(Failure.values()).map(Problems::status).distinct()).hasSize(Failure.values().length);
    for (Failure f : Failure.values()) {
      assertThat(Problems.kindOf(Problems.status(f))).isEqualTo(f);
      assertThat(Problems.title(f)).isNotBlank();
    }
    assertThat(Problems.status(Failure.TOO_LARGE)).isEqualTo(413);
    assertThat(Problems.status(Failure.UNPROCESSABLE)).isEqualTo(422);
    assertThat(Problems.status(Failure.TOO_MANY_REQUESTS)).isEqualTo(429);
    assertThat(Problems.kindOf(418)).isEqualTo(Failure.INVALID);
    assertThat(Problems.kindOf(502)).isEqualTo(Failure.INTERNAL);
  }

  @Test
  void aReplyCarriesTheStatusAsFailureCodeAndTheProblemAsMessage() {
    var reply = Problems.replyException(new Rejection(Failure.UNPROCESSABLE, "commandId already used"));

    assertThat(reply.failureCode()).isEqualTo(422);
    JsonObject problem = new JsonObject(reply.getMessage());
    assertThat(problem.getInteger("status")).isEqualTo(422);
    assertThat(problem.getString("detail")).isEqualTo("commandId already used");
    assertThat(Problems.rejectionOf(reply).failure()).isEqualTo(Failure.UNPROCESSABLE);
  }
}
