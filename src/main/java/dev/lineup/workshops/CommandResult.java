package dev.lineup.workshops;

import dev.lineup.schedule.Event;

import java.util.List;
import java.util.Map;

/** The answer to an accepted command, over REST and the bus alike: {version, seq, events}. */
public record CommandResult(long version, long seq, List<Event> events) {

  public static CommandResult of(Event event) {
    return new CommandResult(event.seq(), event.seq(), List.of(event));
  }

  public Map<String, Object> toMap() {
    return Map.of("version", version, "seq", seq,
        "events", events.stream().map(Event::toMap).toList());
  }
}
