package dev.lineup.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The whole logic of a workshop: {@link #decide} turns a command and the current state into one
 * event (or a {@link Rejection}), {@link #evolve} applies an event. Pure: no I/O, no clock, no
 * randomness (ids derive from the event's seq), so a log always replays to the same state.
 */
public final class Decider {

  private final PageReader pageReader;
  private final String defaultTimezone;

  public Decider(PageReader pageReader, String defaultTimezone) {
    this.pageReader = Objects.requireNonNull(pageReader);
    this.defaultTimezone = Objects.requireNonNull(defaultTimezone);
  }

  /**
   * Decides a command that may be stale: {@code since} are the events after the command's
   * {@code expectedVersion} (empty when it is current). The command is decided against the
   * current state and accepted unless it touches what those events touched.
   */
  public EventData decide(Command command, Workshop state, List<Event> since) {
    return decide(command, state, since, List.of());
  }

  /**
   * As {@link #decide(Command, Workshop, List)}; {@code history} is the log from the event a
   * {@code change.revert} names up to the current version (empty for other commands).
   */
  public EventData decide(Command command, Workshop state, List<Event> since, List<Event> history) {
    if (command.expectedVersion() != null && command.expectedVersion() > state.version()) {
      throw new Rejection(Failure.CONFLICT, "expectedVersion " + command.expectedVersion()
          + " is ahead of the workshop's version " + state.version());
    }
    if (since.isEmpty()) return decideNow(command, state, history);
    EventData data;
    try {
      data = decideNow(command, state, history);
    } catch (Rejection r) {
      List<Event> conflicts = Touches.conflicting(Touches.intendedBy(command), since);
      if (conflicts.isEmpty()) throw r;
      throw conflict(command, conflicts);
    }
    List<Event> conflicts = Touches.conflicting(Touches.of(data), since);
    if (!conflicts.isEmpty()) throw conflict(command, conflicts);
    return data;
  }

  private static Rejection conflict(Command command, List<Event> conflicts) {
    return new Rejection(Failure.CONFLICT, "changed since version " + command.expectedVersion()
        + " by " + conflicts.size() + " conflicting change(s)", List.of(), conflicts);
  }

  /** Decides a command against the current state. */
  public EventData decide(Command command, Workshop state) {
    return decideNow(command, state, List.of());
  }

  private EventData decideNow(Command command, Workshop state, List<Event> history) {
    long seq = state.version() + 1;
    if (command instanceof Command.CreateWorkshop c) return create(c, state, seq);
    if (command instanceof Command.ImportWorkshop c) return importPage(c, state, seq);
    if (!state.exists()) throw Rejection.notFound("workshop " + state.id() + " does not exist");
    if (command instanceof Command.UpdateWorkshop c) return updateWorkshop(c, state);
    if (command instanceof Command.DeleteWorkshop) return new EventData.WorkshopDeleted();
    if (command instanceof Command.AddOrganizer c) return addOrganizer(c, seq);
    if (command instanceof Command.UpdateOrganizer c) return updateOrganizer(c, state);
    if (command instanceof Command.RemoveOrganizer c) return removeOrganizer(c, state);
    if (command instanceof Command.AddTalk c) return addTalk(c, seq);
    if (command instanceof Command.UpdateTalk c) return updateTalk(c, state);
    if (command instanceof Command.MoveTalk c) return moveTalk(c, state);
    if (command instanceof Command.RemoveTalk c) return removeTalk(c, state);
    if (command instanceof Command.ShiftSchedule c) return shift(c, state);
    if (command instanceof Command.RevertChange c) return revert(c, state, history);
    throw new IllegalStateException("no decision for " + command.getClass().getSimpleName());
  }

  /** Applies an event: the state after it, at version {@code event.seq()}, warnings recomputed. */
  public Workshop evolve(Workshop state, Event event) {
    Workshop next = apply(state, event.data());
    next = next.withVersion(event.seq());
    return next.withWarnings(Warnings.of(next));
  }

  /** The state after a whole log (or the rest of one, from a snapshot). */
  public Workshop replay(Workshop from, List<Event> events) {
    Workshop state = from;
    for (Event e : events) state = evolve(state, e);
    return state;
  }

  private Workshop apply(Workshop w, EventData data) {
    if (data instanceof EventData.WorkshopCreated e) return e.workshop().withIdentity(w.id(), w.version());
    if (data instanceof EventData.WorkshopImported e) return e.workshop().withIdentity(w.id(), w.version());
    if (data instanceof EventData.WorkshopUpdated e) return e.set().applyTo(w);
    if (data instanceof EventData.WorkshopDeleted) return Workshop.absent(w.id());
    if (data instanceof EventData.OrganizerAdded e) {
      List<Person> list = new ArrayList<>(w.organizers());
      list.add(e.organizer());
      return w.withOrganizers(list);
    }
    if (data instanceof EventData.OrganizerUpdated e) {
      return w.withOrganizers(w.organizers().stream()
          .map(o -> e.organizerId().equals(o.id()) ? e.set().applyTo(o) : o).toList());
    }
    if (data instanceof EventData.OrganizerRemoved e) {
      return w.withOrganizers(w.organizers().stream()
          .filter(o -> !e.organizerId().equals(o.id())).toList());
    }
    if (data instanceof EventData.TalkAdded e) return w.withTalks(insertByTime(w.talks(), e.talk()));
    if (data instanceof EventData.TalkUpdated e) {
      return w.withTalks(w.talks().stream()
          .map(t -> t.id().equals(e.talkId()) ? e.set().applyTo(t) : t).toList());
    }
    if (data instanceof EventData.TalkMoved e) {
      return w.withTalks(w.talks().stream()
          .map(t -> t.id().equals(e.talkId()) ? t.withTimes(e.start(), e.end()) : t).toList());
    }
    if (data instanceof EventData.TalkRemoved e) {
      return w.withTalks(w.talks().stream().filter(t -> !t.id().equals(e.talkId())).toList());
    }
    if (data instanceof EventData.ScheduleShifted e) {
      Set<String> moved = Set.copyOf(e.talkIds());
      return w.withTalks(w.talks().stream()
          .map(t -> moved.contains(t.id()) ? shifted(t, e.minutes()) : t).toList());
    }
    if (data instanceof EventData.ChangeReverted e) return apply(w, e.inverse());
    throw new IllegalStateException("no evolution for " + data.type());
  }

  // ---- decisions -------------------------------------------------------------------------

  private EventData create(Command.CreateWorkshop c, Workshop state, long seq) {
    if (state.exists()) {
      throw new Rejection(Failure.CONFLICT, "workshop " + state.id() + " already exists");
    }
    Workshop w = c.workshop();
    Validation v = new Validation();
    if (w == null) {
      v.required("workshop", null);
      v.throwIfAny();
    }
    if (w.id() != null && !w.id().equals(state.id())) {
      v.add("workshop.id", "\"" + w.id() + "\" differs from the workshop addressed, " + state.id());
    }
    if (w.title() == null || w.title().isBlank()) v.add("workshop.title", "is required");
    validateWhole(v, "workshop.", w);
    v.throwIfAny();
    return new EventData.WorkshopCreated(withAssignedIds(w, state.id(), seq));
  }

  /**
   * A page: a new workshop, or a newer version of the workshop's page, merged with what changed
   * in Lineup since the last import ({@link Reimport}).
   */
  private EventData importPage(Command.ImportWorkshop c, Workshop state, long seq) {
    if (c.page() == null || c.page().isBlank()) throw Rejection.invalid("page", "is required");
    Workshop read = pageReader.read(state.id(), c);
    List<Warning> noticed = read.warnings();
    Workshop theirs = read.withWarnings(List.of()).withTimezoneIfMissing(defaultTimezone);
    Validation v = new Validation();
    if (theirs.title() == null || theirs.title().isBlank()) v.add("page", "the front matter has no title");
    validateWhole(v, "page.", theirs);
    v.throwIfAny();
    if (!state.exists()) {
      Workshop w = withAssignedIds(theirs, state.id(), seq);
      w = pageReader.asImported(w, w.talks().stream().map(Talk::id).toList(),
          w.organizers().stream().map(Person::id).toList());
      return new EventData.WorkshopImported(w, null, noticed);
    }
    Workshop base = pageReader.lastImported(state).map(b -> b.withTimezoneIfMissing(defaultTimezone))
        .orElse(state);
    Reimport.Result merged = Reimport.merge(base, state, theirs, seq, pageReader.ownKeys(),
        (w, ids) -> pageReader.asImported(w, ids.talks(), ids.organizers()));
    Validation after = new Validation();
    validateWhole(after, "page.", merged.workshop());
    after.throwIfAny();
    return new EventData.WorkshopImported(merged.workshop().withIdentity(state.id(), 0),
        merged.diff(), noticed);
  }

  private void validateWhole(Validation v, String path, Workshop w) {
    v.workshop(path, new WorkshopPatch(w.title(), w.abstractText(), w.organizerUrl(),
        w.categories(), w.room(), w.showAbstracts(), w.date(), w.timezone(), w.speakers(),
        w.extra()));
    v.people(path + "organizers", w.organizers());
    v.list(path + "talks", w.talks());
    for (int i = 0; i < w.talks().size(); i++) {
      Talk t = w.talks().get(i);
      String p = path + "talks[" + i + "]";
      v.talk(p, new TalkPatch(t.title(), t.authors(), null, null, t.abstractText(), t.youtube(),
          t.kind(), t.status(), t.extra()));
      // Imported pages may carry free text where a time belongs: kept (null time + warning).
      if (t.start() != null) v.time(p + ".start", t.start());
      if (t.end() != null) v.time(p + ".end", t.end());
      v.order(p, t.start(), t.end());
    }
  }

  /** Talks and organizers get ids from the seq of the event that creates them: stable, unique. */
  private Workshop withAssignedIds(Workshop w, String id, long seq) {
    List<Talk> talks = new ArrayList<>();
    for (int i = 0; i < w.talks().size(); i++) {
      Talk t = w.talks().get(i);
      talks.add(t.withId("t" + seq + "-" + (i + 1)).withTimes(emptyToNull(t.start()), emptyToNull(t.end())));
    }
    List<Person> organizers = new ArrayList<>();
    for (int i = 0; i < w.organizers().size(); i++) {
      organizers.add(w.organizers().get(i).withId("o" + seq + "-" + (i + 1)));
    }
    return w.withTalks(talks).withOrganizers(organizers).withIdentity(id, 0)
        .withTimezoneIfMissing(defaultTimezone).withWarnings(List.of());
  }

  private EventData updateWorkshop(Command.UpdateWorkshop c, Workshop state) {
    WorkshopPatch set = c.set();
    if (set == null || set.fieldNames().isEmpty()) throw Rejection.invalid("set", "sets no field");
    Validation v = new Validation();
    v.workshop("set.", set);
    if (set.title() != null && set.title().isBlank()) v.add("set.title", "may not be empty");
    v.throwIfAny();
    return new EventData.WorkshopUpdated(set, set.previousOf(state));
  }

  private EventData addOrganizer(Command.AddOrganizer c, long seq) {
    if (c.organizer() == null) throw Rejection.invalid("organizer", "is required");
    Person p = c.organizer().toPerson("o" + seq);
    Validation v = new Validation();
    v.person("organizer", p);
    v.throwIfAny();
    return new EventData.OrganizerAdded(p);
  }

  private EventData updateOrganizer(Command.UpdateOrganizer c, Workshop state) {
    Person current = organizer(state, c.organizerId());
    PersonPatch set = c.set();
    if (set == null || set.fieldNames().isEmpty()) throw Rejection.invalid("set", "sets no field");
    Validation v = new Validation();
    v.person("set", set.toPerson(null));
    v.throwIfAny();
    return new EventData.OrganizerUpdated(c.organizerId(), set, set.previousOf(current));
  }

  private EventData removeOrganizer(Command.RemoveOrganizer c, Workshop state) {
    return new EventData.OrganizerRemoved(c.organizerId(), organizer(state, c.organizerId()));
  }

  private EventData addTalk(Command.AddTalk c, long seq) {
    TalkPatch p = c.talk();
    if (p == null) throw Rejection.invalid("talk", "is required");
    Validation v = new Validation();
    v.talk("talk", p);
    v.order("talk", p.start(), p.end());
    v.throwIfAny();
    Talk t = p.applyTo(new Talk("t" + seq, "", null, null, null, null, null, null, null, null));
    return new EventData.TalkAdded(t.withTimes(emptyToNull(t.start()), emptyToNull(t.end())));
  }

  private EventData updateTalk(Command.UpdateTalk c, Workshop state) {
    Talk current = talk(state, c.talkId());
    TalkPatch set = c.set();
    if (set == null || set.fieldNames().isEmpty()) throw Rejection.invalid("set", "sets no field");
    Validation v = new Validation();
    v.talk("set", set);
    Talk after = set.applyTo(current);
    v.order("set", emptyToNull(after.start()), emptyToNull(after.end()));
    v.throwIfAny();
    return new EventData.TalkUpdated(c.talkId(), set, set.previousOf(current));
  }

  private EventData moveTalk(Command.MoveTalk c, Workshop state) {
    Talk current = talk(state, c.talkId());
    Validation v = new Validation();
    v.required("start", c.start());
    v.required("end", c.end());
    v.time("start", c.start());
    v.time("end", c.end());
    v.order("end", c.start(), c.end());
    v.throwIfAny();
    return new EventData.TalkMoved(c.talkId(), c.start(), c.end(), current.start(), current.end());
  }

  private EventData removeTalk(Command.RemoveTalk c, Workshop state) {
    return new EventData.TalkRemoved(c.talkId(), talk(state, c.talkId()));
  }

  private EventData shift(Command.ShiftSchedule c, Workshop state) {
    Validation v = new Validation();
    v.required("from", c.from());
    v.time("from", c.from());
    v.required("minutes", c.minutes());
    if (c.minutes() != null && (c.minutes() == 0 || Math.abs(c.minutes()) > 12 * 60)) {
      v.add("minutes", "must be between -720 and 720, and not 0");
    }
    v.throwIfAny();
    List<String> moved = new ArrayList<>();
    for (Talk t : state.talks()) {
      if (t.start() == null || t.start().compareTo(c.from()) < 0) continue;
      if (Times.plus(t.start(), c.minutes()).isEmpty()
          || (t.end() != null && Times.plus(t.end(), c.minutes()).isEmpty())) {
        v.add("minutes", "\"" + t.title() + "\" would leave the day");
      }
      moved.add(t.id());
    }
    v.throwIfAny();
    return new EventData.ScheduleShifted(c.from(), c.minutes(), moved);
  }

  /**
   * The inverse of a past change, refused when a later change touched what it touched: undoing it
   * then would silently undo (part of) that later change too.
   */
  private EventData revert(Command.RevertChange c, Workshop state, List<Event> history) {
    if (c.seq() == null) throw Rejection.invalid("seq", "is required");
    if (history.isEmpty() || history.get(0).seq() != c.seq()) {
      throw Rejection.notFound("workshop " + state.id() + " has no change " + c.seq());
    }
    if (history.get(history.size() - 1).seq() != state.version()) {
      throw new Rejection(Failure.CONFLICT, "change " + c.seq() + " is too far back to revert");
    }
    EventData reverted = history.get(0).data();
    if (!isRevertible(reverted)) {
      throw Rejection.invalid("seq", "change " + c.seq() + " (" + reverted.type() + ") cannot be reverted");
    }
    List<Event> conflicts = Touches.conflicting(Touches.of(reverted), history.subList(1, history.size()));
    if (!conflicts.isEmpty()) {
      throw new Rejection(Failure.CONFLICT, "change " + c.seq() + " cannot be reverted: "
          + conflicts.size() + " later change(s) touched the same fields", List.of(), conflicts);
    }
    return new EventData.ChangeReverted(c.seq(), inverse(reverted, state));
  }

  private static boolean isRevertible(EventData data) {
    if (data instanceof EventData.ChangeReverted e) return isRevertible(e.inverse());
    // A re-import is a change like any other; a first import creates the workshop.
    if (data instanceof EventData.WorkshopImported e) return e.reimport() != null;
    return !(data instanceof EventData.WorkshopCreated || data instanceof EventData.WorkshopDeleted);
  }

  /**
   * What undoes {@code data}, given the current state (whose touched fields still hold what
   * {@code data} set). Its own "previous" values come from the current state, so that the
   * inverse can be reverted in turn (redo).
   */
  private static EventData inverse(EventData data, Workshop state) {
    if (data instanceof EventData.TalkUpdated e) {
      Talk current = talk(state, e.talkId());
      return new EventData.TalkUpdated(e.talkId(), e.previous(), e.previous().previousOf(current));
    }
    if (data instanceof EventData.TalkMoved e) {
      Talk current = talk(state, e.talkId());
      return new EventData.TalkMoved(e.talkId(), e.previousStart(), e.previousEnd(),
          current.start(), current.end());
    }
    if (data instanceof EventData.TalkAdded e) {
      return new EventData.TalkRemoved(e.talk().id(), talk(state, e.talk().id()));
    }
    if (data instanceof EventData.TalkRemoved e) {
      if (state.talk(e.talkId()).isPresent()) {
        throw new Rejection(Failure.CONFLICT, "talk " + e.talkId() + " is in the workshop again");
      }
      return new EventData.TalkAdded(e.talk());
    }
    if (data instanceof EventData.ScheduleShifted e) {
      String from = Times.plus(e.from(), e.minutes()).orElse(e.from());
      return new EventData.ScheduleShifted(from, -e.minutes(), e.talkIds());
    }
    if (data instanceof EventData.WorkshopUpdated e) {
      return new EventData.WorkshopUpdated(e.previous(), e.previous().previousOf(state));
    }
    if (data instanceof EventData.OrganizerAdded e) {
      return new EventData.OrganizerRemoved(e.organizer().id(), organizer(state, e.organizer().id()));
    }
    if (data instanceof EventData.OrganizerUpdated e) {
      Person current = organizer(state, e.organizerId());
      return new EventData.OrganizerUpdated(e.organizerId(), e.previous(), e.previous().previousOf(current));
    }
    if (data instanceof EventData.OrganizerRemoved e) {
      if (state.organizer(e.organizerId()).isPresent()) {
        throw new Rejection(Failure.CONFLICT, "organizer " + e.organizerId() + " is in the workshop again");
      }
      return new EventData.OrganizerAdded(e.organizer());
    }
    if (data instanceof EventData.WorkshopImported e && e.reimport() != null) {
      return new EventData.WorkshopImported(Reimport.revert(state, e.reimport()).withIdentity(state.id(), 0),
          e.reimport().inverse(), List.of());
    }
    if (data instanceof EventData.ChangeReverted e) return inverse(e.inverse(), state);
    throw new IllegalStateException("no inverse for " + data.type());
  }

  // ---- helpers ----------------------------------------------------------------------------

  private static Talk talk(Workshop state, String talkId) {
    if (talkId == null) throw Rejection.invalid("talkId", "is required");
    return state.talk(talkId).orElseThrow(() -> Rejection.notFound("talk " + talkId
        + " is not in workshop " + state.id()));
  }

  private static Person organizer(Workshop state, String organizerId) {
    if (organizerId == null) throw Rejection.invalid("organizerId", "is required");
    return state.organizer(organizerId).orElseThrow(() -> Rejection.notFound("organizer "
        + organizerId + " is not in workshop " + state.id()));
  }

  private static Talk shifted(Talk t, int minutes) {
    String start = t.start() == null ? null : Times.plus(t.start(), minutes).orElse(t.start());
    String end = t.end() == null ? null : Times.plus(t.end(), minutes).orElse(t.end());
    return t.withTimes(start, end);
  }

  private static List<Talk> insertByTime(List<Talk> talks, Talk added) {
    List<Talk> list = new ArrayList<>(talks);
    if (added.start() == null) {
      list.add(added);
      return list;
    }
    int at = list.size();
    for (int i = 0; i < list.size(); i++) {
      String s = list.get(i).start();
      if (s != null && s.compareTo(added.start()) > 0) {
        at = i;
        break;
      }
    }
    list.add(at, added);
    return list;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
