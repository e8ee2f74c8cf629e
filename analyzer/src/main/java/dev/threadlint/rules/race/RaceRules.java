package dev.threadlint.rules.race;

import dev.threadlint.rules.Rule;
import java.util.List;

/** The rules of the {@code race} family, in report order. */
public final class RaceRules {
  private RaceRules() {}

  public static final List<Rule> ALL =
      List.of(
          new DataRace(),
          new InconsistentLocking(),
          new GuardedByViolation(),
          new NonAtomicVolatileUpdate(),
          new CheckThenAct(),
          new DoubleCheckedLocking(),
          new UnsafeLazyInit(),
          new SharedNonThreadSafeStatic(),
          new SyncOnMutableField(),
          new SyncOnSharedConstant(),
          new WriteUnderReadLock(),
          new UnsynchronizedOverride(),
          new StaticWriteFromInstance());
}
