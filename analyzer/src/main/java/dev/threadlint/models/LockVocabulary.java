package dev.threadlint.models;

import java.util.Set;

/**
 * What the lock, deadlock and atomicity rules know about the methods of monitors, locks, conditions
 * and atomics, by name. Data only; the rules decide what a call on which type means.
 */
public final class LockVocabulary {
  private LockVocabulary() {}

  /** {@code Object} methods that need the receiver's monitor held. */
  public static final Set<String> MONITOR_METHODS = Set.of("wait", "notify", "notifyAll");

  /** {@code Object} methods that wake waiters. */
  public static final Set<String> NOTIFIES = Set.of("notify", "notifyAll");

  /** {@code Condition} methods that wait. */
  public static final Set<String> CONDITION_WAITS =
      Set.of("await", "awaitNanos", "awaitUntil", "awaitUninterruptibly");

  /** Methods that wait for a wake-up: {@code Object.wait} and the {@code Condition} waits. */
  public static final Set<String> WAITS =
      Set.of("wait", "await", "awaitNanos", "awaitUntil", "awaitUninterruptibly");

  /** {@code Condition} methods that need the owning lock held: its waits and signals. */
  public static final Set<String> CONDITION_METHODS =
      Set.of("await", "awaitNanos", "awaitUntil", "awaitUninterruptibly", "signal", "signalAll");

  /** Calls that take a {@code Lock} and wait for it: {@code tryLock} does not wait. */
  public static final Set<String> LOCK_ACQUIRES = Set.of("lock", "lockInterruptibly");

  /** Calls that let go of a lock or monitor for a while (a helper that unlocks, waits, relocks). */
  public static final Set<String> RELEASES =
      Set.of("unlock", "unlockRead", "unlockWrite", "release", "wait");

  /** Asks whether a future is done: a {@code get()} after it may not wait at all. */
  public static final Set<String> DONE_QUERIES = Set.of("isDone");

  /** Queries of a lock about the current thread ({@code if (lock.isHeldByCurrentThread())}). */
  public static final Set<String> HOLD_QUERIES = Set.of("isHeldByCurrentThread", "getHoldCount");

  /**
   * Calls that win a right for one thread, so what follows them runs on one thread at a time: a
   * try-lock, a try-acquire, an atomic get-and-set, and the compare-and-set family ({@link
   * #isClaim}).
   */
  public static final Set<String> CLAIMS = Set.of("tryLock", "tryAcquire", "getAndSet", "tryClaim");

  /**
   * The prefixes of compare-and-set calls: {@code compareAndSet}, {@code compareAndSwapInt} of
   * {@code Unsafe}, {@code weakCompareAndSetPlain}, and project helpers named {@code casState}.
   */
  public static final Set<String> CLAIM_PREFIXES =
      Set.of("compareAndS", "weakCompareAndSet", "cas");

  /** True when a call of that name claims a right for one thread ({@link #CLAIMS}). */
  public static boolean isClaim(String name) {
    return CLAIMS.contains(name) || CLAIM_PREFIXES.stream().anyMatch(name::startsWith);
  }

  /**
   * Names of calls that may block, before their receiver's type is checked: {@code Thread.sleep},
   * {@code join}, {@code Future.get}, queue {@code take}/{@code put}, latch and barrier {@code
   * await}, semaphore {@code acquire}.
   */
  public static final Set<String> BLOCKING_NAMES =
      Set.of("sleep", "join", "get", "take", "put", "await", "acquire", "acquireUninterruptibly");
}
