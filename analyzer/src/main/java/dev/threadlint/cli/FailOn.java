package dev.threadlint.cli;

import dev.threadlint.findings.Severity;
import java.util.Optional;

/** Parses {@code --fail-on}: a severity, or {@code none} to never fail on findings. */
final class FailOn {
  private FailOn() {}

  static Optional<Severity> parse(String text) {
    if (text.equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Severity.parse(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--fail-on: expected error, warning, info or none, got '" + text + "'");
    }
  }
}
