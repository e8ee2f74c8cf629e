package dev.threadlint.rules.lock;

import dev.threadlint.rules.Rule;
import java.util.List;

/** The rules of the {@code lock} family, in report order. */
public final class LockRules {
  private LockRules() {}

  public static final List<Rule> ALL =
      List.of(
          new LockNotReleased(),
          new LockInsideTry(),
          new TryLockIgnored(),
          new MonitorNotHeld(),
          new WaitNotInLoop(),
          new BlockingUnderLock(),
          new SyncOnLockObject(),
          new NakedNotify(),
          new NotifyNotAll());
}
