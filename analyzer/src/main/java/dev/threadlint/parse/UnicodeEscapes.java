package dev.threadlint.parse;

import java.util.Optional;

/**
 * Java's Unicode escapes (a backslash, one or more {@code u}s and four hexadecimal digits, as in
 * {@code synchronized} spelt with its {@code s} escaped), which the compiler translates before it
 * reads a single token (JLS §3.3). The pre-scan reads raw text, so a concurrency word written with
 * escapes would hide a file from it; it reads the translated text instead.
 */
final class UnicodeEscapes {
  private UnicodeEscapes() {}

  /**
   * The text with every Unicode escape translated, or empty when it has none (the common case,
   * answered without copying). A backslash begins an escape only when an even number of backslashes
   * precede it (two backslashes and {@code u0041} are a backslash and five letters); one or more
   * {@code u}s follow, then four hexadecimal digits. A malformed escape is left as written (the
   * compiler rejects it; the pre-scan has no reason to).
   */
  static Optional<String> translate(String text) {
    int first = text.indexOf('\\') < 0 ? -1 : firstEscape(text, 0);
    if (first < 0) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    for (int at = first; at >= 0; at = firstEscape(text, copied)) {
      int u = at + 1;
      while (u < text.length() && text.charAt(u) == 'u') {
        u++;
      }
      out.append(text, copied, at).append((char) Integer.parseInt(text, u, u + 4, 16));
      copied = u + 4;
    }
    return Optional.of(out.append(text, copied, text.length()).toString());
  }

  /** True when the text holds at least one escape. */
  static boolean present(String text) {
    return text.indexOf('\\') >= 0 && firstEscape(text, 0) >= 0;
  }

  /** Where the first well-formed escape at or after {@code from} begins, or -1. */
  private static int firstEscape(String text, int from) {
    int backslashes = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        backslashes = 0;
        continue;
      }
      if (backslashes % 2 == 0 && wellFormed(text, i)) {
        return i;
      }
      backslashes++;
    }
    return -1;
  }

  private static boolean wellFormed(String text, int backslash) {
    int u = backslash + 1;
    if (u >= text.length() || text.charAt(u) != 'u') {
      return false;
    }
    while (u < text.length() && text.charAt(u) == 'u') {
      u++;
    }
    if (u + 4 > text.length()) {
      return false;
    }
    for (int i = u; i < u + 4; i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
