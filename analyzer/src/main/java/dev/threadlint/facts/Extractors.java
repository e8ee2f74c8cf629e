package dev.threadlint.facts;

import java.util.List;

/** The registry of fact extractors for project-wide rules; one line per extractor. */
public final class Extractors {
  private Extractors() {}

  public static final List<FactExtractor> ALL = List.of();
}
