package dev.lineup.reliability;

import dev.lineup.support.TestNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

/**
 * The regression corpus: inputs the fuzzers found failing once (src/test/resources/fuzz/commands/*.json
 * and fuzz/pages/*.md), each checked by the same {@link Oracle} in-process and over HTTP.
 */
class FuzzRegressionTest {

  private static final AtomicInteger PAGES = new AtomicInteger();
  @RegisterExtension
  static final TestNode node = TestNode.extension(Map.of("store_timeout_ms", 10_000));

  static Stream<Path> files(String folder) throws IOException, URISyntaxException {
    Path dir = Path.of(FuzzRegressionTest.class.getResource("/fuzz/" + folder).toURI());
    try (Stream<Path> list = Files.list(dir)) {
      List<Path> files = list.filter(Files::isRegularFile).sorted().toList();
      assertThat(files).as("regression inputs in fuzz/" + folder).isNotEmpty();
      return files.stream();
    }
  }

  static Stream<Path> commands() throws IOException, URISyntaxException {
    return files("commands");
  }

  static Stream<Path> pages() throws IOException, URISyntaxException {
    return files("pages");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void command(Path file) throws IOException {
    String body = Files.readString(file, StandardCharsets.UTF_8);
    assertAll(() -> Oracle.httpCommand(node.http, node.adminToken(), "fuzz-regression", body), () -> Oracle.command(body));
  }

  static Stream<Path> known() throws IOException, URISyntaxException {
    return files("known");
  }

  /**
   * Known, not yet fixed (see RELIABILITY.md): commands whose event, stored and read back, is not
   * the object the node applied in memory. Skipped while the bug reproduces; passes once fixed
   * (then move the file to fuzz/commands/).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("known")
  void known(Path file) throws IOException {
    String body = Files.readString(file, StandardCharsets.UTF_8);
    Oracle.command(body);
    try {
      Oracle.sameObjectAfterRoundTrip(body);
    } catch (AssertionError stillThere) {
      Assumptions.abort("known bug still reproduces: " + stillThere.getMessage().lines().findFirst().orElse(""));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void page(Path file) throws IOException {
    String page = Files.readString(file, StandardCharsets.UTF_8);
    assertAll(() -> Oracle.httpPage(node.http, node.adminToken(), "fuzz-regression-page-" + PAGES.incrementAndGet(), page),
        () -> Oracle.page(page));
  }
}
