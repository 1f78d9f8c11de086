package dev.lineup.bench;

import dev.lineup.pages.Browsers;
import dev.lineup.pages.Planner;
import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openqa.selenium.chrome.ChromeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The planner page's figures (BENCHMARKS.md, "Planner"), in headless Chromium against a node in this
 * JVM. Not a test. Three measurements:
 * <ol>
 *   <li>data to first full render: the busiest day of the real DALI 2018 meeting (from ../shared;
 *   else a synthetic day of the same size), from the meeting's JSON arriving to the grid laid out,
 *   as the page records it ({@code window.lineupPlanner.timings['first-render']}), over reloads;</li>
 *   <li>one remote change with the whole day on screen: a talk.move over REST by someone else, from
 *   the event reaching the page to the grid laid out again ({@code timings['remote-change']}), and
 *   from the REST call to the card's new time in the DOM (a MutationObserver the harness injects);</li>
 *   <li>frames during a drag with 150 cards on the page: requestAnimationFrame timestamps (injected)
 *   while a card is dragged with real pointer events; a frame is dropped for every 16.7 ms an
 *   interval runs over one frame.</li>
 * </ol>
 * <pre>
 *   mvn -o -q -DskipTests test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java \
 *     -Dexec.classpathScope=test -Dexec.args="-Dlineup.shared=../shared -classpath %classpath dev.lineup.bench.PlannerBench"
 * </pre>
 * Flags: {@code --reloads=10 --changes=30 --drag-moves=120 --out=target/bench}.
 */
public final class PlannerBench {

  private static final Logger LOG = LoggerFactory.getLogger(PlannerBench.class);
  private static final double FRAME_MS = 1000.0 / 60;

