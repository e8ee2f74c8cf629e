package dev.threadlint.rules.lock;

import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.protocol.BodyProtocol;
import dev.threadlint.protocol.ProtocolEvent;
import dev.threadlint.protocol.Resource;
import dev.threadlint.protocol.ResourceOp;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.semaphore.ProtocolRule;
import dev.threadlint.rules.semaphore.ProtocolRules;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code lock()} inside the try whose finally unlocks: when {@code lock()} (or {@code
 * lockInterruptibly()}) throws, the finally unlocks a lock this thread does not hold.
 */
public final class LockInsideTry implements ProtocolRule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "lock-inside-try",
              Family.LOCK,
              Severity.WARNING,
              "lock() called inside the try whose finally unlocks",
              "If lock() or lockInterruptibly() throws (an interrupt, an error in a custom Lock), the"
                  + " finally block calls unlock() on a lock the thread never got. That throws"
                  + " IllegalMonitorStateException, which replaces the original exception, or releases"
                  + " a hold another part of the code owns. Call lock() just before try.")
          .fix("Call lock() (or lockInterruptibly()) immediately before the try, not inside it.");

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
        // a helper that locks (setContext()) counts too: when it throws, before or while locking,
        // it has taken nothing (its summary says so), and the finally unlocks all the same
        if (event instanceof ProtocolEvent.ReleaseAfterFailure failure
            && !failure.fromTry()
            && failure.resource().type() == Resource.Type.LOCK
            // finally { lock.lock(); } takes back a lock let go of for a while (a downgrade, a
            // blocking call made without it): there is no earlier place to take it
            && !Dominance.isInFinally(failure.failed().call())
            && reported.add(failure.failed())) {
          sink.report(
              finding(
                      file,
                      failure.failed().call(),
                      String.format(
                          "'%s'%s is inside the try whose finally calls '%s': if it throws, the"
                              + " finally unlocks a lock this thread does not hold; call it"
                              + " before try",
                          failure.failed().text(),
                          ProtocolRules.via(failure.failed()),
                          failure.release().text()))
                  .withRelated(
                      List.of(file.location(failure.release().call(), "unlock runs here"))),
              List.of(failure.resource().condition()));
        }
      }
    }
  }
}
