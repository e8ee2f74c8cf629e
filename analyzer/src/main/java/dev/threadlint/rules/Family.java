package dev.threadlint.rules;

import java.util.Locale;

/** The rule families of DESIGN §3; their lower-case names are usable wherever a rule id is. */
public enum Family {
  RACE,
  SEMAPHORE,
  LOCK,
  THREAD,
  DEADLOCK,
  /** Diagnostics that are not rules: {@code parse-error} and {@code internal-error}. */
  DIAGNOSTIC;

  /** The lower-case name used in options and SARIF tags. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
