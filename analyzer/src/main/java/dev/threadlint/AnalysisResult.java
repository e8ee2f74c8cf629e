package dev.threadlint;

import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Severity;
import dev.threadlint.rules.RuleMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run found.
 *
 * @param baseDir the directory finding paths are relative to
 * @param findings findings after suppressions, sorted by {@link Finding#ORDER}
 * @param rules the rules that ran
 * @param files source files analysed
 * @param lines their non-blank lines
 * @param parseErrors files that could not be parsed
 * @param suppressed findings removed by suppressions
 * @param elapsedMillis wall time of the analysis
 */
public record AnalysisResult(
    Path baseDir,
    List<Finding> findings,
    List<RuleMetadata> rules,
    int files,
    long lines,
    int parseErrors,
    int suppressed,
    long elapsedMillis) {

  public AnalysisResult {
    findings = List.copyOf(findings);
    rules = List.copyOf(rules);
  }

  /** The same result with other findings (after a baseline, say). */
  public AnalysisResult withFindings(List<Finding> newFindings) {
    return new AnalysisResult(
        baseDir, newFindings, rules, files, lines, parseErrors, suppressed, elapsedMillis);
  }

  /** Findings per severity, every severity present (zero where none). */
  public Map<Severity, Long> countBySeverity() {
    Map<Severity, Long> counts = new TreeMap<>();
    for (Severity s : Severity.values()) {
      counts.put(s, 0L);
    }
    findings.forEach(f -> counts.merge(f.severity(), 1L, Long::sum));
    return counts;
  }

  /** True when some finding is at or above the threshold. */
  public boolean hasFindingsAtLeast(Severity threshold) {
    return findings.stream().anyMatch(f -> f.severity().isAtLeast(threshold));
  }
}
