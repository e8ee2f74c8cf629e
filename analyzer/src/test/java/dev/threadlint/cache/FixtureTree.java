package dev.threadlint.cache;

import dev.threadlint.AnalysisRequest;
import dev.threadlint.Analyzer;
import dev.threadlint.findings.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A copy of the fixture sources to edit, and the findings of a run over a tree. */
final class FixtureTree {
  private static final Path FIXTURES = Path.of("../test-fixtures/src/main/java");

  private FixtureTree() {}

  /** Copies every fixture file below {@code src}. */
  static void copyTo(Path src) throws IOException {
    try (Stream<Path> files = Files.walk(FIXTURES)) {
      for (Path from : files.filter(Files::isRegularFile).toList()) {
        Path to = src.resolve(FIXTURES.relativize(from).toString());
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
      }
    }
  }

  /** The findings of a two-thread run over {@code src} with that cache, as text. */
  static List<String> findings(Path src, FactsCache cache) {
    return Analyzer.run(AnalysisRequest.of(src, List.of(src)).withThreads(2).withCache(cache, true))
        .findings()
        .stream()
        .map(Finding::toString)
        .toList();
  }
}
