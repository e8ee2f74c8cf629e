package dev.threadlint.facts;

import java.util.function.Consumer;

/**
 * Walks one parsed file and emits the facts a family of project-wide rules needs. Stateless and
 * shared by every worker thread.
 */
public interface FactExtractor {
  /** A short name for diagnostics ({@code internal-error} messages). */
  String name();

  /** Emits this extractor's facts of one file. */
  void extract(FileContext file, Consumer<Fact> out);

  /**
   * True when the extractor finds nothing in a file whose code has no concurrency word (no lock, no
   * thread, no {@code synchronized}...): then files the pre-scan finds without one need not be
   * parsed for it. False, the safe default, for extractors that summarise every method (a call
   * graph needs the callees that hold no lock too).
   */
  default boolean onlyConcurrentFiles() {
    return false;
  }
}
