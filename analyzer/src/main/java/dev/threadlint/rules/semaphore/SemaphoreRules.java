package dev.threadlint.rules.semaphore;

import dev.threadlint.rules.Rule;
import java.util.List;

/** The rules of the {@code semaphore} family, in report order. */
public final class SemaphoreRules {
  private SemaphoreRules() {}

  public static final List<Rule> ALL =
      List.of(
          new SemaphoreNotReleased(),
          new SemaphoreReleaseWithoutAcquire(),
          new SemaphoreTryAcquireIgnored(),
          new SemaphorePermitMismatch(),
          new SemaphoreNeverReleased(),
          new SemaphoreNotAMutex());
}
