package dev.threadlint.parse;

/**
 * A minimal Java lexer for the pre-scan: identifiers (keywords included) and single punctuation
 * characters, with their line; comments, string, text-block, character and number literals are
 * skipped. It never fails: unterminated literals or comments end the input, and {@link #damaged()}
 * says so, so that such a file is parsed for its diagnostics. Lines count like JavaParser's ({@code
 * \r\n}, {@code \n} and a lone {@code \r} each end one).
 */
final class JavaTokens {
  static final int EOF = 0;
  static final int IDENT = 1;
  static final int PUNCT = 2;

  private final String text;

  /** The text's characters: indexing an array is cheaper than {@code charAt} on every step. */
  private final char[] chars;

  private final int length;
  private int pos;
  private int line = 1;
  private boolean damaged;

  private int kind;
  private int start;
  private int end;
  private int tokenLine;

  JavaTokens(String text) {
    this.text = text;
    this.chars = text.toCharArray();
    this.length = chars.length;
  }

  /** Advances to the next token and returns its kind. */
  int next() {
    while (pos < length) {
      char c = chars[pos];
      if (c == '\n') {
        line++;
        pos++;
      } else if (c == '\r') {
        line++;
        pos++;
        if (pos < length && chars[pos] == '\n') {
          pos++;
        }
      } else if (c == ' ' || c == '\t' || c == '\f') {
        pos++;
      } else if (c == '/' && pos + 1 < length && chars[pos + 1] == '/') {
        pos += 2;
        while (pos < length && chars[pos] != '\n' && chars[pos] != '\r') {
          pos++;
        }
      } else if (c == '/' && pos + 1 < length && chars[pos + 1] == '*') {
        pos += 2;
        skipBlockComment();
      } else if (c == '"') {
        skipString();
      } else if (c == '\'') {
        skipChar();
      } else if (isIdentifierStart(c)) {
        tokenLine = line;
        start = pos;
        pos++;
        while (pos < length && isIdentifierPart(chars[pos])) {
          pos++;
        }
        end = pos;
        return kind = IDENT;
      } else if (c >= '0' && c <= '9'
          || c == '.' && pos + 1 < length && Character.isDigit(chars[pos + 1])) {
        skipNumber();
      } else if (Character.isWhitespace(c) || Character.isIdentifierIgnorable(c)) {
        pos++;
      } else {
        tokenLine = line;
        start = pos;
        end = ++pos;
        return kind = PUNCT;
      }
    }
    return kind = EOF;
  }

  /**
   * {@link Character#isJavaIdentifierStart} and {@link Character#isJavaIdentifierPart} of the ASCII
   * characters, looked up in a table: every character of every identifier asks.
   */
  private static final boolean[] ASCII_START = new boolean[128];

  private static final boolean[] ASCII_PART = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_START[c] = Character.isJavaIdentifierStart(c);
      ASCII_PART[c] = Character.isJavaIdentifierPart(c);
    }
  }

  private static boolean isIdentifierStart(char c) {
    return c < 128 ? ASCII_START[c] : Character.isJavaIdentifierStart(c);
  }

  private static boolean isIdentifierPart(char c) {
    return c < 128 ? ASCII_PART[c] : Character.isJavaIdentifierPart(c);
  }

  int kind() {
    return kind;
  }

  int line() {
    return tokenLine;
  }

  /** The current token's text. */
  String text() {
    return text.substring(start, end);
  }

  /**
   * The names {@link #word} gave out, by their hash (open addressing): a file names the same few
   * hundred identifiers over and over, and a new string for each use cost as much as the lexing.
   */
  private String[] words = new String[256];

  private int wordCount;

  private boolean freshWord;

  /**
   * The current identifier's text, one string per distinct name of this text; {@link #freshWord}
   * says whether this is its first use.
   */
  String word() {
    int hash = 0;
    for (int i = start; i < end; i++) {
      hash = 31 * hash + chars[i]; // String.hashCode of the name
    }
    int mask = words.length - 1;
    int length = end - start;
    for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
      String known = words[slot];
      if (known == null) {
        String word = text.substring(start, end);
        words[slot] = word;
        freshWord = true;
        if (++wordCount * 2 > words.length) {
          growWords();
        }
        return word;
      }
      if (known.length() == length && text.regionMatches(start, known, 0, length)) {
        freshWord = false;
        return known;
      }
    }
  }

  /** True when the last {@link #word} was the first use of its name in this text. */
  boolean freshWord() {
    return freshWord;
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  private void growWords() {
    String[] grown = new String[words.length * 2];
    int mask = grown.length - 1;
    for (String known : words) {
      if (known != null) {
        int slot = spread(known.hashCode()) & mask;
        while (grown[slot] != null) {
          slot = (slot + 1) & mask;
        }
        grown[slot] = known;
      }
    }
    words = grown;
  }

  /** The current punctuation character, or 0 when the token is not punctuation. */
  char punct() {
    return kind == PUNCT ? chars[start] : 0;
  }

  /** True when the current token is the identifier or keyword {@code word}. */
  boolean is(String word) {
    return kind == IDENT && end - start == word.length() && text.startsWith(word, start);
  }

  /** The current identifier's first character. */
  char first() {
    return chars[start];
  }

  /** True when an unterminated comment or literal ran into the end of the file. */
  boolean damaged() {
    return damaged;
  }

  private void skipBlockComment() {
    while (pos < length) {
      char c = chars[pos];
      if (c == '*' && pos + 1 < length && chars[pos + 1] == '/') {
        pos += 2;
        return;
      }
      countLine(c);
      pos++;
    }
    damaged = true;
  }

  private void skipString() {
    if (text.startsWith("\"\"\"", pos)) {
      pos += 3;
      while (pos < length) {
        char c = chars[pos];
        if (c == '\\') {
          pos += 2;
          continue;
        }
        if (c == '"' && text.startsWith("\"\"\"", pos)) {
          pos += 3;
          return;
        }
        countLine(c);
        pos++;
      }
      damaged = true;
      return;
    }
    pos++;
    while (pos < length) {
      char c = chars[pos];
      if (c == '\\') {
        pos += 2;
      } else if (c == '"') {
        pos++;
        return;
      } else if (c == '\n' || c == '\r') {
        damaged = true; // a string literal cannot span lines
        return;
      } else {
        pos++;
      }
    }
    damaged = true;
  }

  private void skipChar() {
    pos++;
    while (pos < length) {
      char c = chars[pos];
      if (c == '\\') {
        pos += 2;
      } else if (c == '\'') {
        pos++;
        return;
      } else if (c == '\n' || c == '\r') {
        damaged = true;
        return;
      } else {
        pos++;
      }
    }
    damaged = true;
  }

  private void skipNumber() {
    pos++;
    while (pos < length) {
      char c = chars[pos];
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
        pos++;
      } else if ((c == '+' || c == '-') && "eEpP".indexOf(chars[pos - 1]) >= 0 && !isHex(pos)) {
        pos++;
      } else {
        return;
      }
    }
  }

  /** True when the number that {@code at} is inside starts with {@code 0x}. */
  private boolean isHex(int at) {
    int i = at - 1;
    while (i > 0 && (Character.isLetterOrDigit(chars[i - 1]) || chars[i - 1] == '_')) {
      i--;
    }
    return i + 1 < length && chars[i] == '0' && (chars[i + 1] | 0x20) == 'x';
  }

  private void countLine(char c) {
    if (c == '\n') {
      line++;
    } else if (c == '\r') {
      if (pos + 1 >= length || chars[pos + 1] != '\n') {
        line++;
      }
    }
  }
}
