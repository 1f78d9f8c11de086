package dev.lineup.pages;

import dev.lineup.support.Http;
import dev.lineup.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A browser's own EventSource follows a workshop's stream: events by type, ids = seqs, live. */
class EventSourceTest {

  @Test
  void aBrowsersEventSourceFollowsAWorkshop() {
    Browsers.assumeInstalled();
    try (TestNode node = TestNode.start()) {
      JsonObject workshop = new JsonObject().put("id", "browser-stream").put("title", "Browser").put("date", "2026-11-26")
          .put("talks", new JsonArray().add(new JsonObject().put("title", "Keynote").put("start", "09:00").put("end", "10:00")));
      Http.Response created = node.http.postJson("/api/workshops", node.adminToken(), workshop);
      assertThat(created.status()).isEqualTo(201);
      String talk = created.json().getJsonArray("talks").getJsonObject(0).getString("id");
      ChromeDriver driver = Browsers.start(800, 600);
      try {
        driver.get("http://127.0.0.1:" + node.port() + "/");
        Browsers.js(driver, """
            window.got = [];
            const source = new EventSource('/api/workshops/browser-stream/stream?after=0');
            for (const type of ['workshop.created', 'talk.updated']) {
              source.addEventListener(type, e => got.push({type: e.type, id: e.lastEventId, seq: JSON.parse(e.data).seq}));
            }""");
        Browsers.waitFor(driver, "window.got.length === 1");
        for (String title : List.of("One", "Two")) {
          JsonObject rename = new JsonObject().put("type", "talk.update").put("talkId", talk)
              .put("set", new JsonObject().put("title", title));
          assertThat(node.http.command("browser-stream", node.adminToken(), rename).status()).isEqualTo(200);
        }
        Browsers.waitFor(driver, "window.got.length === 3");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> got = (List<Map<String, Object>>) Browsers.js(driver, "return window.got;");
        assertThat(got).extracting(m -> m.get("type") + "#" + m.get("id") + "@" + m.get("seq"))
            .containsExactly("workshop.created#1@1", "talk.updated#2@2", "talk.updated#3@3");
      } finally {
        Browsers.quit(driver);
      }
    }
  }
}
