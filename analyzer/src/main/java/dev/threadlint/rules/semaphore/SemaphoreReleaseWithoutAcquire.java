package dev.threadlint.rules.semaphore;

import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.protocol.BodyProtocol;
import dev.threadlint.protocol.ProtocolEvent;
import dev.threadlint.protocol.Resource;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.RuleMetadata;
import java.util.List;

/**
 * A release that runs on a path where no permit was taken: the acquire threw inside the try whose
 * finally releases, a try-acquire failed, or the permit was already released. Each one adds a
 * permit nobody took, silently raising the semaphore's limit.
 */
public final class SemaphoreReleaseWithoutAcquire implements ProtocolRule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "semaphore-release-without-acquire",
              Family.SEMAPHORE,
              Severity.ERROR,
              "Permit released on a path where none was acquired",
              "Semaphore.release() does not check that the caller holds a permit: it always adds one."
                  + " Releasing after a failed tryAcquire, in a finally that also runs when acquire()"
                  + " threw, or twice, raises the number of permits for good, so the semaphore no"
                  + " longer limits what it was meant to limit. Acquire before the try, and release"
                  + " only on the paths where the acquire succeeded.")
          .fix(
              "Acquire before the try whose finally releases; release after tryAcquire only inside the branch where it returned true.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkBodies(
      FileContext file, List<BodyProtocol> bodies, boolean crossFile, FindingSink sink) {
    for (BodyProtocol body : bodies) {
      for (ProtocolEvent event : ProtocolRules.events(body, crossFile)) {
        if (event.resource().type() != Resource.Type.SEMAPHORE) {
          continue;
        }
        if (event instanceof ProtocolEvent.ReleaseAfterFailure failure) {
          String name = failure.resource().describe();
          String message =
              failure.fromTry()
                  ? String.format(
                      "'%s'%s runs on the path where '%s'%s (line %d) got no permit, adding a"
                          + " permit nobody took; release only when the try-acquire succeeded",
                      failure.release().text(),
                      ProtocolRules.via(failure.release()),
                      failure.failed().text(),
                      ProtocolRules.via(failure.failed()),
                      ProtocolRules.line(failure.failed()))
                  : String.format(
                      "'%s'%s also runs when '%s'%s (line %d) throws, adding a permit nobody"
                          + " took; acquire '%s' before the try block",
                      failure.release().text(),
                      ProtocolRules.via(failure.release()),
                      failure.failed().text(),
                      ProtocolRules.via(failure.failed()),
                      ProtocolRules.line(failure.failed()),
                      name);
          sink.report(
              finding(file, failure.release().call(), message)
                  .withRelated(
                      List.of(
                          file.location(
                              failure.failed().call(), "the acquire that did not happen"))),
              List.of(failure.resource().condition()));
        } else if (event instanceof ProtocolEvent.DoubleRelease twice
            && twice.first().isHandOff()) {
          sink.report(
              finding(
                      file,
                      twice.release().call(),
                      String.format(
                          "'%s' releases a permit already handed at line %d to the callback of"
                              + " '%s', which releases it too: the semaphore gains a permit"
                              + " nobody took",
                          twice.release().text(),
                          ProtocolRules.line(twice.first()),
                          twice.first().call().getNameAsString()))
                  .withRelated(
                      List.of(
                          file.location(
                              twice.first().callback(), "the callback that releases it"))),
              List.of(twice.resource().condition()));
        } else if (event instanceof ProtocolEvent.DoubleRelease twice) {
          sink.report(
              finding(
                      file,
                      twice.release().call(),
                      String.format(
                          "'%s'%s releases a permit that was already released at line %d",
                          twice.release().text(),
                          ProtocolRules.via(twice.release()),
                          ProtocolRules.line(twice.first())))
                  .withRelated(List.of(file.location(twice.first().call(), "first release"))),
              List.of(twice.resource().condition()));
        }
      }
    }
  }
}
