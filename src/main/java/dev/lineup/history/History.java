package dev.lineup.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import dev.lineup.store.EventStore;
import dev.lineup.workshops.Workshops;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The past of workshops: any version (the nearest kept snapshot at or below it, plus replay),
 * releases (named versions), and changelogs between two of them.
 */
public final class History {

  private static final Logger LOG = LoggerFactory.getLogger(History.class);
  private static final Pattern VERSION = Pattern.compile("\\d{1,18}");
  private static final int PAGE = 5_000;

  private final Workshops workshops;
  private final EventStore store;
  private final Decider decider;
  private final int keepEvery;
  private final ReleaseStore releases;

  public History(Workshops workshops) {
    this.workshops = workshops;
    this.store = workshops.store();
    this.decider = workshops.decider();
    this.keepEvery = workshops.options().historyEvery();
    this.releases = new ReleaseStore(store);
  }

  /** One end of a changelog: a version, and the release that names it when one was given. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Point(long version, String release) {
  }

  /** A changelog between two points, with the workshop's title at the later one. */
  public record Changes(Point from, Point to, String title, List<Changelog.Change> changes) {
  }

  /** The workshop as it was at {@code version}; NOT_FOUND beyond the current version or ≤ 0. */
  public Future<Workshop> at(String workshopId, long version) {
    return workshops.get(workshopId).compose(current -> {
      if (version < 1 || version > current.version()) {
        return Future.failedFuture(Rejection.notFound("workshop " + workshopId + " has no version "
            + version + "; its versions are 1 to " + current.version()));
      }
      return stateAt(workshopId, version).map(Workshop::requireExists);
    });
  }

  /** {@code point}: a version number or the name of a release (never digits alone). */
  public Future<Long> resolve(String workshopId, String point) {
    if (VERSION.matcher(point).matches()) return Future.succeededFuture(Long.parseLong(point));
    return releaseVersion(workshopId, point);
  }

  public Future<Long> releaseVersion(String workshopId, String name) {
    return releases.find(workshopId, name).compose(r -> r
        .map(release -> Future.succeededFuture(release.version()))
        .orElseGet(() -> Future.failedFuture(Rejection.notFound("workshop " + workshopId
            + " has no release named " + name))));
  }

  /** Names the current version; also keeps its snapshot, since releases are where readers go back to. */
  public Future<Release> release(String workshopId, String name, String note, String by) {
    return workshops.get(workshopId).compose(current -> {
      Release release = new Release(name, note, current.version(), by, Instant.now().toString());
      return releases.create(workshopId, release).compose(saved -> stateAt(workshopId, saved.version())
          .compose(store::saveVersionSnapshot)
          .onFailure(t -> LOG.warn("snapshot of release {} of {} not kept: {}", name, workshopId, t.toString()))
          .transform(ar -> Future.succeededFuture(saved)));
    });
  }

  public Future<List<Release>> releases(String workshopId) {
    return workshops.get(workshopId).compose(w -> releases.list(workshopId));
  }

  /** The changes from {@code from} to {@code to} (the current version when null). */
  public Future<Changes> changes(String workshopId, String from, String to) {
    return workshops.get(workshopId).compose(current -> {
      Future<Long> fromVersion = resolve(workshopId, from);
      Future<Long> toVersion = to == null ? Future.succeededFuture(current.version()) : resolve(workshopId, to);
      return Future.all(fromVersion, toVersion).compose(v -> {
        long a = fromVersion.result();
        long b = toVersion.result();
        if (b > current.version()) {
          return Future.failedFuture(Rejection.notFound("workshop " + workshopId + " has no version " + b));
        }
        if (a > b) {
          return Future.failedFuture(Rejection.invalid("from", "version " + a + " is after version " + b));
        }
        Future<Workshop> before = stateAt(workshopId, a);
        Future<Workshop> after = stateAt(workshopId, b);
        Future<List<Event>> between = events(workshopId, a, b, new ArrayList<>());
        return Future.all(before, after, between).map(all -> new Changes(
            new Point(a, releaseName(from)), new Point(b, to == null ? null : releaseName(to)),
            after.result().exists() ? after.result().title() : before.result().title(),
            Changelog.between(before.result(), after.result(), between.result())));
      });
    });
  }

  private static String releaseName(String point) {
    return VERSION.matcher(point).matches() ? null : point;
  }

  /** The state at {@code version}: from the nearest kept snapshot, replaying the events after it. */
  private Future<Workshop> stateAt(String workshopId, long version) {
    if (version <= 0) return Future.succeededFuture(Workshop.absent(workshopId));
    return store.versionSnapshotAtOrBelow(workshopId, version)
        .compose(base -> replay(workshopId, base.orElse(Workshop.absent(workshopId)), version));
  }

  private Future<Workshop> replay(String workshopId, Workshop from, long version) {
    if (from.version() >= version) return Future.succeededFuture(from);
    int limit = (int) Math.min(PAGE, version - from.version());
    return workshops.eventsAfter(workshopId, from.version(), limit).compose(events -> {
      if (events.isEmpty()) {
        return Future.failedFuture(new Rejection(Failure.INTERNAL, "the log of " + workshopId
            + " ends at version " + from.version() + ", before " + version));
      }
      Workshop state = from;
      for (Event e : events) {
        if (e.seq() > version) break;
        state = decider.evolve(state, e);
        // Logs written before snapshots were kept (or while the store was away) fill in here.
        if (state.version() % keepEvery == 0) keep(state);
      }
      return replay(workshopId, state, version);
    });
  }

  private void keep(Workshop state) {
    store.saveVersionSnapshot(state).onFailure(t ->
        LOG.warn("snapshot of {} v{} not kept: {}", state.id(), state.version(), t.toString()));
  }

  /** The events after {@code from} up to {@code to}, page by page. */
  private Future<List<Event>> events(String workshopId, long from, long to, List<Event> into) {
    if (from >= to) return Future.succeededFuture(into);
    return workshops.eventsAfter(workshopId, from, (int) Math.min(PAGE, to - from)).compose(page -> {
      if (page.isEmpty()) return Future.succeededFuture(into);
      for (Event e : page) {
        if (e.seq() <= to) into.add(e);
      }
      return events(workshopId, page.get(page.size() - 1).seq(), to, into);
    });
  }
}
