package dev.lineup.schedule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The parts of a workshop a change touches, as paths ({@code talk/t3/title}). Two changes conflict
 * when a path of one equals or contains a path of the other; {@link #WHOLE} contains every path.
 */
public final class Touches {

  public static final String WHOLE = "*";

  private Touches() {
  }

  public static Set<String> of(EventData data) {
    Set<String> paths = new LinkedHashSet<>();
    if (data instanceof EventData.WorkshopUpdated e) {
      e.set().fieldNames().forEach(f -> paths.add("workshop/" + f));
    } else if (data instanceof EventData.OrganizerAdded e) {
      paths.add("organizer/" + e.organizer().id());
    } else if (data instanceof EventData.OrganizerUpdated e) {
      e.set().fieldNames().forEach(f -> paths.add("organizer/" + e.organizerId() + "/" + f));
    } else if (data instanceof EventData.OrganizerRemoved e) {
      paths.add("organizer/" + e.organizerId());
    } else if (data instanceof EventData.TalkAdded e) {
      paths.add("talk/" + e.talk().id());
    } else if (data instanceof EventData.TalkUpdated e) {
      e.set().fieldNames().forEach(f -> paths.add("talk/" + e.talkId() + "/" + f));
    } else if (data instanceof EventData.TalkMoved e) {
      addTimes(paths, e.talkId());
    } else if (data instanceof EventData.TalkRemoved e) {
      paths.add("talk/" + e.talkId());
    } else if (data instanceof EventData.ScheduleShifted e) {
      e.talkIds().forEach(id -> addTimes(paths, id));
    } else if (data instanceof EventData.WorkshopImported e && e.reimport() != null) {
      paths.addAll(e.reimport().touched());
    } else if (data instanceof EventData.ChangeReverted e) {
      paths.addAll(of(e.inverse()));
    } else {
      paths.add(WHOLE); // created, imported anew, deleted: the whole workshop
    }
    return paths;
  }

  /**
   * What a command means to touch, known without deciding it: used when a stale command can no
   * longer be decided (its talk was removed meanwhile) to tell a conflict from a plain error.
   */
  public static Set<String> intendedBy(Command command) {
    Set<String> paths = new LinkedHashSet<>();
    if (command instanceof Command.UpdateTalk c) {
      List<String> fields = c.set() == null ? List.of() : c.set().fieldNames();
      fields.forEach(f -> paths.add("talk/" + c.talkId() + "/" + f));
      if (fields.isEmpty()) paths.add("talk/" + c.talkId());
    } else if (command instanceof Command.MoveTalk c) {
      addTimes(paths, c.talkId());
    } else if (command instanceof Command.RemoveTalk c) {
      paths.add("talk/" + c.talkId());
    } else if (command instanceof Command.UpdateOrganizer c) {
      paths.add("organizer/" + c.organizerId());
    } else if (command instanceof Command.RemoveOrganizer c) {
      paths.add("organizer/" + c.organizerId());
    } else if (command instanceof Command.RevertChange) {
      // Nothing: a revert checks the changes after the one it reverts itself, and its refusals
      // (no such change, cannot be reverted) say more than "changed since".
    } else {
      paths.add(WHOLE);
    }
    return paths;
  }

  public static boolean overlap(Set<String> a, Set<String> b) {
    for (String x : a) {
      for (String y : b) {
        if (overlap(x, y)) return true;
      }
    }
    return false;
  }

  static boolean overlap(String x, String y) {
    return x.equals(WHOLE) || y.equals(WHOLE) || x.equals(y)
        || x.startsWith(y + "/") || y.startsWith(x + "/");
  }

  /** The events among {@code since} that touch what {@code paths} touches. */
  public static List<Event> conflicting(Set<String> paths, List<Event> since) {
    List<Event> out = new ArrayList<>();
    for (Event e : since) {
      if (overlap(paths, of(e.data()))) out.add(e);
    }
    return out;
  }

  private static void addTimes(Set<String> paths, String talkId) {
    paths.add("talk/" + talkId + "/start");
    paths.add("talk/" + talkId + "/end");
  }
}
