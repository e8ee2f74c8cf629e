package dev.threadlint.filters;

import dev.threadlint.findings.Finding;
import dev.threadlint.rules.Diagnostics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits findings into new ones and those a baseline accepts. Each entry absorbs one finding, so a
 * second copy of an accepted problem on another line of the same member is still new.
 */
public final class BaselineFilter {
  private BaselineFilter() {}

  /**
   * The outcome.
   *
   * @param kept findings not in the baseline (and every diagnostic)
   * @param absorbed how many findings the baseline accepted
   * @param stale entries that matched nothing: fixed, and removable from the baseline
   */
  public record Result(List<Finding> kept, int absorbed, List<Baseline.Entry> stale) {
    public Result {
      kept = List.copyOf(kept);
      stale = List.copyOf(stale);
    }
  }

  public static Result apply(List<Finding> findings, Baseline baseline) {
    Map<List<String>, Deque<Baseline.Entry>> unused = new LinkedHashMap<>();
    for (Baseline.Entry entry : baseline.entries()) {
      unused
          .computeIfAbsent(
              List.of(entry.rule(), entry.file(), entry.fingerprint()), k -> new ArrayDeque<>())
          .add(entry);
    }
    List<Finding> kept = new ArrayList<>();
    int absorbed = 0;
    for (Finding finding : findings) {
      Deque<Baseline.Entry> candidates =
          Diagnostics.isDiagnostic(finding.ruleId())
              ? null
              : unused.get(
                  List.of(finding.ruleId(), finding.location().path(), finding.fingerprint()));
      if (candidates != null && !candidates.isEmpty()) {
        candidates.poll();
        absorbed++;
      } else {
        kept.add(finding);
      }
    }
    List<Baseline.Entry> stale = new ArrayList<>();
    unused.values().forEach(stale::addAll);
    return new Result(kept, absorbed, stale);
  }
}
