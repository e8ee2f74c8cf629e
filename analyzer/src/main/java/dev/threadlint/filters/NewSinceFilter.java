package dev.threadlint.filters;

import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Location;
import dev.threadlint.rules.Diagnostics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Splits findings into new ones — on a line changed since the merge base, or with a related
 * location or flow step on one (the other side of a race, the other order of a lock cycle) — and
 * existing ones. Diagnostics always count: a file that cannot be parsed is never quietly old.
 */
public final class NewSinceFilter {
  private NewSinceFilter() {}

  /**
   * The outcome.
   *
   * @param kept new findings (and every diagnostic)
   * @param existing findings that touch no changed line
   * @param changes what they were compared against
   */
  public record Result(List<Finding> kept, List<Finding> existing, ChangedLines changes) {
    public Result {
      kept = List.copyOf(kept);
      existing = List.copyOf(existing);
    }
  }

  public static Result apply(List<Finding> findings, Path baseDir, ChangedLines changes) {
    Path base = realPath(baseDir);
    List<Finding> kept = new ArrayList<>();
    List<Finding> existing = new ArrayList<>();
    for (Finding finding : findings) {
      if (Diagnostics.isDiagnostic(finding.ruleId()) || isNew(finding, base, changes)) {
        kept.add(finding);
      } else {
        existing.add(finding);
      }
    }
    return new Result(kept, existing, changes);
  }

  private static boolean isNew(Finding finding, Path base, ChangedLines changes) {
    return Stream.of(List.of(finding.location()), finding.related(), finding.flow())
        .flatMap(List::stream)
        .anyMatch(location -> touches(location, base, changes));
  }

  private static boolean touches(Location location, Path base, ChangedLines changes) {
    Path file = base.resolve(location.path()).normalize();
    return changes.touches(file, location.startLine(), location.endLine());
  }

  /** Git reports real paths; a base directory reached through a symlink must match them. */
  private static Path realPath(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      return dir.toAbsolutePath().normalize();
    }
  }
}
