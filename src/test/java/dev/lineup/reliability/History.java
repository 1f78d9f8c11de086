package dev.lineup.reliability;

import dev.lineup.bus.Addresses;
import dev.lineup.support.BridgeClient;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.Json;
import dev.lineup.schedule.Workshop;
import dev.lineup.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A Jepsen-style history of one run against one or more nodes sharing a store: concurrent
 * organizers send random commands (stale versions, others' talks, retries with the same
 * commandId, invalid ones) and record every answer; bridge subscribers (some late, some
 * reconnecting) record every event frame they got. {@link #check} then holds the history against
 * the logs, the snapshots and a replay through the {@link Decider}.
 */
final class History {

  /** What one attempt of a command got. */
  record Outcome(String workshop, String commandId, String type, String by, int status, long seq, String body) {
    boolean acknowledged() {
      return status == 200;
    }
  }

  /** One socket session of a subscriber: the event bodies in arrival order. */
  static final class Session {
    final long startVersion;
    final List<JsonObject> bodies = Collections.synchronizedList(new ArrayList<>());

    Session(long startVersion) {
      this.startVersion = startVersion;
    }
  }

  /** A browser stand-in following one workshop over one node's bridge, possibly reconnecting. */
  final class Subscriber {
    final String name;
    final String workshop;
    final int node;
    final List<Session> sessions = Collections.synchronizedList(new ArrayList<>());
    private BridgeClient socket;

    Subscriber(String name, String workshop, int node) {
      this.name = name;
      this.workshop = workshop;
      this.node = node;
    }

    /** Registers, waits until the registration is acknowledged, then reads the version to start from. */
    void connect() {
      String address = Addresses.workshop(workshop);
      Session[] current = new Session[1];
      List<JsonObject> early = Collections.synchronizedList(new ArrayList<>());
      socket = BridgeClient.connect(clients, ports.get(node), BridgeClient.Options.defaults().onFrame(frame -> {
        if (!"rec".equals(frame.getString("type")) || !address.equals(frame.getString("address"))) return;
        Session s = current[0];
        if (s == null) early.add(frame.getJsonObject("body"));
        else s.bodies.add(frame.getJsonObject("body"));
      }));
      socket.listen(address);
      // As a page does: registered first, then the snapshot; later events come live.
      long version = https.get(node).get("/api/workshops/" + workshop).json().getLong("version");
      Session s = new Session(version);
      synchronized (early) {
        s.bodies.addAll(early);
        current[0] = s;
      }
      sessions.add(s);
    }

    void disconnect() {
      if (socket != null) socket.close();
      socket = null;
    }

    boolean connected() {
      return socket != null && !socket.isClosed();
    }

    /**
     * The highest seq received live in the current session. The highest, not the last: with two
     * publishing nodes, events may arrive out of seq order (the contract orders them per publisher).
     */
    long lastLiveSeq() {
      if (sessions.isEmpty()) return 0;
      Session s = sessions.get(sessions.size() - 1);
      long highest = s.startVersion;
      synchronized (s.bodies) {
        for (JsonObject body : s.bodies) {
          Long seq = body.getLong("seq");
          if (seq != null) highest = Math.max(highest, seq);
        }
      }
      return highest;
    }
  }

  private final Vertx clients;
  private final List<Integer> ports;
  private final List<Http> https;
  private final String adminToken;
  private final Map<String, String> tokens;
  final List<String> workshops = new ArrayList<>();
  final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  final List<Subscriber> subscribers = Collections.synchronizedList(new ArrayList<>());
  final Map<String, Integer> figures = new ConcurrentHashMap<>();
  /** Per publisher order is all the contract promises: with several nodes arrival order may differ. */
  private final boolean singlePublisher;

  History(Vertx clients, List<Integer> ports, List<Http> https, String adminToken, Map<String, String> tokens) {
    this.clients = clients;
    this.ports = ports;
    this.https = https;
    this.adminToken = adminToken;
    this.tokens = tokens;
    this.singlePublisher = ports.size() == 1;
  }

  // ---- the run --------------------------------------------------------------------------

  /** Workshops of one meeting (same category and day) with shared speakers, so clashes appear. */
  void createWorkshops(int count, int talksEach) {
    String meeting = "rel" + UUID.randomUUID().toString().substring(0, 6);
    for (int w = 0; w < count; w++) {
      String id = meeting + "-w" + w;
      JsonArray talks = new JsonArray();
      for (int i = 0; i < talksEach; i++) {
        int start = 8 * 60 + i * 30;
        talks.add(new JsonObject().put("title", "Talk " + i)
            .put("authors", new JsonArray().add(new JsonObject().put("given", "Speaker").put("family", "S" + (i % 5))))
            .put("start", hhmm(start)).put("end", hhmm(start + 25)));
      }
      Http.Response r = https.get(0).postJson("/api/workshops", adminToken, new JsonObject().put("id", id)
          .put("title", "Reliability " + id).put("categories", new JsonArray().add(meeting))
          .put("date", "2026-11-26").put("talks", talks));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      workshops.add(id);
    }
  }

  static String hhmm(int minutes) {
    return String.format("%02d:%02d", minutes / 60, minutes % 60);
  }

  /** One organizer: {@code commands} random commands, retries and invalid ones among them. */
  Runnable organizer(String sub, int me, int node, int commands, long seed) {
    return organizer(sub, me, node, commands, seed, false);
  }

  /** @param overBridge send the commands over the live bridge (lineup.commands) instead of REST */
  Runnable organizer(String sub, int me, int node, int commands, long seed, boolean overBridge) {
    return () -> {
      Random random = new Random(seed);
      Http http = https.get(node);
      BridgeClient bridge = overBridge ? BridgeClient.connect(clients, ports.get(node), BridgeClient.Options.defaults().onFrame(f -> { })) : null;
      String token = tokens.get(sub);
      Map<String, Long> seen = new HashMap<>();
      Map<String, List<String>> talks = new HashMap<>();
      List<JsonObject> sent = new ArrayList<>();
      for (int n = 0; n < commands; n++) {
        String ws = workshops.get(random.nextInt(workshops.size()));
        if (n % 8 == 0 || !talks.containsKey(ws)) {
          JsonObject snap = http.get("/api/workshops/" + ws).json();
          seen.put(ws, snap.getLong("version"));
          talks.put(ws, snap.getJsonArray("talks").stream().map(t -> ((JsonObject) t).getString("id")).toList());
        }
        List<String> ids = talks.get(ws);
        String own = ids.isEmpty() ? "none" : ids.get(me % ids.size());
        String any = ids.isEmpty() ? "none" : ids.get(random.nextInt(ids.size()));
        Long stale = random.nextInt(3) == 0 ? null : Math.max(1, seen.get(ws) - random.nextInt(4));
        JsonObject c;
        int dice = random.nextInt(100);
        if (dice < 10 && !sent.isEmpty()) {
          // A retry: the very same command, same commandId (a client that lost the answer).
          c = sent.get(random.nextInt(sent.size())).copy();
          ws = c.getString("workshop");
          c.remove("workshop");
        } else {
          String commandId = sub + "-" + n + "-" + UUID.randomUUID().toString().substring(0, 4);
          if (dice < 35) {
            c = new JsonObject().put("type", "talk.update").put("talkId", own)
                .put("set", new JsonObject().put("title", sub + " #" + n));
          } else if (dice < 50) {
            c = new JsonObject().put("type", "talk.update").put("talkId", any)
                .put("set", new JsonObject().put(random.nextBoolean() ? "title" : "abstract", sub + " was here " + n));
          } else if (dice < 65) {
            int start = 8 * 60 + random.nextInt(20) * 15;
            c = new JsonObject().put("type", "talk.move").put("talkId", any)
                .put("start", hhmm(start)).put("end", hhmm(start + 15 + random.nextInt(4) * 5));
          } else if (dice < 75) {
            int start = 9 * 60 + random.nextInt(16) * 30;
            c = new JsonObject().put("type", "talk.add").put("talk", new JsonObject().put("title", "Added by " + sub)
                .put("authors", new JsonArray().add(new JsonObject().put("given", "Speaker").put("family", "S" + random.nextInt(7))))
                .put("start", hhmm(start)).put("end", hhmm(start + 20)));
          } else if (dice < 82) {
            c = new JsonObject().put("type", "talk.remove").put("talkId", any);
          } else if (dice < 90) {
            int minutes = (random.nextInt(4) + 1) * 5 * (random.nextBoolean() ? 1 : -1);
            c = new JsonObject().put("type", "schedule.shift").put("from", hhmm(9 * 60 + random.nextInt(8) * 30))
                .put("minutes", minutes);
          } else {
            c = invalid(random, any);
          }
          c.put("commandId", commandId);
          if (stale != null) c.put("expectedVersion", stale);
        }
        Outcome o = bridge != null ? sendOverBridge(bridge, ws, sub, c) : send(http, ws, sub, c);
        outcomes.add(o);
        if (o.acknowledged()) {
          seen.merge(ws, o.seq(), Math::max);
          sent.add(c.copy().put("workshop", ws));
        } else if (random.nextBoolean() && o.status() != 0) {
          sent.add(c.copy().put("workshop", ws));
        }
      }
      if (bridge != null) bridge.close();
    };
  }

  private static JsonObject invalid(Random random, String talk) {
    switch (random.nextInt(6)) {
      case 0:
        return new JsonObject().put("type", "talk.move").put("talkId", talk).put("start", "25:99").put("end", "26:00");
      case 1:
        return new JsonObject().put("type", "talk.move").put("talkId", talk).put("start", "11:00").put("end", "10:00");
      case 2:
        return new JsonObject().put("type", "talk.update").put("talkId", talk).put("set", new JsonObject().put("title", 7));
      case 3:
        return new JsonObject().put("type", "talk.update").put("talkId", talk)
            .put("set", new JsonObject().put("title", "x").put("$set", 1));
      case 4:
        return new JsonObject().put("type", "talk.teleport").put("talkId", talk);
      default:
        return new JsonObject().put("type", "talk.update").put("talkId", talk).put("set", new JsonObject().put("colour", "red"));
    }
  }

  private Outcome send(Http http, String ws, String sub, JsonObject c) {
    String commandId = c.getString("commandId");
    String type = String.valueOf(c.getValue("type"));
    try {
      Http.Response r = http.command(ws, tokens.get(sub), c);
      long seq = r.status() == 200 ? r.json().getLong("seq") : -1;
      if (r.status() >= 500) figures.merge("5xx", 1, Integer::sum);
      return new Outcome(ws, commandId, type, sub, r.status(), seq, r.status() == 200 ? null : r.body());
    } catch (UncheckedIOException | IllegalStateException e) {
      // No answer: may or may not have been applied (at most once, checked below).
      return new Outcome(ws, commandId, type, sub, 0, -1, e.toString());
    }
  }

  private Outcome sendOverBridge(BridgeClient bridge, String ws, String sub, JsonObject c) {
    String commandId = c.getString("commandId");
    String type = String.valueOf(c.getValue("type"));
    try {
      JsonObject reply = bridge.request(Addresses.COMMANDS, c.copy().put("workshop", ws), tokens.get(sub), java.time.Duration.ofSeconds(35));
      figures.merge("commands over the bridge", 1, Integer::sum);
      if ("rec".equals(reply.getString("type"))) {
        return new Outcome(ws, commandId, type, sub, 200, reply.getJsonObject("body").getLong("seq"), null);
      }
      int code = reply.getInteger("failureCode", 0);
      if (code >= 500) figures.merge("5xx", 1, Integer::sum);
      return new Outcome(ws, commandId, type, sub, code, -1, reply.encode());
    } catch (Exception e) {
      return new Outcome(ws, commandId, type, sub, 0, -1, e.toString());
    }
  }

  /** Runs the organizers while subscribers come and go; waits for the organizers to finish. */
  void run(List<Runnable> organizers, int subscribersPerWorkshop) throws Exception {
    // Per workshop: some follow from the start, one comes late, one drops and reconnects.
    List<Subscriber> fromStart = new ArrayList<>();
    List<Subscriber> late = new ArrayList<>();
    List<Subscriber> flaky = new ArrayList<>();
    int k = 0;
    for (String ws : workshops) {
      for (int i = 0; i < subscribersPerWorkshop; i++) {
        Subscriber s = new Subscriber("sub-" + ws + "-" + i, ws, k++ % ports.size());
        subscribers.add(s);
        if (i == 1) late.add(s);
        else if (i == 2) flaky.add(s);
        else fromStart.add(s);
      }
    }
    fromStart.forEach(Subscriber::connect);
    flaky.forEach(Subscriber::connect);
    ExecutorService pool = Executors.newFixedThreadPool(organizers.size());
    List<Future<?>> running = new ArrayList<>();
    for (Runnable r : organizers) running.add(pool.submit(r));
    pool.shutdown();
    AtomicBoolean done = new AtomicBoolean();
    // The churn: late ones join after a while; flaky ones drop and come back, more than once.
    Thread churn = new Thread(() -> {
      int round = 0;
      while (!done.get()) {
        sleep(400);
        round++;
        if (round == 2) late.forEach(Subscriber::connect);
        if (round % 2 == 1) {
          flaky.forEach(Subscriber::disconnect);
          figures.merge("reconnects", flaky.size(), Integer::sum);
        } else {
          flaky.forEach(s -> {
            if (!s.connected()) s.connect();
          });
        }
      }
      if (round < 2) late.forEach(Subscriber::connect);
      flaky.forEach(s -> {
        if (!s.connected()) s.connect();
      });
    }, "history-churn");
    churn.start();
    for (Future<?> f : running) f.get(240, TimeUnit.SECONDS);
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    done.set(true);
    churn.join(30_000);
  }

  void close() {
    subscribers.forEach(Subscriber::disconnect);
  }

  // ---- the check ------------------------------------------------------------------------

  private List<JsonObject> log(int node, String ws) {
    List<JsonObject> log = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonArray page = https.get(node).get("/api/workshops/" + ws + "/events?after=" + after).array();
      if (page.isEmpty()) return log;
      for (Object o : page) {
        JsonObject e = (JsonObject) o;
        log.add(e);
        after = e.getLong("seq");
      }
    }
  }

  private static String pastTense(String type) {
    return type.endsWith("e") ? type + "d" : type + "ed";
  }

  /** Every property the history must have; collects the figures. */
  void check(Decider decider) {
    int acknowledged = 0;
    int refused = 0;
    int unanswered = 0;
    int retries = 0;
    for (String ws : workshops) {
      List<JsonObject> log = log(0, ws);
      // The same log whichever node is asked.
      for (int node = 1; node < ports.size(); node++) {
        assertThat(log(node, ws)).as("log of %s on node %d", ws, node).isEqualTo(log);
      }
      // Gap-free 1..version, and the version is the last seq.
      for (int i = 0; i < log.size(); i++) {
        assertThat(log.get(i).getLong("seq")).as("log of %s gap-free", ws).isEqualTo(i + 1L);
      }
      Map<String, Long> seqOfCommand = new HashMap<>();
      for (JsonObject e : log) {
        Long before = seqOfCommand.put(e.getString("commandId"), e.getLong("seq"));
        assertThat(before).as("commandId %s once in the log of %s", e.getString("commandId"), ws).isNull();
      }
      // Acknowledged ⇒ in the log once, at its seq, as sent; all attempts of one commandId agree.
      Map<String, List<Outcome>> byCommand = new LinkedHashMap<>();
      for (Outcome o : outcomes) {
        if (o.workshop().equals(ws)) byCommand.computeIfAbsent(o.commandId(), x -> new ArrayList<>()).add(o);
      }
      for (var entry : byCommand.entrySet()) {
        List<Outcome> attempts = entry.getValue();
        retries += attempts.size() - 1;
        List<Outcome> acks = attempts.stream().filter(Outcome::acknowledged).toList();
        Long inLog = seqOfCommand.get(entry.getKey());
        if (!acks.isEmpty()) {
          acknowledged++;
          for (Outcome a : acks) {
            assertThat(a.seq()).as("every ack of %s names the same seq", entry.getKey()).isEqualTo(acks.get(0).seq());
          }
          assertThat(inLog).as("acknowledged %s is in the log of %s", entry.getKey(), ws).isEqualTo(acks.get(0).seq());
          JsonObject event = log.get((int) (inLog - 1));
          assertThat(event.getString("type")).isEqualTo(pastTense(acks.get(0).type()));
          assertThat(event.getString("by")).isEqualTo(acks.get(0).by());
        } else if (attempts.stream().allMatch(o -> o.status() >= 400)) {
          refused++;
          assertThat(inLog).as("refused %s (%s) is not in the log", entry.getKey(), attempts.get(0).body()).isNull();
          for (Outcome o : attempts) assertThat(o.status()).as(o.body()).isLessThan(500);
        } else {
          unanswered++;
        }
      }
      // The snapshot is the replay of the log (the meeting's speaker clashes come from the others).
      List<Event> events = log.stream().map(e -> Event.fromMap(e.getMap())).toList();
      Workshop replayed = decider.replay(Workshop.absent(ws), events);
      for (int node = 0; node < ports.size(); node++) {
        JsonObject snapshot = https.get(node).get("/api/workshops/" + ws).json();
        Workshop served = Json.fromMap(snapshot.getMap(), Workshop.class);
        assertThat(served.version()).isEqualTo(log.size());
        assertThat(served.warnings()).containsAll(replayed.warnings());
        assertThat(replayed.withWarnings(served.warnings())).as("snapshot of %s on node %d", ws, node).isEqualTo(served);
      }
      for (Subscriber s : subscribers) {
        if (s.workshop.equals(ws)) checkSubscriber(s, log);
      }
    }
    figures.put("acknowledged", acknowledged);
    figures.put("refused", refused);
    figures.put("unanswered", unanswered);
    figures.put("retries", retries);
  }

  /**
   * The subscriber as a browser: it starts from the snapshot's version, applies live events strictly
   * by seq, fetches /events?after= on a gap, a lagging notice or a reconnect. Its view must be the
   * log, event for event, once caught up; what it received live must equal the log's events.
   */
  private void checkSubscriber(Subscriber s, List<JsonObject> log) {
    // A subscriber connected at the end gets everything live.
    if (s.connected()) {
      long deadline = System.currentTimeMillis() + 10_000;
      while (s.lastLiveSeq() < log.size() && System.currentTimeMillis() < deadline) sleep(50);
      if (s.lastLiveSeq() < log.size()) fail("%s stopped at seq %d of %d", s.name, s.lastLiveSeq(), log.size());
    }
    List<JsonObject> view = new ArrayList<>();
    int live = 0;
    int fetched = 0;
    int stale = 0;
    for (Session session : s.sessions) {
      List<JsonObject> bodies;
      synchronized (session.bodies) {
        bodies = new ArrayList<>(session.bodies);
      }
      // A page starts from the snapshot: everything up to its version.
      while (view.size() < session.startVersion) {
        view.add(log.get(view.size()));
        fetched++;
      }
      long previous = -1;
      for (JsonObject body : bodies) {
        if (Addresses.Notice.LAGGING.equals(body.getString("type"))) {
          figures.merge("lagging notices", 1, Integer::sum);
          continue;
        }
        long seq = body.getLong("seq");
        if (singlePublisher && previous >= 0) {
          assertThat(seq).as("%s: one publisher's events arrive in seq order, no duplicates", s.name).isGreaterThan(previous);
        }
        if (seq < previous) figures.merge("out-of-order arrivals", 1, Integer::sum);
        previous = Math.max(previous, seq);
        assertThat(seq).as("%s got an event beyond the log", s.name).isLessThanOrEqualTo(log.size());
        assertThat(body).as("%s: the live event equals the log's", s.name).isEqualTo(log.get((int) seq - 1));
        if (seq <= view.size()) {
          stale++;
          continue;
        }
        while (view.size() < seq - 1) {
          view.add(log.get(view.size())); // the gap fetched from /events?after=
          fetched++;
        }
        view.add(body);
        live++;
      }
      assertThat(view).as("%s: a prefix of the one order", s.name).isEqualTo(log.subList(0, view.size()));
    }
    figures.merge("events received live", live, Integer::sum);
    figures.merge("events fetched on gaps/reconnects", fetched, Integer::sum);
    figures.merge("already-seen events ignored", stale, Integer::sum);
    figures.merge("subscriber sessions", s.sessions.size(), Integer::sum);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
