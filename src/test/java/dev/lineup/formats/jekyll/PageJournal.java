package dev.lineup.formats.jekyll;

import dev.lineup.schedule.Command;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.DecisionContext;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.EventData;
import dev.lineup.schedule.Workshop;

import java.util.ArrayList;
import java.util.List;

/**
 * One workshop's life without a server, for tests of pages: commands decided by a decider that
 * reads pages with {@link JekyllPages}, each becoming the next event of its log, as the pipeline
 * does (a revert sees the log from the change it names on).
 */
public final class PageJournal {

  private final Decider decider;
  private final List<Event> log = new ArrayList<>();
  private Workshop state;

  public PageJournal(String workshopId, String defaultTimezone) {
    this.decider = new Decider(new JekyllPages(), defaultTimezone);
    this.state = Workshop.absent(workshopId);
  }

  public Workshop state() {
    return state;
  }

  public Event run(Command command) {
    List<Event> history = command instanceof Command.RevertChange r && r.seq() != null
        ? log.stream().filter(e -> e.seq() >= r.seq()).toList() : List.of();
    EventData data = decider.decide(command, state, DecisionContext.current("test").withHistory(history));
    Event event = new Event(state.id(), state.version() + 1, "test", "2026-01-01T00:00:00Z", null, data);
    state = decider.evolve(state, event);
    log.add(event);
    return event;
  }

  /** The state after {@code command}. */
  public Workshop apply(Command command) {
    run(command);
    return state;
  }

  /** A page imported ({@code date}: from its file name; {@code path}: in its site; both may be null). */
  public Workshop importPage(String page, String date, String path) {
    return apply(new Command.ImportWorkshop(null, null, page, date, null, path));
  }
}
