package dev.lineup.stream;

import dev.lineup.schedule.Rejection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamPositionTest {

  @Test
  void meetingIdsRoundTripSortedByWorkshop() {
    String id = StreamPosition.meetingId(Map.of("practice", 7L, "theory", 12L, "a-1_b", 0L));
    assertThat(id).isEqualTo("a-1_b:0,practice:7,theory:12");
    assertThat(StreamPosition.parseMeeting(id, "Last-Event-ID"))
        .containsExactly(Map.entry("a-1_b", 0L), Map.entry("practice", 7L), Map.entry("theory", 12L));
    assertThat(StreamPosition.parseMeeting("", "after")).isEmpty();
  }

  @Test
  void badIdsAreInvalidAndNameTheirSource() {
    for (String bad : new String[] {"theory", "theory:", ":3", "theory:-1", "theory:x", "the ory:3", "a:1,,b:2"}) {
      assertThatThrownBy(() -> StreamPosition.parseMeeting(bad, "Last-Event-ID")).as(bad)
          .isInstanceOf(Rejection.class).hasMessageContaining("Last-Event-ID");
    }
    assertThatThrownBy(() -> StreamPosition.parseSeq("-2", "after")).isInstanceOf(Rejection.class);
    assertThat(StreamPosition.parseSeq(" 42 ", "after")).isEqualTo(42);
  }

  @Test
  void framesKeepEveryValueOnItsOwnLines() {
    String frame = SseFrames.event("3", "talk.updated", "{\"a\":1}\n{\"b\":2}").toString(StandardCharsets.UTF_8);
    assertThat(frame).isEqualTo("id: 3\nevent: talk.updated\ndata: {\"a\":1}\ndata: {\"b\":2}\n\n");
    assertThat(SseFrames.event(null, "x\ny", "{}").toString(StandardCharsets.UTF_8)).isEqualTo("event: x y\ndata: {}\n\n");
    assertThat(SseFrames.comment("ping").toString(StandardCharsets.UTF_8)).isEqualTo(": ping\n\n");
  }
}
