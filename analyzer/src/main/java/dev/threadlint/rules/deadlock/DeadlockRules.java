package dev.threadlint.rules.deadlock;

import dev.threadlint.rules.Rule;
import java.util.List;

/** The rules of the {@code deadlock} family, in report order. */
public final class DeadlockRules {
  private DeadlockRules() {}

  public static final List<Rule> ALL = List.of(new LockOrderInversion(), new ClassInitDeadlock());
}
