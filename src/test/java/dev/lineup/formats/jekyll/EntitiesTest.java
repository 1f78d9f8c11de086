package dev.lineup.formats.jekyll;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntitiesTest {

  @Test
  void decodesNamedNumericAndLegacyReferences() {
    assertThat(Entities.decode("Husz&aacuter")).isEqualTo("Huszár");
    assertThat(Entities.decode("Husz&aacute;r")).isEqualTo("Huszár");
    assertThat(Entities.decode("Sch&ouml;lkopf &amp; G&#246;del &#x4E2D;")).isEqualTo("Schölkopf & Gödel 中");
    assertThat(Entities.decode("&Lstrok;ukasz &scaron;")).isEqualTo("Łukasz š");
  }

  @Test
  void leavesWhatIsNoReferenceAlone() {
    assertThat(Entities.decode("Caffe & TensorFlow")).isEqualTo("Caffe & TensorFlow");
    assertThat(Entities.decode("R&D &unknown; &#; &#xZZ")).isEqualTo("R&D &unknown; &#; &#xZZ");
    assertThat(Entities.decode("&lstrok")).isEqualTo("&lstrok");
  }
}
