package dev.threadlint.rules;

import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Location;
import dev.threadlint.findings.Severity;

/**
 * The two diagnostics that are not rules (DESIGN §3): a file that cannot be parsed and a rule that
 * failed on a file. Neither is ever silent, suppressed or baselined.
 */
public final class Diagnostics {
  private Diagnostics() {}

  public static final RuleMetadata PARSE_ERROR =
      RuleMetadata.of(
          "parse-error",
          Family.DIAGNOSTIC,
          Severity.ERROR,
          "File could not be parsed",
          "threadlint could not read this file as Java, so it was not analysed. Check the"
              + " --encoding and --language-level options, or exclude the file.");

  public static final RuleMetadata INTERNAL_ERROR =
      RuleMetadata.of(
          "internal-error",
          Family.DIAGNOSTIC,
          Severity.ERROR,
          "A rule failed on a file",
          "A rule threw an exception on this file; the other rules and files were analysed."
              + " Please report it with the file, if you can share it.");

  public static Finding parseError(Location location, String message) {
    return Finding.of(PARSE_ERROR.id(), PARSE_ERROR.severity(), location, "", message);
  }

  public static Finding internalError(Location location, String what, Throwable failure) {
    String detail = failure.getClass().getSimpleName();
    if (failure.getMessage() != null) {
      detail += ": " + failure.getMessage().lines().findFirst().orElse("");
    }
    StackTraceElement[] trace = failure.getStackTrace();
    if (trace.length > 0) {
      detail += " at " + trace[0];
    }
    return Finding.of(
        INTERNAL_ERROR.id(), INTERNAL_ERROR.severity(), location, "", what + " failed: " + detail);
  }

  public static boolean isDiagnostic(String ruleId) {
    return ruleId.equals(PARSE_ERROR.id()) || ruleId.equals(INTERNAL_ERROR.id());
  }
}
