package dev.lineup.schedule;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandParserTest {

  @Test
  void readsEveryCommandType() {
    assertThat(CommandParser.parse("{\"type\":\"talk.move\",\"talkId\":\"t1\",\"start\":\"09:00\",\"end\":\"10:00\",\"expectedVersion\":3}", "ws"))
        .isEqualTo(new Command.MoveTalk(null, 3L, "t1", "09:00", "10:00"));
    assertThat(CommandParser.parse("{\"type\":\"schedule.shift\",\"from\":\"10:00\",\"minutes\":15,\"workshop\":\"ws\"}", "ws"))
        .isEqualTo(new Command.ShiftSchedule(null, null, "10:00", 15));
    for (String type : CommandParser.TYPES) {
      assertThat(CommandParser.parse("{\"type\":\"" + type + "\"}", "ws").getClass().getSimpleName()).isNotEmpty();
    }
  }

  @Test
  void ifMatchVersionIsUsedOnlyWhenTheBodyNamesNone() {
    assertThat(CommandParser.parse("{\"type\":\"talk.remove\",\"talkId\":\"t1\"}", "ws", 7L).expectedVersion()).isEqualTo(7L);
    assertThat(CommandParser.parse("{\"type\":\"talk.remove\",\"talkId\":\"t1\",\"expectedVersion\":2}", "ws", 7L).expectedVersion()).isEqualTo(2L);
  }

  @Test
  void refusesWithThePath() {
    assertRefused("{\"type\":\"talk.fly\"}", "type");
    assertRefused("{\"talkId\":\"t1\"}", "type");
    assertRefused("{\"type\":\"talk.update\",\"talkId\":\"t1\",\"set\":{\"title\":42}}", "set.title");
    assertRefused("{\"type\":\"talk.update\",\"talkId\":\"t1\",\"set\":{\"colour\":\"red\"}}", "set.colour");
    assertRefused("{\"type\":\"talk.update\",\"talkId\":\"t1\",\"set\":{\"kind\":\"party\"}}", "set.kind");
    assertRefused("{\"type\":\"schedule.shift\",\"from\":\"10:00\",\"minutes\":\"15\"}", "minutes");
    assertRefused("{\"type\":\"talk.remove\",\"workshop\":\"other\"}", "workshop");
    assertRefused("{\"type\":", "");
    assertRefused("[1,2]", "");
    assertRefused("{\"type\":\"talk.add\",\"talk\":{\"extra\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}}", "");
  }

  private static void assertRefused(String json, String path) {
    assertThatThrownBy(() -> CommandParser.parse(json, "ws"))
        .isInstanceOfSatisfying(Rejection.class, r -> {
          assertThat(r.failure()).isEqualTo(Failure.INVALID);
          assertThat(r.errors()).extracting(FieldError::path).contains(path);
        });
  }
}
