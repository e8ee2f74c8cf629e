package dev.threadlint.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;

/**
 * A file's text decoded with the configured charset. Bytes the charset cannot decode are replaced
 * rather than fatal, and the line of the first one is kept so that a diagnostic can name it.
 *
 * @param text the decoded text, without a leading byte-order mark
 * @param firstMalformedLine line of the first undecodable byte, if any
 */
public record SourceText(String text, Optional<Integer> firstMalformedLine) {

  /** Reads and decodes a source file. */
  public static SourceText read(SourceFile file, Charset charset) throws IOException {
    return decode(Files.readAllBytes(file.path()), charset);
  }

  /** Decodes a file's bytes. */
  public static SourceText decode(byte[] bytes, Charset charset) {
    int offset = 0;
    if (charset.equals(StandardCharsets.UTF_8)
        && bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      offset = 3;
    }
    if (charset.equals(StandardCharsets.UTF_8)) {
      // The JDK's own UTF-8 decoding copies ASCII text once into the string (a strict decoder
      // fills a char buffer first and the string copies and compresses it again). It replaces
      // malformed bytes with U+FFFD: a text without one was well-formed, and any other goes the
      // strict way below, which tells a malformed byte from a U+FFFD written in the file.
      String text = new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
      if (text.indexOf('\uFFFD') < 0) {
        return new SourceText(text, Optional.empty());
      }
    }
    ByteBuffer input = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
    CharsetDecoder strict =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = strict.decode(input.duplicate());
      return new SourceText(chars.toString(), Optional.empty());
    } catch (CharacterCodingException e) {
      String lenient = lenient(charset, input);
      int bad = lenient.indexOf('\uFFFD');
      int line =
          bad < 0 ? 1 : (int) lenient.substring(0, bad).chars().filter(c -> c == '\n').count() + 1;
      return new SourceText(lenient, Optional.of(line));
    }
  }

  private static String lenient(Charset charset, ByteBuffer input) {
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(input.duplicate())
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder reported an error", e);
    }
  }

  /** Lines that hold anything but white space: the measure the benchmark scripts use. */
  public int nonBlankLines() {
    return nonBlankLines(text);
  }

  /** The same for any text. */
  public static int nonBlankLines(String text) {
    // a \r\n ends a line as a \n does (the \r before it is white space); a lone \r is a line
    // break of its own, which only the character-by-character count sees
    for (int cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', cr + 2)) {
      if (cr + 1 == text.length() || text.charAt(cr + 1) != '\n') {
        return nonBlankLinesAnyBreak(text);
      }
    }
    // lines end with \n: jump from line to line with indexOf, which runs over the string's
    // own bytes, and look at a line's characters only up to its first non-blank one (a counting
    // loop over every character was 2% of a cold run)
    int count = 0;
    int n = text.length();
    int start = 0;
    while (start < n) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = n;
      }
      for (int i = start; i < end; i++) {
        if (!Character.isWhitespace(text.charAt(i))) {
          count++;
          break;
        }
      }
      start = end + 1;
    }
    return count;
  }

  private static int nonBlankLinesAnyBreak(String text) {
    int count = 0;
    boolean blank = true;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        count += blank ? 0 : 1;
        blank = true;
      } else if (blank && !Character.isWhitespace(c)) {
        blank = false;
      }
    }
    return count + (blank ? 0 : 1);
  }
}
