package dev.lineup.formats.jekyll;

import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever text arrives, the reader answers with a workshop or a Rejection, nothing else. */
class NeverCrashesProperties {

  private final JekyllPages pages = new JekyllPages();

  @Property(tries = 300)
  void aDamagedPageIsReadOrRejected(@ForAll("damagedPages") String page) {
    try {
      Workshop w = pages.read("w", page, null);
      Workshop again = pages.read("w", pages.write(w), null);
      assertThat(again.talks()).hasSameSizeAs(w.talks());
    } catch (Rejection expected) {
      assertThat(expected.detail()).startsWith("page: ");
    }
  }

  @Provide
  Arbitrary<String> damagedPages() throws IOException {
    String page = JekyllPagesTest.page("messy-2016.md");
    Arbitrary<Integer> at = Arbitraries.integers().between(4, page.length() - 1);
    Arbitrary<String> junk = Arbitraries.of("", ":", "- ", "\"", "'", "\n", "\t", "  ", "&", "*x",
        "&a ", "!!binary ", "!!timestamp ", "{", "[", "? ", "12:30", "null", "~", "yes", "$x: 1\n",
        "a.b: {c.d: 1}\n", "\n- title: 7\n  start: [1]\n", "\u0000", "\uFEFF", "%");
    return Arbitraries.lazy(() -> at.flatMap(i -> at.flatMap(j -> junk.map(s -> {
      int from = Math.min(i, j);
      int to = Math.min(Math.max(i, j), from + 20);
      return page.substring(0, from) + s + page.substring(to);
    }))));
  }
}
