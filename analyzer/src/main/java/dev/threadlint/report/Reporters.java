package dev.threadlint.report;

import java.util.List;
import java.util.Optional;

/** The available report formats. */
public final class Reporters {
  private Reporters() {}

  public static final List<Reporter> ALL =
      List.of(
          new TextReporter(),
          new SarifReporter(),
          new HtmlReporter(),
          new CheckstyleReporter(),
          new CodeClimateReporter());

  public static Optional<Reporter> byFormat(String format) {
    return ALL.stream().filter(r -> r.format().equals(format)).findFirst();
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
    return ALL.stream().map(Reporter::format).toList();
  }
}
