package dev.threadlint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Concurrency words written with Unicode escapes must not hide a file from the pre-scan. */
class UnicodeEscapesTest {
  private static final String BACKSLASH = "\\";

  /** The escape of one character, built so that this test's own source holds none. */
  private static String escaped(char c) {
    return BACKSLASH + "u" + String.format("%04x", (int) c);
  }

  @Test
  void aTextWithoutEscapesIsNotCopied() {
    assertThat(UnicodeEscapes.translate("class A { String s = \"a\\\\b\"; }")).isEmpty();
  }

  @Test
  void escapesAreTranslatedAsTheCompilerDoes() {
    String text = "class A { " + escaped('s') + "ynchronized void m() {} }";
    assertThat(UnicodeEscapes.translate(text)).contains("class A { synchronized void m() {} }");
    String manyUs = BACKSLASH + "uuu0041";
    assertThat(UnicodeEscapes.translate(manyUs)).contains("A");
  }

  @Test
  void aBackslashAfterAnOddNumberOfBackslashesBeginsNoEscape() {
    String notAnEscape = BACKSLASH + BACKSLASH + "u0041";
    assertThat(UnicodeEscapes.translate(notAnEscape)).isEmpty();
    String escapeAfterTwo = BACKSLASH + BACKSLASH + BACKSLASH + "u0041";
    assertThat(UnicodeEscapes.translate(escapeAfterTwo)).contains(BACKSLASH + BACKSLASH + "A");
  }

  @Test
  void aMalformedEscapeIsLeftAsWritten() {
    assertThat(UnicodeEscapes.translate("// see " + BACKSLASH + "user " + BACKSLASH + "u12"))
        .isEmpty();
  }

  @Test
  void anEscapedConcurrencyWordMakesTheFileMatterAndItIsParsed() {
    PreScanner scanner = new PreScanner(Set.of());
    String hidden = "class A { " + escaped('s') + "ynchronized void m() {} }";
    PreScan scan = scanner.scan(hidden, "A.java");
    assertThat(scan.trigger()).isEqualTo("synchronized");
    assertThat(scan.damaged()).isTrue();
    assertThat(scanner.scan("class A { void m() {} }", "A.java").damaged()).isFalse();
  }
}
