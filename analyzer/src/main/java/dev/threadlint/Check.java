package dev.threadlint;

import dev.threadlint.filters.Baseline;
import dev.threadlint.filters.BaselineFilter;
import dev.threadlint.filters.ChangedLines;
import dev.threadlint.filters.GitChanges;
import dev.threadlint.filters.NewSinceFilter;
import dev.threadlint.findings.Finding;
import dev.threadlint.io.AtomicFiles;
import dev.threadlint.report.ReportTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gate: analyse, keep the findings that count (baseline, then new-since), write the reports.
 * The command line and every Maven goal call this, so they filter and report the same way; they
 * only decide how to print and when to fail.
 */
public final class Check {
  private Check() {}

  /**
   * Runs a gate.
   *
   * @throws IllegalArgumentException for bad configuration: an unreadable baseline, a missing git
   *     repository or an unknown ref, an unknown rule; nothing is written then
   * @throws IOException when a report cannot be written
   * @throws AnalysisAbortedException when the analysis was interrupted or failed
   */
  public static CheckResult run(CheckRequest request) throws IOException {
    Optional<Baseline> accepted = readBaseline(request);
    Optional<ChangedLines> changes = changes(request);
    AnalysisResult analysed = Analyzer.run(request.analysis());
    List<Finding> findings = analysed.findings();

    Optional<BaselineFilter.Result> baselined =
        accepted.map(b -> BaselineFilter.apply(findings, b));
    List<Finding> afterBaseline = baselined.map(BaselineFilter.Result::kept).orElse(findings);
    Optional<NewSinceFilter.Result> fresh =
        changes.map(c -> NewSinceFilter.apply(afterBaseline, analysed.baseDir(), c));
    List<Finding> counted = fresh.map(NewSinceFilter.Result::kept).orElse(afterBaseline);

    AnalysisResult reported = analysed.withFindings(counted);
    List<Path> written = new ArrayList<>();
    for (ReportTarget target : request.reports()) {
      if (target.file().isPresent()) {
        Path file = target.file().get();
        AtomicFiles.write(file, out -> target.reporter().write(reported, out));
        written.add(file);
      } else {
        target.reporter().write(reported, target.stream());
        target.stream().flush();
      }
    }
    return new CheckResult(reported, baselined, fresh, written);
  }

  /** Analyses and writes every finding (diagnostics aside) as the baseline file. */
  public static Baseline writeBaseline(AnalysisRequest request, Path file) throws IOException {
    Baseline baseline = Baseline.of(Analyzer.run(request).findings());
    baseline.write(file);
    return baseline;
  }

  private static Optional<Baseline> readBaseline(CheckRequest request) {
    if (request.baseline().isEmpty()) {
      return Optional.empty();
    }
    Path file = request.baseline().get();
    if (!request.baselineRequired() && !Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Baseline.read(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("baseline: " + file + " not found", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("baseline: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the changes of the repository that holds the first source root, before analysing, so a
   * bad ref fails in a second, not after the analysis.
   */
  private static Optional<ChangedLines> changes(CheckRequest request) {
    if (request.newSince().isEmpty()) {
      return Optional.empty();
    }
    Path root = request.analysis().roots().get(0).toAbsolutePath();
    if (!Files.exists(root)) {
      throw new IllegalArgumentException("source root not found: " + root);
    }
    Path where = Files.isDirectory(root) ? root : root.getParent();
    try {
      return Optional.of(new GitChanges().since(where, request.newSince().get()));
    } catch (GitChanges.GitException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
