package dev.lineup.formats.jekyll;

import dev.lineup.schedule.Command;
import dev.lineup.schedule.Decider;
import dev.lineup.schedule.Event;
import dev.lineup.schedule.EventData;
import dev.lineup.schedule.Json;
import dev.lineup.schedule.Times;
import dev.lineup.schedule.Workshop;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real DALI page (day pages included) and the template: read, imported through the Decider,
 * stored as JSON, and written back losslessly.
 */
class FixturePagesTest {

  private final JekyllPages pages = new JekyllPages();
  private final Decider decider = new Decider(pages, "Europe/Berlin");

  static Stream<Path> fixturePages() throws IOException {
    String shared = System.getProperty("lineup.shared");
    Assumptions.assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "fixtures")),
        "lineup.shared fixtures not available");
    Path fixtures = Path.of(shared, "fixtures");
    List<Path> all = new ArrayList<>();
    all.add(fixtures.resolve("dali2018-theory-of-deep-learning.md"));
    try (Stream<Path> s = Files.list(fixtures.resolve("dalimeeting"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(all::add);
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixturePages")
  void readsAndWritesBackLosslessly(Path file) throws IOException {
    String page = Files.readString(file, StandardCharsets.UTF_8);
    String name = file.getFileName().toString();

    Workshop read = pages.read(JekyllPages.idFromFileName(name), page,
        JekyllPages.dateFromFileName(name).orElse(null));

    assertThat(read.title()).isNotBlank();
    assertThat(read.talks()).allSatisfy(t -> {
      assertThat(t.start() == null || Times.isValid(t.start())).as(t.start()).isTrue();
      assertThat(t.end() == null || Times.isValid(t.end())).as(t.end()).isTrue();
    });
    assertThat(Lossless.differences(page, pages.write(read))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixturePages")
  void importedThroughTheDeciderAndStoredEventsStillWritesBackLosslessly(Path file)
      throws IOException {
    String page = Files.readString(file, StandardCharsets.UTF_8);
    String name = file.getFileName().toString();
    String id = JekyllPages.idFromFileName(name);

    EventData data = decider.decide(new Command.ImportWorkshop(null, null, page,
        JekyllPages.dateFromFileName(name).orElse(null), null, null), Workshop.absent(id));
    Event event = new Event(id, 1, "test", "2026-01-01T00:00:00Z", null, data);
    Workshop imported = decider.evolve(Workshop.absent(id), event);
    Workshop reloaded = Json.MAPPER.convertValue(Json.toMap(imported), Workshop.class);

    assertThat(reloaded.exists()).isTrue();
    assertThat(reloaded.talks()).allSatisfy(t -> assertThat(t.id()).isNotNull());
    assertThat(Lossless.differences(page, pages.write(reloaded))).isEmpty();
  }
}
