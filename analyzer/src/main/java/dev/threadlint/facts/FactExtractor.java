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
}
