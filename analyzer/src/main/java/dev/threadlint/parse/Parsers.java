package dev.threadlint.parse;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates JavaParser instances, one per worker task (JavaParser is not thread-safe), at the
 * configured language level. JavaParser's own default is Java 11, so the newest released level it
 * knows is chosen unless told otherwise.
 */
public final class Parsers {
  private static final Pattern RELEASE = Pattern.compile("JAVA_(\\d+)(?:_(\\d+))?");

  private Parsers() {}

  /** A new parser for one task. */
  public static JavaParser newParser(LanguageLevel level) {
    ParserConfiguration configuration =
        new ParserConfiguration().setLanguageLevel(level).setAttributeComments(true);
    return new JavaParser(configuration);
  }

  /** The newest released (not preview, not bleeding-edge) level this JavaParser supports. */
  public static LanguageLevel newest() {
    return Arrays.stream(LanguageLevel.values())
        .filter(level -> RELEASE.matcher(level.name()).matches())
        .max(Comparator.comparingInt(Parsers::releaseNumber))
        .orElse(LanguageLevel.CURRENT);
  }

  /**
   * The level for an option value: {@code 17}, {@code 21}, {@code JAVA_21}, {@code 1.8} or {@code
   * newest}.
   */
  public static Optional<LanguageLevel> parseLevel(String text) {
    String normalised = text.trim().toUpperCase(Locale.ROOT);
    if (normalised.equals("NEWEST") || normalised.isEmpty()) {
      return Optional.of(newest());
    }
    if (!normalised.startsWith("JAVA_")) {
      normalised = "JAVA_" + normalised.replace('.', '_');
    }
    for (LanguageLevel level : LanguageLevel.values()) {
      if (level.name().equals(normalised)) {
        return Optional.of(level);
      }
    }
    return Optional.empty();
  }

  private static int releaseNumber(LanguageLevel level) {
    Matcher m = RELEASE.matcher(level.name());
    if (!m.matches()) {
      return -1;
    }
    int major = Integer.parseInt(m.group(1));
    return major == 1 ? Integer.parseInt(m.group(2)) : major * 100;
  }

  /**
   * The Java release a language level names when the user chose one ({@code 21}, {@code JAVA_21},
   * {@code 1.8}); empty for {@code newest}, which says nothing about the target.
   */
  public static java.util.OptionalInt explicitRelease(String text) {
    String normalised = text.trim().toUpperCase(Locale.ROOT);
    if (normalised.equals("NEWEST") || normalised.isEmpty()) {
      return java.util.OptionalInt.empty();
    }
    Optional<LanguageLevel> level = parseLevel(text);
    if (level.isEmpty()) {
      return java.util.OptionalInt.empty();
    }
    int number = releaseNumber(level.get());
    if (number < 0) {
      return java.util.OptionalInt.empty();
    }
    return java.util.OptionalInt.of(number >= 100 ? number / 100 : number);
  }
}
