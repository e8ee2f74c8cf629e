package dev.threadlint.rules.semaphore;

import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.protocol.BodyProtocol;
import dev.threadlint.protocol.ProtocolEvent;
import dev.threadlint.protocol.Resource;
import dev.threadlint.protocol.ResourceOp;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.RuleMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code acquire(n)} and {@code release(m)} with different constant counts on one path: fewer
 * released than taken leaks permits, more released raises the limit.
 */
public final class SemaphorePermitMismatch implements ProtocolRule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "semaphore-permit-mismatch",
              Family.SEMAPHORE,
              Severity.WARNING,
              "Permits acquired and released in different numbers",
              "acquire(n) takes n permits and release() gives back one. When the counts differ on a"
                  + " path, each run either loses permits (until every caller blocks) or creates new"
                  + " ones (until the semaphore limits nothing). Release exactly what was acquired,"
                  + " e.g. release(n) in the finally after acquire(n).")
          .fix(
              "Release exactly what was acquired: acquire(n) then release(n) in the finally block.");

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
        if (event.resource().type() != Resource.Type.SEMAPHORE) {
          continue;
        }
        if (event instanceof ProtocolEvent.OverRelease over && reported.add(over.release())) {
          sink.report(
              finding(
                      file,
                      over.release().call(),
                      String.format(
                          "'%s' gives back %d permits but only %d were taken by '%s' (line %d)",
                          over.release().text(),
                          over.release().permits(),
                          over.held(),
                          over.acquire().text(),
                          ProtocolRules.line(over.acquire())))
                  .withRelated(List.of(file.location(over.acquire().call(), "permits taken here"))),
              List.of(over.resource().condition()));
        } else if (event instanceof ProtocolEvent.Leak leak
            && ProtocolRules.isCountMismatch(leak)
            && ProtocolRules.isOwnLeak(body, leak)
            && reported.add(leak.acquire())) {
          sink.report(
              finding(
                  file,
                  leak.acquire().call(),
                  String.format(
                      "'%s' takes %d permits but fewer are given back on some path; release the"
                          + " same number that was acquired",
                      leak.acquire().text(), leak.acquire().permits())),
              List.of(leak.resource().condition()));
        }
      }
    }
  }
}
