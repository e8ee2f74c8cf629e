package dev.threadlint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadlint.cache.FactsCache;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Location;
import dev.threadlint.findings.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a run after an edit relies on ({@code ChangedFiles}, {@code PartAgain}): over the fixtures,
 * whose cross-file cases call, extend, lock and hand over across files, every connected part of the
 * files analysed alone gives exactly the whole run's findings in its files.
 */
class PartsCheckTest {
  private static final Path FIXTURES = Path.of("../test-fixtures/src/main/java");

  @Test
  void everyPartOfTheFixturesAloneGivesTheWholeRunsFindings() {
    String was = System.getProperty(PartsCheck.PROPERTY);
    System.setProperty(PartsCheck.PROPERTY, "fail");
    try {
      AnalysisResult result =
          Analyzer.run(
              AnalysisRequest.of(FIXTURES, List.of(FIXTURES))
                  .withThreads(2)
                  .withCache(FactsCache.NONE, true));
      assertThat(result.findings()).hasSizeGreaterThan(100); // the check ran, and did not throw
    } finally {
      if (was == null) {
        System.clearProperty(PartsCheck.PROPERTY);
      } else {
        System.setProperty(PartsCheck.PROPERTY, was);
      }
    }
  }

  @Test
  void aFindingMissingOrExtraInAPartCounts() {
    Finding inA = finding("A.java", 3);
    Finding inB = finding("B.java", 4);
    Finding outside = finding("C.java", 5);
    Set<String> part = Set.of("A.java", "B.java");
    assertThat(PartsCheck.compare("project", part, List.of(inA, inB, outside), List.of(inB, inA)))
        .isZero();
    assertThat(PartsCheck.compare("project", part, List.of(inA, inB), List.of(inA))).isOne();
    assertThat(PartsCheck.compare("project", part, List.of(inA), List.of(inA, inA, inB)))
        .isEqualTo(2);
  }

  private static Finding finding(String path, int line) {
    return new Finding(
        "data-race",
        Severity.WARNING,
        "a race",
        new Location(path, line, 1, line, 2, ""),
        List.of(),
        List.of(),
        "A.f",
        "");
  }
}
