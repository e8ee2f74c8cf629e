package dev.threadlint.rules.race;

import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.race.Access;
import dev.threadlint.race.FileRaces;
import dev.threadlint.race.Races;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A field guarded by a lock in most places and written without it in another: SpotBugs'
 * inconsistent synchronization. Reported at the unguarded write, with a guarded access as the
 * related location. Needs at least two guarded accesses sharing a lock, so one stray access does
 * not define a guard.
 */
public final class InconsistentLocking implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "inconsistent-locking",
              Family.RACE,
              Severity.WARNING,
              "Field guarded by a lock in some accesses but written without it",
              "When most accesses of a field hold a lock, the lock is clearly what guards it; a"
                  + " write without it races with every guarded access, and the guarded readers"
                  + " can see it half done or not at all.")
          .equivalent(Tool.SPOTBUGS, "IS2_INCONSISTENT_SYNC")
          .fix("Take the same lock around the unguarded write (or make the method synchronized).");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    FileRaces races = FileRaces.of(file);
    for (Map.Entry<Variable, List<Access>> entry : byField(races).entrySet()) {
      Variable field = entry.getKey();
      if (Races.isSafeField(field) || field.isVolatile() || hasGuardedBy(field)) {
        continue;
      }
      List<Access> locked = entry.getValue().stream().filter(a -> !a.locks().isEmpty()).toList();
      Set<String> guard = Races.commonLocks(locked);
      if (locked.size() < 2 || guard.isEmpty()) {
        continue;
      }
      entry.getValue().stream()
          .filter(a -> a.write() && a.locks().isEmpty() && !Races.isSetUp(a))
          .findFirst()
          .ifPresent(
              write ->
                  sink.report(
                      finding(
                              file,
                              write.node(),
                              String.format(
                                  "'%s' is written here without holding %s, which guards its"
                                      + " other %d accesses",
                                  field.name(), describe(guard), locked.size()))
                          .withRelated(List.of(file.location(locked.get(0).node(), "accessed under the lock here")))));
    }
  }

  private static Map<Variable, List<Access>> byField(FileRaces races) {
    Map<Variable, List<Access>> map = new java.util.LinkedHashMap<>();
    races.accesses().forEach(a -> map.computeIfAbsent(a.field(), f -> new java.util.ArrayList<>()).add(a));
    return map;
  }

  static boolean hasGuardedBy(Variable field) {
    return field.declaration().getParentNode()
        .filter(p -> p instanceof com.github.javaparser.ast.body.FieldDeclaration f
            && f.getAnnotations().stream().anyMatch(a -> a.getName().getIdentifier().equals("GuardedBy")))
        .isPresent();
  }

  static String describe(Set<String> locks) {
    String lock = locks.stream().sorted().findFirst().orElse("?");
    if (lock.equals("this")) {
      return "the monitor of 'this'";
    }
    int colon = lock.indexOf(':');
    return "'" + lock.substring(colon + 1) + "'";
  }
}
