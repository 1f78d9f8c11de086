package dev.lineup.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.LifecycleEvent;
import dev.lineup.bus.Addresses;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.Workshop;
import dev.lineup.store.EventStore;
import dev.lineup.workshops.Workshops;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * After a partition heals (or a member joins), this node's browsers and its own copies of the
 * workshops may lack what the other side appended meanwhile: its publications never crossed.
 * For each workshop this node holds behind the log, the events it missed are then published
 * again on this node only, in seq order: its follower and its browsers (which get what this node
 * gets) receive exactly what they lack, and nobody up to date receives anything twice. Done at
 * once and again once the merged cluster had time to settle (publications made before the event
 * bus knew both sides again), and, once the cluster has split, every settle interval from then on.
 */
public final class Rejoin {

  private static final Logger LOG = LoggerFactory.getLogger(Rejoin.class);
  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);
  /** Events published again per workshop and round; the next round publishes what is left. */
  private static final int PAGE = 1_000;

  private final Vertx vertx;
  private final Workshops workshops;
  private final EventStore store;
  private final long settleMillis;
  /** Set once a member went away: a member (re)joining after that may bring a side's writes this node's browsers never saw. */
  private volatile boolean split;
  private final AtomicBoolean reconciling = new AtomicBoolean();

  private Rejoin(Vertx vertx, Workshops workshops, long settleMillis) {
    this.vertx = vertx;
    this.workshops = workshops;
    this.store = workshops.store();
    this.settleMillis = settleMillis;
  }

  /** Watches the membership of a clustered Vert.x (on Hazelcast); does nothing otherwise. */
  public static void watch(Vertx vertx, Workshops workshops, long settleMillis) {
    if (!(((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager manager)) return;
    Rejoin rejoin = new Rejoin(vertx, workshops, settleMillis);
    var hazelcast = manager.getHazelcastInstance();
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        rejoin.membersChanged("member added: " + event.getMember().getAddress());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        // Nothing to catch up now (what it appended was published before it went); if it was a
        // split, what the other side writes from here on reaches this node's browsers only as gaps.
        rejoin.splitSeen();
      }
    });
    hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        rejoin.splitSeen();
        rejoin.membersChanged("merged with the other side");
      }
    });
  }

  /**
   * After a split, events published by another node can keep missing this one (after a heal the
   * members' views of who listens where may disagree for good: PartitionIT once saw a node stay
   * behind the log with nobody writing). From then on, every settle interval, each workshop held
   * here is compared with the store's last seq, and what is missing is published again here: a
   * lookup per held workshop and interval, nothing while the cluster never split.
   */
  private void splitSeen() {
    split = true;
    if (reconciling.compareAndSet(false, true)) {
      workshops.context().runOnContext(v -> vertx.setPeriodic(settleMillis, id -> reconcile()));
    }
  }

  private void reconcile() {
    workshops.heldIds()
        .compose(ids -> Future.all(ids.stream().map(id -> publishMissed(id, false)).toList()))
        .onFailure(t -> LOG.debug("held workshops not compared with the store ({})", t.toString()));
  }

  private void membersChanged(String why) {
    LOG.info("cluster: {}; publishing again to this node's browsers what it missed", why);
    workshops.context().runOnContext(v -> {
      announce();
      vertx.setTimer(settleMillis, id -> announce());
    });
  }

  private void announce() {
    boolean afterSplit = split;
    store.loggedWorkshopIds()
        .compose(ids -> Future.all(ids.stream().map(id -> publishMissed(id, afterSplit)).toList()))
        .onFailure(t -> LOG.warn("missed events not published again ({}): browsers catch up at the next event", t.toString()));
  }

  /**
   * The events this node missed; with {@code alsoLatest} also the latest one when this node holds
   * it (after a split it may have caught up from the store while its browsers did not: they see the
   * gap and catch up, and a browser that has it ignores a seq it holds). A cluster forming at start
   * gets no repeats.
   */
  private Future<Void> publishMissed(String workshop, boolean alsoLatest) {
    Future<Workshop> held = workshops.current(workshop);
    Future<Long> last = store.lastSeq(workshop);
    return Future.all(held, last).compose(both -> {
      long version = held.result().version();
      long from = version < last.result() ? version : alsoLatest ? last.result() - 1 : last.result();
      if (from >= last.result()) return Future.succeededFuture();
      return store.eventsAfter(workshop, from, PAGE).onSuccess(events -> {
        for (Event e : events) vertx.eventBus().publish(Addresses.workshop(workshop), new JsonObject(e.toMap()), LOCAL_ONLY);
      }).mapEmpty();
    });
  }
}
