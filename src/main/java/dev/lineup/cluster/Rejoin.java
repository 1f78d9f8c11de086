package dev.lineup.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.LifecycleEvent;
import dev.lineup.bus.Addresses;
import dev.lineup.store.EventStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a partition heals (or a member joins), this node's browsers and its own copies of the
 * workshops may lack what the other side appended meanwhile: its publications never crossed.
 * Each workshop's last logged event is then announced again on this node only. Whoever is
 * behind (a browser, this node's follower) sees a gap and catches up from the log by seq; whoever
 * is not sees a seq it has and ignores it. Announced at once and again once the merged cluster
 * had time to settle (publications made before the event bus knew both sides again).
 */
public final class Rejoin {

  private static final Logger LOG = LoggerFactory.getLogger(Rejoin.class);
  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final Context context;
  private final EventStore store;
  private final long settleMillis;

  private Rejoin(Vertx vertx, Context context, EventStore store, long settleMillis) {
    this.vertx = vertx;
    this.context = context;
    this.store = store;
    this.settleMillis = settleMillis;
  }

  /** Watches the membership of a clustered Vert.x (on Hazelcast); does nothing otherwise. */
  public static void watch(Vertx vertx, Context context, EventStore store, long settleMillis) {
    if (!(((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager manager)) return;
    Rejoin rejoin = new Rejoin(vertx, context, store, settleMillis);
    var hazelcast = manager.getHazelcastInstance();
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        rejoin.membersChanged("member added: " + event.getMember().getAddress());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        // nothing to catch up: what the lost member appended was published before it went
      }
    });
    hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) rejoin.membersChanged("merged with the other side");
    });
  }

  private void membersChanged(String why) {
    LOG.info("cluster: {}; announcing the latest events again to this node's browsers", why);
    context.runOnContext(v -> {
      announce();
      vertx.setTimer(settleMillis, id -> announce());
    });
  }

  private void announce() {
    store.loggedWorkshopIds()
        .compose(ids -> Future.all(ids.stream().map(this::announceLatest).toList()))
        .onFailure(t -> LOG.warn("latest events not announced again ({}): browsers catch up at the next event", t.toString()));
  }

  private Future<Void> announceLatest(String workshop) {
    return store.lastSeq(workshop)
        .compose(last -> last == 0 ? Future.succeededFuture(java.util.List.<dev.lineup.schedule.Event>of())
            : store.eventsAfter(workshop, last - 1, 1))
        .onSuccess(events -> events.forEach(e ->
            vertx.eventBus().publish(Addresses.workshop(workshop), new JsonObject(e.toMap()), LOCAL_ONLY)))
        .mapEmpty();
  }
}
