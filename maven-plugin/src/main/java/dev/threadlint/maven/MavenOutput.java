package dev.threadlint.maven;

import dev.threadlint.AnalysisResult;
import dev.threadlint.CheckResult;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Findings and summaries in the form Maven users read: {@code /abs/File.java:[line,col] [id]
 * message}.
 */
final class MavenOutput {
  private MavenOutput() {}

  /** A finding as Maven users read it: {@code /abs/File.java:[line,col] [id] message}. */
  static String line(Path baseDir, Finding finding) {
    return baseDir.resolve(finding.location().path()).toAbsolutePath().normalize()
        + ":["
        + finding.location().startLine()
        + ","
        + finding.location().startColumn()
        + "] ["
        + finding.ruleId()
        + "] "
        + finding.message();
  }

  static String summary(CheckResult checked) {
    AnalysisResult result = checked.counted();
    Map<Severity, Long> counts = result.countBySeverity();
    return String.format(
        "threadlint: %d files, %d lines, %d findings (%d errors, %d warnings, %d infos), %d in the"
            + " baseline,%s %d suppressed, %d ms",
        result.files(),
        result.lines(),
        result.findings().size(),
        counts.get(Severity.ERROR),
        counts.get(Severity.WARNING),
        counts.get(Severity.INFO),
        checked.absorbed(),
        checked.newSince().isPresent()
            ? " " + checked.existing().size() + " existing before the new-since ref,"
            : "",
        result.suppressed(),
        result.elapsedMillis());
  }

  /** The one paragraph a failed build ends with. */
  static String failure(
      AnalysisResult result, Severity threshold, List<Path> reports, boolean newSince) {
    List<Finding> failing =
        result.findings().stream().filter(f -> f.severity().isAtLeast(threshold)).toList();
    Map<Severity, Long> bySeverity =
        failing.stream()
            .collect(Collectors.groupingBy(Finding::severity, TreeMap::new, Collectors.counting()));
    Map<String, Long> byRule =
        failing.stream()
            .collect(Collectors.groupingBy(Finding::ruleId, TreeMap::new, Collectors.counting()));
    String severities =
        bySeverity.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().label())
            .collect(Collectors.joining(", "));
    String rules =
        byRule.entrySet().stream()
            .map(e -> e.getKey() + " (" + e.getValue() + ")")
            .collect(Collectors.joining(", "));
    return "threadlint found "
        + failing.size()
        + " finding(s) at or above "
        + threshold.label()
        + " that are not in the baseline"
        + (newSince ? " and are on lines changed since the new-since ref" : "")
        + ": "
        + severities
        + "; by rule: "
        + rules
        + ". Reports: "
        + reports.stream().map(Path::toString).collect(Collectors.joining(", "))
        + ". To accept the current findings run 'mvn threadlint:baseline'; to suppress one, use"
        + " @SuppressWarnings(\"threadlint:<rule-id>\") or a '// threadlint:ignore <rule-id>'"
        + " comment; to skip the check, set -Dthreadlint.skip=true.";
  }
}
