package dev.threadlint.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SourceTextTest {
  private static SourceText utf8(byte[] bytes) {
    return SourceText.decode(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void wellFormedTextIsDecodedWithoutADiagnostic() {
    assertThat(utf8("class A {}\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new SourceText("class A {}\n", Optional.empty()));
    assertThat(utf8("// grüße ✓\nclass B {}\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new SourceText("// grüße ✓\nclass B {}\n", Optional.empty()));
  }

  @Test
  void aByteOrderMarkIsDropped() {
    byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'c', 'l', 'a', 's', 's'};
    assertThat(utf8(bytes).text()).isEqualTo("class");
  }

  /** A U+FFFD written in the file is text like any other; a malformed byte names its line. */
  @Test
  void aReplacementCharacterInTheFileIsNotAMalformedByte() {
    assertThat(utf8("// \uFFFD\nclass C {}\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new SourceText("// \uFFFD\nclass C {}\n", Optional.empty()));
    byte[] bad = "class D {}\n// x\n".getBytes(StandardCharsets.UTF_8);
    bad[14] = (byte) 0xFF; // the x on line 2
    SourceText text = utf8(bad);
    assertThat(text.firstMalformedLine()).contains(2);
    assertThat(text.text()).isEqualTo("class D {}\n// \uFFFD\n");
  }

  @Test
  void otherCharsetsDecodeAsBefore() {
    byte[] latin = {'/', '/', ' ', (byte) 0xE9, '\n'};
    assertThat(SourceText.decode(latin, StandardCharsets.ISO_8859_1))
        .isEqualTo(new SourceText("// é\n", Optional.empty()));
  }

  /**
   * Non-blank lines counted line by line agree with a count of every character, for texts with and
   * without carriage returns, blank and white-space-only lines, and no final line break.
   */
  @Test
  void nonBlankLinesAgreeWithACharacterByCharacterCount() {
    assertThat(SourceText.nonBlankLines("")).isZero();
    assertThat(SourceText.nonBlankLines("a")).isEqualTo(1);
    assertThat(SourceText.nonBlankLines("a\n\n  \t\n b\n")).isEqualTo(2);
    assertThat(SourceText.nonBlankLines("a\r\n\r\n b\rc")).isEqualTo(3);
    assertThat(SourceText.nonBlankLines("a\r\n\r\n b\r\nc\r")).isEqualTo(3);
    assertThat(SourceText.nonBlankLines("a\r\n \r\n\r\n")).isEqualTo(1);
    assertThat(SourceText.nonBlankLines("\u2003\n\u00a0\n\u001c\n")).isEqualTo(1);
    char[] alphabet = {'a', ' ', '\t', '\n', '\r', '\u2003', '\u00a0', '\f', '\u000b', 'x'};
    java.util.Random random = new java.util.Random(7);
    for (int round = 0; round < 2000; round++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(30);
      int breaks = random.nextInt(3); // 0: \n only, 1: \r\n, 2: any \r
      for (int i = 0; i < length; i++) {
        char c = alphabet[random.nextInt(alphabet.length)];
        if (c == '\r' && breaks == 0) {
          c = '\n';
        }
        text.append(c == '\n' && breaks == 1 ? "\r\n" : String.valueOf(c));
        if (c == '\r' && breaks == 1) {
          text.append('\n');
        }
      }
      assertThat(SourceText.nonBlankLines(text.toString()))
          .as("%s", text)
          .isEqualTo(byJdkLines(text.toString()));
    }
  }

  /** The count by the JDK's own line splitting: lines that are not blank. */
  private static int byJdkLines(String text) {
    return (int) text.lines().filter(line -> !line.isBlank()).count();
  }
}
