package dev.threadlint;

import dev.threadlint.report.ReportTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole gate run, as the command line and the Maven goals ask for it: an analysis, the filters
 * that decide which findings count, and the reports to write.
 *
 * @param analysis what to analyse
 * @param baseline a baseline file whose entries do not count
 * @param baselineRequired whether a missing baseline file is an error (the command line's {@code
 *     --baseline}) or means "no baseline yet" (the plugin's default file)
 * @param newSince a git ref: only findings on lines changed since its merge base with HEAD count
 * @param reports where to write the findings that count
 */
public record CheckRequest(
    AnalysisRequest analysis,
    Optional<Path> baseline,
    boolean baselineRequired,
    Optional<String> newSince,
    List<ReportTarget> reports) {

  public CheckRequest {
    Objects.requireNonNull(analysis, "analysis");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(newSince, "newSince");
    newSince = newSince.filter(ref -> !ref.isBlank());
    reports = List.copyOf(reports);
  }

  /** Analysis only: no baseline, no new-since, no reports. */
  public static CheckRequest of(AnalysisRequest analysis) {
    return new CheckRequest(analysis, Optional.empty(), false, Optional.empty(), List.of());
  }

  public CheckRequest withBaseline(Path file, boolean required) {
    return new CheckRequest(analysis, Optional.ofNullable(file), required, newSince, reports);
  }

  public CheckRequest withNewSince(String ref) {
    return new CheckRequest(
        analysis, baseline, baselineRequired, Optional.ofNullable(ref), reports);
  }

  public CheckRequest withReports(List<ReportTarget> newReports) {
    return new CheckRequest(analysis, baseline, baselineRequired, newSince, newReports);
  }
}
