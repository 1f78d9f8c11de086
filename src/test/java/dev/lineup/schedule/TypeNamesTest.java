package dev.lineup.schedule;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each command and event type is named once, on its record; the wire shapes stay as designed. */
class TypeNamesTest {

  @Test
  void theCommandTypesOfTheDesign() {
    assertThat(CommandParser.TYPES).containsExactlyInAnyOrder("workshop.create", "workshop.update",
        "workshop.delete", "workshop.import", "organizer.add", "organizer.update", "organizer.remove",
        "talk.add", "talk.update", "talk.move", "talk.remove", "schedule.shift", "change.revert");
    for (String type : CommandParser.TYPES) {
      assertThat(CommandParser.typeOf(CommandParser.parse("{\"type\":\"" + type + "\"}", "ws"))).isEqualTo(type);
    }
  }

  @Test
  void everyEventTypeReadsBackToItsClassAndItsDataCarriesNoTypeOfItsOwn() {
    assertThat(TypeNames.EVENTS.names()).hasSize(EventData.class.getPermittedSubclasses().length)
        .contains("talk.moved", "schedule.shifted", "workshop.imported", "change.reverted");
    for (String type : TypeNames.EVENTS.names()) {
      assertThat(TypeNames.EVENTS.nameOf(EventData.classOf(type))).isEqualTo(type);
    }
    Event moved = new Event("ws", 3, "alice", "2026-01-01T00:00:00Z", "c1",
        new EventData.TalkMoved("t1", "09:00", "10:00", "08:00", "09:00"));

    Map<String, Object> json = moved.toMap();

    assertThat(json.keySet()).containsExactly("workshop", "seq", "type", "by", "at", "commandId", "data");
    assertThat(json.get("type")).isEqualTo("talk.moved");
    assertThat(((Map<?, ?>) json.get("data")).containsKey("type")).isFalse();
    assertThat(Event.fromMap(json)).isEqualTo(moved);
    Event reverted = new Event("ws", 4, "bob", "2026-01-01T00:00:00Z", "c2",
        new EventData.ChangeReverted(3, new EventData.TalkMoved("t1", "08:00", "09:00", "09:00", "10:00")));
    assertThat(((Map<?, ?>) ((Map<?, ?>) reverted.toMap().get("data")).get("inverse")).get("type")).isEqualTo("talk.moved");
    assertThat(Event.fromMap(reverted.toMap())).isEqualTo(reverted);
    assertThat(List.of(CommandParser.TYPES.size(), TypeNames.EVENTS.names().size())).containsExactly(13, 13);
  }
}
