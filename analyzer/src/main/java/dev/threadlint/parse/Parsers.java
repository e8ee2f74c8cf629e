package dev.threadlint.parse;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.Processor;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.validator.postprocessors.Java10PostProcessor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
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

  /**
   * A parser that skips JavaParser's language-level validation but keeps its post-processing
   * ({@code var} becomes a {@code VarType} from Java 10 on). Validation re-walks the whole tree
   * with dozens of checks of what javac rejects anyway (modifier combinations, reserved names,
   * features newer than the level); on real code it takes as long as a third of the parse and never
   * changes the tree. A construct it would reject is read as written instead of becoming a parse
   * error. Falls back to a validating parser if this JavaParser is laid out differently.
   */
  public static JavaParser newFastParser(LanguageLevel level) {
    return newFastParser(level, true);
  }

  /**
   * The same; with {@code varTypes} false not even the post-processing, which walks the whole tree
   * in search of {@code var}: for a text where {@link #mayUseVar} is false.
   */
  public static JavaParser newFastParser(LanguageLevel level, boolean varTypes) {
    return newFastParser(level, varTypes, true);
  }

  /**
   * The same; with {@code attributeComments} false the comments are not attached to the nodes they
   * precede (they stay in the parse result's comment collection) and the tree holds no comment
   * nodes. Attaching them walks every comment against the tree and only the {@code noinspection}
   * suppressions need to know which node a comment precedes. Neither kind of parser detects the
   * text's original line separator, which costs a map update per character and which nothing reads.
   */
  public static JavaParser newFastParser(
      LanguageLevel level, boolean varTypes, boolean attributeComments) {
    return newFastParser(level, varTypes, attributeComments, false);
  }

  /**
   * The same; with {@code unicodeEscapes} the text's Unicode escapes are translated before it is
   * read, as the compiler does (positions still point into the text as written). Only for a text
   * where {@link #hasUnicodeEscapes} is true: the translation wraps every character read.
   */
  public static JavaParser newFastParser(
      LanguageLevel level, boolean varTypes, boolean attributeComments, boolean unicodeEscapes) {
    ParserConfiguration configuration =
        new ParserConfiguration()
            .setLanguageLevel(level)
            .setAttributeComments(attributeComments)
            .setPreprocessUnicodeEscapes(unicodeEscapes)
            .setDetectOriginalLineSeparator(false);
    List<Supplier<Processor>> processors = configuration.getProcessors();
    for (int i = 0; i < processors.size(); i++) {
      if (processors.get(i).get().getClass().getName().equals(LEVEL_PROCESSOR)) {
        processors.set(i, varTypes ? PostProcessing::new : Processor::new);
        return new JavaParser(configuration);
      }
    }
    return new JavaParser(configuration);
  }

  /**
   * False when the text cannot declare a {@code var} local: the word {@code var} followed by white
   * space appears nowhere (comments and strings included, which only errs on the safe side).
   */
  public static boolean mayUseVar(String text) {
    int at = text.indexOf("var");
    while (at >= 0) {
      boolean startsWord = at == 0 || !Character.isJavaIdentifierPart(text.charAt(at - 1));
      boolean endsWord = at + 3 < text.length() && Character.isWhitespace(text.charAt(at + 3));
      if (startsWord && endsWord) {
        return true;
      }
      at = text.indexOf("var", at + 3);
    }
    return false;
  }

  /** True when the text holds a Unicode escape, which the compiler translates before reading. */
  public static boolean hasUnicodeEscapes(String text) {
    return UnicodeEscapes.present(text);
  }

  /** JavaParser's processor that post-processes and then validates for the language level. */
  private static final String LEVEL_PROCESSOR = ParserConfiguration.class.getName() + "$2";

  /** The level's post-processing without its validation. */
  private static final class PostProcessing extends Processor {
    private static final Java10PostProcessor JAVA_10 = new Java10PostProcessor();

    @Override
    public void postProcess(ParseResult<? extends Node> result, ParserConfiguration configuration) {
      LanguageLevel level = configuration.getLanguageLevel();
      if (level != null && javaVersion(level) >= 10) {
        JAVA_10.postProcess(result, configuration);
      }
    }
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

  /** 8 for {@code JAVA_1_8}, 21 for {@code JAVA_21} and {@code JAVA_21_PREVIEW}. */
  static int javaVersion(LanguageLevel level) {
    Matcher m = VERSION.matcher(level.name());
    if (!m.lookingAt()) {
      return -1;
    }
    int major = Integer.parseInt(m.group(1));
    return major == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : major;
  }

  private static final Pattern VERSION = Pattern.compile("JAVA_(\\d+)(?:_(\\d+))?");

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
