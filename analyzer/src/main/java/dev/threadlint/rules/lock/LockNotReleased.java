package dev.threadlint.rules.lock;

import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.protocol.BodyProtocol;
import dev.threadlint.protocol.ProtocolEvent;
import dev.threadlint.protocol.Resource;
import dev.threadlint.protocol.ResourceOp;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import dev.threadlint.rules.semaphore.ProtocolRule;
import dev.threadlint.rules.semaphore.ProtocolRules;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code lock()} in a method that unlocks on some paths but not all: the unlock is not in a {@code
 * finally}, or an early exit skips it. The lock stays held and every other thread that needs it
 * blocks forever.
 */
public final class LockNotReleased implements ProtocolRule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "lock-not-released",
              Family.LOCK,
              Severity.WARNING,
              "Lock acquired but not released on every path",
              "A Lock is not released automatically the way a synchronized block is: every path"
                  + " out of the code that called lock() must call unlock(). An exception or an"
                  + " early return between lock() and an unguarded unlock() leaves the lock held,"
                  + " and every other thread that needs it waits forever. Use lock(); try { ... }"
                  + " finally { unlock(); }.")
          .equivalent(Tool.SPOTBUGS, "UL_UNRELEASED_LOCK", "UL_UNRELEASED_LOCK_EXCEPTION_PATH")
          .fix(
              "Use lock.lock(); try { ... } finally { lock.unlock(); } so every path, exceptions included, unlocks.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkBodies(
      FileContext file, List<BodyProtocol> bodies, boolean crossFile, FindingSink sink) {
    for (BodyProtocol body : bodies) {
      Set<ResourceOp> reported = new HashSet<>();
      for (ProtocolEvent event : ProtocolRules.events(body, crossFile)) {
        if (event instanceof ProtocolEvent.Leak leak
            && leak.resource().type() == Resource.Type.LOCK
            && ProtocolRules.isOwnLeak(body, leak)
            && reported.add(leak.acquire())) {
          String name = leak.resource().describe();
          String message =
              leak.exceptional()
                  ? String.format(
                      "'%s'%s is not unlocked if an exception is thrown before the unlock; call"
                          + " unlock() in a finally block right after locking",
                      name, ProtocolRules.via(leak.acquire()))
                  : String.format(
                      "'%s'%s is not unlocked on every path (%s); call unlock() in a finally"
                          + " block",
                      name,
                      ProtocolRules.via(leak.acquire()),
                      ProtocolRules.skippingPath(leak, "unlock"));
          sink.report(
              finding(file, leak.acquire().call(), message), List.of(leak.resource().condition()));
        }
      }
    }
  }
}
