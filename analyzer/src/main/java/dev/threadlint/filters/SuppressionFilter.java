package dev.threadlint.filters;

import dev.threadlint.facts.FileFacts;
import dev.threadlint.facts.Suppression;
import dev.threadlint.facts.Suppressions;
import dev.threadlint.findings.Finding;
import dev.threadlint.rules.Diagnostics;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drops findings covered by a suppression in their file (DESIGN §4). A SpotBugs bug code in
 * {@code @SuppressFBWarnings} suppresses the rules that list it as an equivalent. Diagnostics are
 * never suppressed.
 */
public final class SuppressionFilter {
  private SuppressionFilter() {}

  /**
   * The kept findings and how many were suppressed.
   *
   * @param suppressedIn per relative path, how many of its findings were suppressed (only paths
   *     with some)
   */
  public record Result(List<Finding> kept, int suppressed, Map<String, Integer> suppressedIn) {}

  public static Result apply(List<Finding> findings, List<FileFacts> files, List<Rule> rules) {
    Map<String, List<Suppression>> byPath = new HashMap<>();
    for (FileFacts file : files) {
      byPath.put(file.file().relativePath(), file.suppressions());
    }
    Map<String, RuleMetadata> metadata = new HashMap<>();
    rules.forEach(r -> metadata.put(r.metadata().id(), r.metadata()));
    List<Finding> kept = new ArrayList<>();
    int suppressed = 0;
    Map<String, Integer> suppressedIn = new HashMap<>();
    for (Finding finding : findings) {
      if (!Diagnostics.isDiagnostic(finding.ruleId())
          && isSuppressed(
              finding,
              byPath.getOrDefault(finding.location().path(), List.of()),
              metadata.get(finding.ruleId()))) {
        suppressed++;
        suppressedIn.merge(finding.location().path(), 1, Integer::sum);
      } else {
        kept.add(finding);
      }
    }
    return new Result(kept, suppressed, Map.copyOf(suppressedIn));
  }

  private static boolean isSuppressed(
      Finding finding, List<Suppression> suppressions, RuleMetadata rule) {
    String family = rule == null ? "" : rule.family().label();
    int line = finding.location().startLine();
    for (Suppression suppression : suppressions) {
      if (suppression.covers(finding.ruleId(), family, line)) {
        return true;
      }
      if (rule != null && line >= suppression.startLine() && line <= suppression.endLine()) {
        for (String code : rule.equivalents().getOrDefault(Tool.SPOTBUGS, List.of())) {
          if (suppression.ids().contains(Suppressions.SPOTBUGS_PREFIX + code)) {
            return true;
          }
        }
        for (Tool tool : List.of(Tool.ERROR_PRONE, Tool.INTELLIJ, Tool.ECLIPSE)) {
          for (String check : rule.equivalents().getOrDefault(tool, List.of())) {
            if (suppression.ids().contains(Suppressions.WARNINGS_PREFIX + check)) {
              return true;
            }
          }
        }
        // SonarJava's keys as its users write them: @SuppressWarnings("java:S2142")
        for (String key : rule.equivalents().getOrDefault(Tool.SONARJAVA, List.of())) {
          if (suppression.ids().contains(Suppressions.WARNINGS_PREFIX + "java:" + key)
              || suppression.ids().contains(Suppressions.WARNINGS_PREFIX + "squid:" + key)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
