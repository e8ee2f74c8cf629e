package dev.threadlint;

import dev.threadlint.filters.BaselineFilter;
import dev.threadlint.filters.NewSinceFilter;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Severity;
import dev.threadlint.report.TextReporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a gate run decided.
 *
 * @param counted the analysis with only the findings that count (not in the baseline, new since the
 *     ref); this is what the reports show
 * @param baseline what the baseline absorbed and which of its entries are stale, when one was read
 * @param newSince which findings are new and which existing, when {@code newSince} was given
 * @param reports the report files written
 */
public record CheckResult(
    AnalysisResult counted,
    Optional<BaselineFilter.Result> baseline,
    Optional<NewSinceFilter.Result> newSince,
    List<Path> reports) {

  public CheckResult {
    Objects.requireNonNull(counted, "counted");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(newSince, "newSince");
    reports = List.copyOf(reports);
  }

  /** The findings that count. */
  public List<Finding> findings() {
    return counted.findings();
  }

  /** True when a finding that counts is at or above the threshold (never for an empty one). */
  public boolean fails(Optional<Severity> threshold) {
    return threshold.map(counted::hasFindingsAtLeast).orElse(false);
  }

  /** Findings the baseline accepted. */
  public int absorbed() {
    return baseline.map(BaselineFilter.Result::absorbed).orElse(0);
  }

  /** True when baseline entries matched nothing: the baseline can be rewritten smaller. */
  public boolean hasStaleBaselineEntries() {
    return baseline.map(b -> !b.stale().isEmpty()).orElse(false);
  }

  /** Findings on lines not changed since the ref: listed, not counted. */
  public List<Finding> existing() {
    return newSince.map(NewSinceFilter.Result::existing).orElse(List.of());
  }

  /**
   * What the user should read besides the findings: the baseline's absorbed and stale entries, the
   * findings that existed before the ref. One line each, in the order printed by both the command
   * line and the plugin.
   */
  public List<String> notes() {
    List<String> notes = new ArrayList<>();
    baseline.ifPresent(
        b -> {
          notes.add(
              "baseline absorbed "
                  + b.absorbed()
                  + " findings; "
                  + b.stale().size()
                  + " entries no longer match and can be removed");
          b.stale().forEach(entry -> notes.add("  no longer found: " + entry.describe()));
        });
    newSince.ifPresent(
        n -> {
          notes.add(
              "new since "
                  + n.changes().ref()
                  + " (merge base "
                  + abbreviate(n.changes().mergeBase())
                  + ", "
                  + n.changes().fileCount()
                  + " changed files): "
                  + n.kept().size()
                  + " new findings count, "
                  + n.existing().size()
                  + " existing findings on unchanged lines do not");
          n.existing().forEach(f -> notes.add("  existing: " + TextReporter.line(f)));
        });
    return notes;
  }

  private static String abbreviate(String commit) {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }
}
