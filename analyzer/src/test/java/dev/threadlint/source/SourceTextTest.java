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
}
