package dev.threadlint.filters;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintsTest {
  /** The lines a fingerprint hashes are split as the regex {@code \r\n|\r|\n} split them. */
  @Test
  void linesAreSplitAtEveryKindOfLineEnd() {
    for (String text :
        new String[] {
          "", "a", "a\n", "a\nb", "a\r\nb\rc\n\nd", "\r\n\r\n", "x\r", "\n\r", "a\r\r\nb"
        }) {
      assertThat(Fingerprints.lines(text)).as(text).containsExactly(text.split("\r\n|\r|\n", -1));
    }
  }
}
