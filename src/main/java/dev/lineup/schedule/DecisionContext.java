package dev.lineup.schedule;

import java.util.List;
import java.util.Objects;

/**
 * What a decision needs besides the command and the current state.
 *
 * @param sender  who sends the command (the token's subject)
 * @param since   the events after the command's {@code expectedVersion} (empty when it is current)
 * @param history for a {@code change.revert}: the log from the event it names up to the current
 *                version (empty for other commands)
 */
public record DecisionContext(String sender, List<Event> since, List<Event> history) {

  public DecisionContext {
    Objects.requireNonNull(sender, "sender");
    since = List.copyOf(since);
    history = List.copyOf(history);
  }

  /** A command sent against the current version. */
  public static DecisionContext current(String sender) {
    return new DecisionContext(sender, List.of(), List.of());
  }

  public DecisionContext withSince(List<Event> events) {
    return new DecisionContext(sender, events, history);
  }

  public DecisionContext withHistory(List<Event> events) {
    return new DecisionContext(sender, since, events);
  }
}
