package dev.lineup.formats.jekyll;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Workshop;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Pages that cannot be read are refused as invalid, with a message that says where and why. */
class RejectedPagesTest {

  private final JekyllPages pages = new JekyllPages();

  private Rejection rejected(String page) {
    Rejection r = catchThrowableOfType(Rejection.class, () -> pages.read("w", page, null));
    assertThat(r).as("a Rejection").isNotNull();
    assertThat(r.failure()).isEqualTo(Failure.INVALID);
    assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.path()).isEqualTo("page"));
    return r;
  }

  @Test
  void malformedYamlNamesLineAndColumnOfThePage() {
    Rejection r = rejected("---\ntitle: \"ok\"\ntalks:\n- title: [unclosed\n---\nbody\n");

    assertThat(r.detail()).contains("line 5").contains("column").contains("invalid YAML");
  }

  @Test
  void aBadIndentIsRefused() {
    Rejection r = rejected("---\ntitle: x\n  room: y\n---\n");

    assertThat(r.detail()).contains("line 3");
  }

  @Test
  void aPageWithoutFrontMatterIsRefused() {
    assertThat(rejected("# Just markdown\n\nNo front matter.\n").detail())
        .contains("line 1").contains("'---'");
  }

  @Test
  void anUnclosedFrontMatterIsRefused() {
    assertThat(rejected("---\ntitle: x\nroom: y\n").detail()).contains("never closed");
  }

  @Test
  void aFrontMatterThatIsNotAMappingIsRefused() {
    assertThat(rejected("---\n- a\n- b\n---\n").detail()).contains("mapping");
    assertThat(rejected("---\njust text\n---\n").detail()).contains("mapping");
  }

  @Test
  void aBillionLaughsIsRefusedByTheAliasLimit() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) yaml.append(j == 0 ? "" : ",").append("*a").append(i - 1);
      yaml.append("]\n");
    }

    assertThat(rejected("---\n" + yaml + "---\n").detail()).contains("aliases");
  }

  @Test
  void aDoublingBombUnderTheAliasLimitIsRefusedByTheValueLimit() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [\"x\", \"x\"]\n");
    for (int i = 1; i < 25; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1)
          .append(", *a").append(i - 1).append("]\n");
    }

    assertThat(rejected("---\n" + yaml + "---\n").detail()).contains("expands to more than");
  }

  @Test
  void aHugePageIsRefused() {
    String huge = "---\nabstract: \"" + "x".repeat(FrontMatter.MAX_CODE_POINTS) + "\"\n---\n";

    assertThat(rejected(huge).detail()).contains("larger than");
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "---\nx: " + "[".repeat(200) + "]".repeat(200) + "\n---\n";

    assertThat(rejected(deep).detail()).contains("invalid YAML");
  }

  @Test
  void aDuplicateKeyIsReadAsJekyllReadsIt_theLastWins_andSaysWhere() {
    Workshop w = pages.read("w", "---\ntitle: a\nroom: x\ntitle: b\n---\n", null);

    assertThat(w.title()).isEqualTo("b");
    assertThat(w.warnings()).singleElement().satisfies(n -> assertThat(n.message())
        .contains("line 4", "\"title\"", "first on line 2", "last one is used"));
    assertThat(pages.write(w)).isEqualTo("---\nroom: x\ntitle: b\n---\n");
  }

  @Test
  void aRecursiveKeyIsRefused() {
    rejected("---\n&a [*a]: x\n---\n");
  }

  @Test
  void anEmptyFrontMatterIsAnEmptyWorkshop() {
    Workshop w = pages.read("w", "---\n---\nbody\n", null);

    assertThat(w.title()).isEmpty();
    assertThat(w.talks()).isEmpty();
    assertThat(pages.write(w)).endsWith("---\nbody\n");
  }
}
