package dev.lineup.reliability;

import dev.lineup.support.TestNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fuzzing over HTTP against a real node: random and mutated command bodies to
 * /api/workshops/{id}/commands, random pages to POST /api/workshops as text/markdown. No 5xx;
 * a refusal changes nothing; an accepted page serves its snapshot and every export; every request
 * answers within the client's timeout (see {@link Oracle}).
 */
class HttpFuzzTest {

  private static final String WORKSHOP = "fuzz-http";
  private static final AtomicInteger PAGES = new AtomicInteger();
  private static TestNode node;
  private static String admin;

  @BeforeContainer
  static void start() {
    node = TestNode.start(Map.of("store_timeout_ms", 10_000));
    admin = node.adminToken();
  }

  @AfterContainer
  static void stop() {
    node.close();
  }

  @Property(tries = 300)
  void noCommandBodyGetsA5xxOrChangesAnythingWhenRefused(@ForAll("bodies") String body) {
    Statistics.collect(Oracle.httpCommand(node.http, admin, WORKSHOP, body));
  }

  @Property(tries = 120)
  void noPageGetsA5xxAndAcceptedPagesExport(@ForAll("pages") String page) {
    Statistics.collect(Oracle.httpPage(node.http, admin, "fuzz-page-" + PAGES.incrementAndGet(), page));
  }

  @Provide
  Arbitrary<String> bodies() {
    // Besides commands: bodies that are not commands at all.
    return Arbitraries.oneOf(FuzzInputs.commands(), FuzzInputs.commands(),
        Arbitraries.of("", "null", "[]", "\"text\"", "{}", "{\"type\":null}", "1", "{".repeat(100),
            "{\"type\":\"talk.add\",\"talk\":{\"title\":\"" + "z".repeat(1_100_000) + "\"}}"));
  }

  @Provide
  Arbitrary<String> pages() {
    return FuzzInputs.pages();
  }
}
