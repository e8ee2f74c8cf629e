package dev.threadlint.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The available report formats. A reporter is made when its format is asked for: the SARIF and Code
 * Climate writers set up Jackson and the HTML writer compiles its template, which a run that writes
 * text only would pay for at every start (some 50 ms of a run that finds nothing changed).
 */
public final class Reporters {
  private Reporters() {}

  private static final Map<String, Supplier<Reporter>> BY_FORMAT = byFormat();

  private static Map<String, Supplier<Reporter>> byFormat() {
    Map<String, Supplier<Reporter>> formats = new LinkedHashMap<>();
    formats.put("text", TextReporter::new);
    formats.put("sarif", SarifReporter::new);
    formats.put("html", HtmlReporter::new);
    formats.put("checkstyle", CheckstyleReporter::new);
    formats.put("codeclimate", CodeClimateReporter::new);
    return java.util.Collections.unmodifiableMap(formats);
  }

  public static Optional<Reporter> byFormat(String format) {
    return Optional.ofNullable(BY_FORMAT.get(format)).map(Supplier::get);
  }

  /**
   * The reporter of a format, or a message naming the parameter and the known formats.
   *
   * @throws IllegalArgumentException for an unknown format
   */
  public static Reporter require(String format, String parameter) {
    return byFormat(format)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    parameter
                        + ": unknown format '"
                        + format
                        + "' (known: "
                        + String.join(", ", formats())
                        + ")"));
  }

  /** The format names, for help and error messages. */
  public static List<String> formats() {
    return List.copyOf(BY_FORMAT.keySet());
  }
}
