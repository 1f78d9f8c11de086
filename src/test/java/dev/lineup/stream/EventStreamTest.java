package dev.lineup.stream;

import dev.lineup.support.Await;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live stream over plain HTTP, read as any program would (the JDK's HTTP client, line by line;
 * a raw socket for a reader that stalls), against real nodes.
 */
class EventStreamTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Defaults, but quick heartbeats and few streams per client. */
  private static TestNode node;
  /** A tail of two events in memory (catch-up reads the store) and a small per-stream bound. */
  private static TestNode tight;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("stream_heartbeat_ms", 150L, "stream_max_per_client", 4));
    tight = TestNode.start(Map.of("events_in_memory", 2, "stream_queue_bytes", 4096));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (tight != null) tight.close();
  }

  private static String workshop(TestNode on, String id, String category) {
    JsonObject body = new JsonObject().put("id", id).put("title", "Stream " + id).put("date", "2026-11-26")
        .put("categories", new JsonArray().add(category))
        .put("talks", new JsonArray().add(new JsonObject().put("title", "Keynote").put("start", "09:00").put("end", "10:00")));
    Http.Response created = on.http.postJson("/api/workshops", on.adminToken(), body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getJsonArray("talks").getJsonObject(0).getString("id");
  }

  private static long rename(TestNode on, String workshop, String talk, String title) {
    JsonObject command = new JsonObject().put("type", "talk.update").put("talkId", talk)
        .put("set", new JsonObject().put("title", title));
    Http.Response r = on.http.command(workshop, on.adminToken(), command);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getLong("seq");
  }

  private static List<Long> seqs(List<SseClient.Message> messages) {
    return messages.stream().map(SseClient.Message::seq).toList();
  }

  private static double metric(TestNode on, String line) {
    for (String l : on.http.get("/metrics", "Authorization", "Bearer " + on.adminToken()).body().split("\n")) {
      if (l.startsWith(line + " ")) return Double.parseDouble(l.substring(line.length() + 1).trim());
    }
    return 0;
  }

  @Test
  void eventsComeInSeqOrderAsTheLogHasThemThenLive() {
    String talk = workshop(node, "order", "solo");
    rename(node, "order", talk, "One");
    rename(node, "order", talk, "Two");
    try (SseClient stream = SseClient.open(node.port(), "/api/workshops/order/stream?after=0")) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
      List<SseClient.Message> caughtUp = stream.next(3, WAIT);
      assertThat(seqs(caughtUp)).containsExactly(1L, 2L, 3L);
      assertThat(caughtUp).extracting(SseClient.Message::id).containsExactly("1", "2", "3");
      assertThat(caughtUp).extracting(SseClient.Message::event)
          .containsExactly("workshop.created", "talk.updated", "talk.updated");
      JsonArray log = node.http.get("/api/workshops/order/events?after=0").array();
      for (int i = 0; i < 3; i++) assertThat(caughtUp.get(i).json()).isEqualTo(log.getJsonObject(i));

      rename(node, "order", talk, "Three");
      rename(node, "order", talk, "Four");
      List<SseClient.Message> live = stream.next(2, WAIT);
      assertThat(seqs(live)).containsExactly(4L, 5L);
      assertThat(live.get(1).json().getJsonObject("data").getJsonObject("set").getString("title")).isEqualTo("Four");
    }
  }

  @Test
  void aReconnectWithLastEventIdGetsWhatItMissedFromMemoryAndNothingTwice() {
    String talk = workshop(node, "resume", "solo");
    SseClient.Message last;
    try (SseClient stream = SseClient.open(node.port(), "/api/workshops/resume/stream")) {
      // No id and no ?after=: live from the current version.
      rename(node, "resume", talk, "Seen");
      last = stream.next(WAIT);
      assertThat(last.seq()).isEqualTo(2);
      assertThat(stream.pending()).isEmpty();
    }
    for (int i = 0; i < 3; i++) rename(node, "resume", talk, "Missed " + i);
    double fromMemory = metric(node, "lineup_catchup_requests_total{source=\"memory\"}");
    try (SseClient again = SseClient.open(node.port(), "/api/workshops/resume/stream?after=0",
        "Last-Event-ID", last.id())) {
      assertThat(seqs(again.next(3, WAIT))).containsExactly(3L, 4L, 5L);
      rename(node, "resume", talk, "Live");
      assertThat(again.next(WAIT).seq()).isEqualTo(6);
      assertThat(again.pending()).isEmpty();
    }
    assertThat(metric(node, "lineup_catchup_requests_total{source=\"memory\"}")).isGreaterThan(fromMemory);
  }

  @Test
  void aResumeOlderThanTheMemoryTailReadsTheStore() {
    String talk = workshop(tight, "older", "solo");
    for (int i = 0; i < 6; i++) rename(tight, "older", talk, "Change " + i);
    double fromStore = metric(tight, "lineup_catchup_requests_total{source=\"store\"}");
    try (SseClient stream = SseClient.open(tight.port(), "/api/workshops/older/stream", "Last-Event-ID", "1")) {
      assertThat(seqs(stream.next(6, WAIT))).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
      rename(tight, "older", talk, "Live");
      assertThat(stream.next(WAIT).seq()).isEqualTo(8);
    }
    assertThat(metric(tight, "lineup_catchup_requests_total{source=\"store\"}")).isGreaterThan(fromStore);
  }

  @Test
  void anIdleStreamGetsHeartbeatComments() {
    workshop(node, "quiet", "solo");
    try (SseClient stream = SseClient.open(node.port(), "/api/workshops/quiet/stream")) {
      Await.until("three heartbeats", WAIT, () -> stream.comments().stream().filter("ping"::equals).count() >= 3);
      assertThat(stream.pending()).isEmpty();
    }
  }

  @Test
  void aMeetingStreamFollowsEveryWorkshopAndResumesEachOfThem() {
    String a = workshop(node, "meet-a", "meet");
    String b = workshop(node, "meet-b", "meet");
    workshop(node, "elsewhere", "other");
    SseClient.Message last;
    try (SseClient stream = SseClient.open(node.port(), "/api/meetings/meet/stream")) {
      rename(node, "meet-a", a, "A1");
      List<SseClient.Message> first = stream.next(1, WAIT);
      rename(node, "meet-b", b, "B1");
      rename(node, "elsewhere", workshop(node, "elsewhere-2", "other"), "not in the meeting");
      rename(node, "meet-a", a, "A2");
      List<SseClient.Message> got = new ArrayList<>(first);
      got.addAll(stream.next(2, WAIT));
      assertThat(got).extracting(m -> m.json().getString("workshop") + "@" + m.seq())
          .containsExactly("meet-a@2", "meet-b@2", "meet-a@3");
      assertThat(got).extracting(SseClient.Message::id)
          .containsExactly("meet-a:2,meet-b:1", "meet-a:2,meet-b:2", "meet-a:3,meet-b:2");
      last = got.get(2);
    }
    rename(node, "meet-b", b, "B2");
    rename(node, "meet-a", a, "A3");
    rename(node, "meet-b", b, "B3");
    try (SseClient again = SseClient.open(node.port(), "/api/meetings/meet/stream", "Last-Event-ID", last.id())) {
      List<SseClient.Message> missed = again.next(3, WAIT);
      assertThat(missed.stream().filter(m -> m.json().getString("workshop").equals("meet-a")).map(SseClient.Message::seq))
          .containsExactly(4L);
      assertThat(missed.stream().filter(m -> m.json().getString("workshop").equals("meet-b")).map(SseClient.Message::seq))
          .containsExactly(3L, 4L);
      assertThat(missed.get(2).id()).isEqualTo("meet-a:4,meet-b:4");
      assertThat(again.pending()).isEmpty();
    }
  }

  @Test
  void compressionDoesNotHoldEventsBack() {
    String talk = workshop(node, "gzip", "solo");
    try (SseClient stream = SseClient.open(node.port(), "/api/workshops/gzip/stream", "Accept-Encoding", "gzip")) {
      assertThat(stream.headers().firstValue("content-encoding").orElse("identity")).isEqualTo("identity");
      rename(node, "gzip", talk, "Right away");
      assertThat(stream.next(WAIT).seq()).isEqualTo(2);
    }
  }

  @Test
  void aReaderThatFallsBehindIsToldWhyAndClosedThenResumesWithoutAGap() throws Exception {
    String talk = workshop(tight, "slow", "solo");
    double lagged = metric(tight, "lineup_stream_closed_total{reason=\"lagging\"}");
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress("127.0.0.1", tight.port()), 5_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /api/workshops/slow/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // Nothing is read while large events pile up on the server (the kernel's buffers first:
      // a few MB on loopback), four writers at a time.
      String abstractText = "x".repeat(45_000);
      ExecutorService writers = Executors.newFixedThreadPool(4);
      try {
        Await.until("the stream closed as lagging", Duration.ofSeconds(60), () -> {
          List<Future<Integer>> batch = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            JsonObject command = new JsonObject().put("type", "talk.update").put("talkId", talk)
                .put("set", new JsonObject().put("abstract", abstractText + System.nanoTime() + i));
            batch.add(writers.submit(() -> tight.http.command("slow", tight.adminToken(), command).status()));
          }
          for (Future<Integer> f : batch) assertThat(join(f)).isEqualTo(200);
          return metric(tight, "lineup_stream_closed_total{reason=\"lagging\"}") > lagged;
        });
      } finally {
        writers.shutdownNow();
      }
      // The reader comes back: everything written, then the reason, then the end.
      socket.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      List<Long> ids = new ArrayList<>();
      String event = null;
      String lagging = null;
      String line;
      while ((line = in.readLine()) != null && !line.equals("0")) {
        if (line.startsWith("id: ")) ids.add(Long.parseLong(line.substring(4)));
        if (line.startsWith("event: ")) event = line.substring(7);
        if (line.startsWith("data: ") && "lineup.lagging".equals(event)) lagging = line.substring(6);
      }
      assertThat(lagging).as("the final event").isNotNull();
      JsonObject notice = new JsonObject(lagging);
      assertThat(notice.getString("reason")).contains("4096 bytes");
      assertThat(ids).isNotEmpty();
      for (int i = 1; i < ids.size(); i++) assertThat(ids.get(i)).isEqualTo(ids.get(i - 1) + 1);
      assertThat(notice.getString("lastEventId")).isEqualTo(String.valueOf(ids.get(ids.size() - 1)));

      long version = tight.http.get("/api/workshops/slow").json().getLong("version");
      long resumeAfter = ids.get(ids.size() - 1);
      try (SseClient again = SseClient.open(tight.port(), "/api/workshops/slow/stream", "Last-Event-ID",
          notice.getString("lastEventId"))) {
        List<SseClient.Message> rest = again.next((int) (version - resumeAfter), WAIT);
        assertThat(rest.get(0).seq()).isEqualTo(resumeAfter + 1);
        assertThat(rest.get(rest.size() - 1).seq()).isEqualTo(version);
      }
    }
  }

  private static <T> T join(Future<T> f) {
    try {
      return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theOpenApiContractNamesTheStreams() {
    String api = node.http.get("/openapi.yaml").body();
    for (String path : List.of("/api/workshops/{id}/stream:", "/api/meetings/{category}/stream:")) {
      assertThat(api).as(path).contains("\n  " + path);
    }
  }

  @Test
  void refusalsAreProblems() {
    workshop(node, "refusals", "solo");
    SseClient unknown = SseClient.open(node.port(), "/api/workshops/nope/stream");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
    SseClient badId = SseClient.open(node.port(), "/api/workshops/refusals/stream", "Last-Event-ID", "seven");
    assertThat(badId.status()).isEqualTo(400);
    assertThat(new JsonObject(badId.body()).getString("detail")).contains("Last-Event-ID");
    SseClient badMeetingId = SseClient.open(node.port(), "/api/meetings/solo/stream?after=a:1,:2");
    assertThat(badMeetingId.status()).isEqualTo(400);
    SseClient noMeeting = SseClient.open(node.port(), "/api/meetings/none-such/stream");
    assertThat(noMeeting.status()).isEqualTo(404);
  }

  @Test
  void streamsPerClientAddressAreBoundedAndCountedInMetrics() {
    String talk = workshop(node, "bounded", "solo");
    Await.until("other tests' streams closed", WAIT, () -> metric(node, "lineup_stream_open") == 0);
    List<SseClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        SseClient s = SseClient.open(node.port(), "/api/workshops/bounded/stream");
        assertThat(s.status()).isEqualTo(200);
        open.add(s);
      }
      SseClient fifth = SseClient.open(node.port(), "/api/workshops/bounded/stream");
      assertThat(fifth.status()).isEqualTo(429);
      assertThat(fifth.headers().firstValue("retry-after")).isPresent();
      assertThat(metric(node, "lineup_stream_open")).isEqualTo(4);
      assertThat(metric(node, "lineup_stream_refused_total")).isGreaterThanOrEqualTo(1);
      double sent = metric(node, "lineup_stream_events_total");
      rename(node, "bounded", talk, "To all four");
      for (SseClient s : open) assertThat(s.next(WAIT).seq()).isEqualTo(2);
      assertThat(metric(node, "lineup_stream_events_total")).isEqualTo(sent + 4);
    } finally {
      open.forEach(SseClient::close);
    }

    Await.until("closed streams counted", WAIT, () -> metric(node, "lineup_stream_open") == 0
        && metric(node, "lineup_stream_closed_total{reason=\"client\"}") >= 4);
    SseClient afterwards = SseClient.open(node.port(), "/api/workshops/bounded/stream");
    assertThat(afterwards.status()).isEqualTo(200);
    afterwards.close();
  }
}
