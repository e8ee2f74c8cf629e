package dev.threadlint.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReportersTest {
  @Test
  void eachFormatMakesTheReporterOfThatFormat() {
    assertThat(Reporters.formats())
        .containsExactly("text", "sarif", "html", "checkstyle", "codeclimate");
    for (String format : Reporters.formats()) {
      assertThat(Reporters.require(format, "-f").format()).isEqualTo(format);
    }
  }

  @Test
  void anUnknownFormatIsNamedWithTheKnownOnes() {
    assertThat(Reporters.byFormat("pdf")).isEmpty();
    assertThatThrownBy(() -> Reporters.require("pdf", "--format"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--format: unknown format 'pdf' (known: text, sarif, html, checkstyle, codeclimate)");
  }
}