  private PlannerBench() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.LinkedHashMap<>(Map.of("reloads", "10", "changes", "30", "drag-moves", "120", "out", "target/bench"));
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) throw new IllegalArgumentException("flags are --name=value: " + arg);
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    Browsers.assumeInstalled();
    StringBuilder report = new StringBuilder();
    try (TestNode node = TestNode.start()) {
      String admin = node.adminToken();
      Map<String, String> dali = Planner.importDali2018(node.http, admin);
      String meeting = dali.isEmpty() ? "synthetic" : "dali2018";
      String day = dali.isEmpty() ? synthetic(node.http, admin, "synthetic", 4, 13) : busiestDay(node.http, dali);
      ChromeDriver browser = Browsers.start(1600, 1000);
      try {
        signIn(browser, node, "bench");
        report.append(firstRender(browser, node, meeting, day, Integer.parseInt(options.get("reloads"))));
        report.append(remoteChange(browser, node, admin, meeting, day, Integer.parseInt(options.get("changes"))));
        String big = synthetic(node.http, admin, "crowded", 6, 25);
        report.append(drag(browser, node, "crowded", big, Integer.parseInt(options.get("drag-moves"))));
      } finally {
        Browsers.quit(browser);
      }
    }
    Path out = Path.of(options.get("out"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("planner.md"), report);
    System.out.println(report); // the harness' one output, as Bench prints its table
    LOG.info("written to {}", out.resolve("planner.md"));
  }

  /** A token in localStorage, as the page keeps it after a sign-in. */
  private static void signIn(ChromeDriver browser, TestNode node, String sub) {
    browser.get("http://localhost:" + node.port() + "/planner.html");
    Browsers.js(browser, "localStorage.setItem('lineup.token', arguments[0])", node.token(sub, List.of("admin"), List.of("*")));
  }

  private static String open(ChromeDriver browser, TestNode node, String meeting, String day) {
    browser.get("http://localhost:" + node.port() + "/planner.html?meeting=" + meeting + "&day=" + day);
    Planner.waitUntilLive(browser);
    return day;
  }

  private static String busiestDay(Http http, Map<String, String> dali) {
    Map<String, Integer> talks = new java.util.TreeMap<>();
    for (var e : dali.entrySet()) {
      talks.merge(e.getValue(), http.get("/api/workshops/" + e.getKey()).json().getJsonArray("talks").size(), Integer::sum);
    }
    return Collections.max(talks.entrySet(), Map.Entry.comparingByValue()).getKey();
  }

  /** A meeting of `rooms` workshops on 2018-04-05 with `perRoom` talks of 20 minutes each, from 08:00; returns the day. */
  private static String synthetic(Http http, String admin, String meeting, int rooms, int perRoom) {
    for (int r = 0; r < rooms; r++) {
      JsonArray talks = new JsonArray();
      for (int i = 0; i < perRoom; i++) {
        int start = 8 * 60 + i * 20;
        talks.add(new JsonObject().put("title", "Talk " + (i + 1) + " in room " + (r + 1))
            .put("start", hhmm(start)).put("end", hhmm(start + 20))
            .put("authors", new JsonArray().add(new JsonObject().put("given", "Speaker").put("family", "S" + r + "-" + i))));
      }
      JsonObject w = new JsonObject().put("id", meeting + "-" + r).put("title", "Workshop " + (r + 1)).put("date", "2018-04-05")
          .put("room", "Room " + (r + 1)).put("categories", new JsonArray().add(meeting)).put("talks", talks);
      Http.Response response = http.postJson("/api/workshops", admin, w);
      if (response.status() != 201) throw new IllegalStateException(response.body());
    }
    return "2018-04-05";
  }

  private static String hhmm(int minutes) {
    return String.format("%02d:%02d", minutes / 60, minutes % 60);
  }

  private static List<Double> timings(ChromeDriver browser, String kind) {
    List<Double> out = new ArrayList<>();
    Object list = Browsers.js(browser, "return (window.lineupPlanner.timings[arguments[0]] || []).map(t => t.ms)", kind);
    for (Object o : (List<?>) list) out.add(((Number) o).doubleValue());
    return out;
  }

  private static String firstRender(ChromeDriver browser, TestNode node, String meeting, String day, int reloads) {
    List<Double> ms = new ArrayList<>();
    List<Double> parse = new ArrayList<>();
    List<Double> render = new ArrayList<>();
    List<Double> layout = new ArrayList<>();
    long cards = 0;
    long columns = 0;
    for (int i = 0; i < reloads + 1; i++) {
      open(browser, node, meeting, day);
      List<Double> first = timings(browser, "first-render");
      if (i > 0) { // the first load warms the browser's caches
        ms.add(first.get(0));
        parse.add(((Number) Browsers.js(browser, "return window.lineupPlanner.timings['first-render'][0].parse")).doubleValue());
        render.add(((Number) Browsers.js(browser, "return window.lineupPlanner.timings['first-render'][0].render")).doubleValue());
        layout.add(((Number) Browsers.js(browser, "return window.lineupPlanner.timings['first-render'][0].layout")).doubleValue());
      }
      cards = (Long) Browsers.js(browser, "return document.querySelectorAll('[data-workshop-column] [data-talk-id]').length");
      columns = (Long) Browsers.js(browser, "return document.querySelectorAll('[data-workshop-column]').length");
    }
    return "| data → first full render, " + meeting + " " + day + " (" + columns + " rooms, " + cards + " cards), " + reloads
        + " reloads | " + stats(ms) + " |\n"
        + "| of which parsing the meeting's JSON | " + stats(parse) + " |\n"
        + "| of which the render (state → DOM → layout) | " + stats(render) + " |\n"
        + "| of which the browser's style and layout of the page | " + stats(layout) + " |\n";
  }

  private static String remoteChange(ChromeDriver browser, TestNode node, String admin, String meeting, String day, int changes) {
    open(browser, node, meeting, day);
    JsonObject w = firstWorkshopOf(node.http, meeting, day);
    JsonObject talk = w.getJsonArray("talks").stream().map(JsonObject.class::cast)
        .filter(t -> t.getString("start") != null && t.getString("end") != null).findFirst().orElseThrow();
    String selector = Planner.card(w.getString("id"), talk.getString("id"));
    Browsers.js(browser, "window.__seen = [];"
        + " new MutationObserver(() => { const c = document.querySelector(arguments[0]); window.__seen.push([Date.now(), c && c.dataset.start]); })"
        + ".observe(document.querySelector('#grid'), {subtree: true, attributes: true, attributeFilter: ['data-start']});", selector);
    String other = node.token("someone-else", List.of("admin"), List.of("*"));
    List<Double> endToEnd = new ArrayList<>();
    int start = minutes(talk.getString("start"));
    int length = minutes(talk.getString("end")) - start;
    for (int i = 0; i < changes; i++) {
      int to = start + (i % 2 == 0 ? 5 : 0);
      String expected = hhmm(to);
      long sent = System.currentTimeMillis();
      Http.Response r = node.http.command(w.getString("id"), other, new JsonObject().put("type", "talk.move")
          .put("talkId", talk.getString("id")).put("start", expected).put("end", hhmm(to + length)));
      if (r.status() != 200) throw new IllegalStateException(r.body());
      Browsers.waitFor(browser, "window.__seen.some(s => s[1] === " + io.vertx.core.json.Json.encode(expected) + " && s[0] >= " + sent + ")", 5000);
      Object at = Browsers.js(browser, "return window.__seen.find(s => s[1] === arguments[0] && s[0] >= arguments[1])[0]", expected, sent);
      endToEnd.add((double) (((Number) at).longValue() - sent));
    }
    List<Double> inPage = timings(browser, "remote-change");
    List<Double> rendering = new ArrayList<>();
    for (Object o : (List<?>) Browsers.js(browser, "return window.lineupPlanner.timings['remote-change'].map(t => t.render)")) {
      rendering.add(((Number) o).doubleValue());
    }
    long cards = (Long) Browsers.js(browser, "return document.querySelectorAll('[data-workshop-column] [data-talk-id]').length");
    return "| one remote change applied, whole day on screen (" + cards + " cards), in the page: event → grid laid out, " + changes
        + " changes | " + stats(inPage.subList(Math.max(0, inPage.size() - changes), inPage.size())) + " |\n"
        + "| of which the render itself (state → DOM → layout) | " + stats(rendering.subList(Math.max(0, rendering.size() - changes), rendering.size())) + " |\n"
        + "| the same, REST command sent → the card's new time in the DOM | " + stats(endToEnd) + " |\n";
  }

  private static JsonObject firstWorkshopOf(Http http, String meeting, String day) {
    JsonArray list = http.get("/api/workshops?category=" + meeting).array();
    return list.stream().map(JsonObject.class::cast).filter(w -> day.equals(w.getString("date"))).findFirst().orElseThrow();
  }

  /**
   * A drag at the display's pace: trusted mouse events through the DevTools protocol (Selenium's
   * Actions take ~200 ms a step here), one move per frame, down by 2 px a frame and back up.
   */
  private static String drag(ChromeDriver browser, TestNode node, String meeting, String day, int moves) throws InterruptedException {
    open(browser, node, meeting, day);
    long cards = (Long) Browsers.js(browser, "return document.querySelectorAll('[data-workshop-column] [data-talk-id]').length");
    JsonObject w = firstWorkshopOf(node.http, meeting, day);
    String talkId = w.getJsonArray("talks").getJsonObject(2).getString("id");
    var card = Planner.element(browser, Planner.card(w.getString("id"), talkId));
    Browsers.js(browser, "arguments[0].scrollIntoView({block: 'center'})", card);
    List<?> centre = (List<?>) Browsers.js(browser, "const r = arguments[0].getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]", card);
    double x = ((Number) centre.get(0)).doubleValue();
    double y = ((Number) centre.get(1)).doubleValue();
    Browsers.js(browser, "window.__frames = []; window.__counting = true;"
        + " const tick = (t) => { window.__frames.push(t); if (window.__counting) requestAnimationFrame(tick); };"
        + " requestAnimationFrame(tick);");
    int rendersBefore = timings(browser, "render").size();
    mouse(browser, "mousePressed", x, y);
    long next = System.nanoTime();
    for (int i = 0; i < moves; i++) {
      y += i < moves / 2 ? 2 : -2;
      mouse(browser, "mouseMoved", x, y);
      next += (long) (FRAME_MS * 1_000_000);
      long wait = next - System.nanoTime();
      if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing the input, one move a frame
    }
    Browsers.js(browser, "window.__counting = false;");
    mouse(browser, "mouseReleased", x, y);
    String dragFrames = frames(browser);
    double seconds = (Double) Browsers.js(browser, "return (window.__frames[window.__frames.length - 1] - window.__frames[0]) / 1000");
    List<Double> renders = timings(browser, "render");
    List<Double> during = renders.subList(Math.min(rendersBefore, renders.size()), renders.size());
    // The baseline, same page, same run: as long without a gesture (the machine's own hiccups).
    Browsers.js(browser, "window.__frames = []; window.__counting = true;"
        + " const tick = (t) => { window.__frames.push(t); if (window.__counting) requestAnimationFrame(tick); };"
        + " requestAnimationFrame(tick);");
    Thread.sleep((long) (seconds * 1000)); // the idle baseline lasts as long as the drag did
    Browsers.js(browser, "window.__counting = false;");
    String idleFrames = frames(browser);
    return "| drag with " + cards + " cards on the page, " + moves + " pointer moves over " + String.format("%.1f", seconds) + " s | "
        + dragFrames + "; " + during.size() + " renders: " + stats(during) + " |\n"
        + "| baseline: the same page, no gesture, as long | " + idleFrames + " |\n";
  }

  /** The frames counted in the page: how many, how many dropped, the longest. */
  private static String frames(ChromeDriver browser) {
    List<Double> frames = new ArrayList<>();
    for (Object o : (List<?>) Browsers.js(browser, "return window.__frames")) frames.add(((Number) o).doubleValue());
    double longest = 0;
    long dropped = 0;
    for (int i = 1; i < frames.size(); i++) {
      double interval = frames.get(i) - frames.get(i - 1);
      longest = Math.max(longest, interval);
      dropped += Math.max(0, Math.round(interval / FRAME_MS) - 1);
    }
    return (frames.size() - 1) + " frames, " + dropped + " dropped, longest " + String.format("%.1f", longest) + " ms";
  }

  private static void mouse(ChromeDriver browser, String type, double x, double y) {
    browser.executeCdpCommand("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left",
        "buttons", type.equals("mouseReleased") ? 0 : 1, "clickCount", type.equals("mouseMoved") ? 0 : 1));
  }

  private static int minutes(String hhmm) {
    return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
  }

  private static String stats(List<Double> ms) {
    if (ms.isEmpty()) return "–";
    List<Double> sorted = new ArrayList<>(ms);
    Collections.sort(sorted);
    double median = sorted.get(sorted.size() / 2);
    double p90 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
    return String.format("median %.1f ms, p90 %.1f ms, max %.1f ms (n=%d)", median, p90, sorted.get(sorted.size() - 1), sorted.size());
  }
}
