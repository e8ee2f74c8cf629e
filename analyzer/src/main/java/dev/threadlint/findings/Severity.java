package dev.threadlint.findings;

import java.util.Locale;

/** How sure and how bad: the order matters, {@link #ERROR} is the most severe. */
public enum Severity {
  INFO,
  WARNING,
  ERROR;

  /** The lower-case name used on the command line, in text output and in SARIF levels. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when this severity is at least as severe as {@code threshold}. */
  public boolean isAtLeast(Severity threshold) {
    return compareTo(threshold) >= 0;
  }

  /** Parses {@code error}, {@code warning} or {@code info}, in any case. */
  public static Severity parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
