package dev.threadlint.rules;

import dev.threadlint.rules.deadlock.DeadlockRules;
import dev.threadlint.rules.lock.LockRules;
import dev.threadlint.rules.race.RaceRules;
import dev.threadlint.rules.semaphore.SemaphoreRules;
import dev.threadlint.rules.thread.ThreadRules;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The registry: every rule, once. Each family keeps its own list ({@code RaceRules.ALL}...), so
 * adding a rule is one line in its family's list.
 */
public final class Rules {
  private Rules() {}

  /** Every rule, families in DESIGN §3 order. */
  public static final List<Rule> ALL =
      Stream.of(
              RaceRules.ALL, SemaphoreRules.ALL, LockRules.ALL, ThreadRules.ALL, DeadlockRules.ALL)
          .flatMap(List::stream)
          .toList();

  /** The rule with this id. */
  public static Optional<Rule> byId(String id) {
    return ALL.stream().filter(r -> r.metadata().id().equals(id)).findFirst();
  }
}
