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
 * A permit acquired in a method that releases it on some paths but not all: the release is not in a
 * {@code finally}, or an early return, break or continue skips it.
 */
public final class SemaphoreNotReleased implements ProtocolRule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "semaphore-not-released",
              Family.SEMAPHORE,
              Severity.WARNING,
              "Permit acquired but not released on every path",
              "A permit taken with acquire() must be given back on every way out of the code that"
                  + " took it, or the semaphore slowly runs dry and callers block forever. Release in"
                  + " a finally block that starts right after the acquire; an early return or an"
                  + " exception between acquire and an unguarded release() leaks the permit.")
          .fix(
              "Put the release in a finally block that starts right after the acquire: sem.acquire(); try { ... } finally { sem.release(); }.");

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
        if (event instanceof ProtocolEvent.CallbackLeak callback
            && callback.resource().type() == Resource.Type.SEMAPHORE) {
          sink.report(
              finding(
                      file,
                      callback.handOff().call(),
                      String.format(
                          "the permit of '%s' is handed to the callback of '%s', but %s",
                          callback.resource().describe(),
                          callback.handOff().call().getNameAsString(),
                          callback.why()))
                  .withRelated(
                      List.of(file.location(callback.handOff().callback(), "the callback"))),
              List.of(callback.resource().condition()));
          continue;
        }
        if (event instanceof ProtocolEvent.Leak leak
            && !ProtocolRules.isCountMismatch(leak)
            && leak.resource().type() == Resource.Type.SEMAPHORE
            && ProtocolRules.isOwnLeak(body, leak)
            && reported.add(leak.acquire())) {
          String name = leak.resource().describe();
          String message =
              leak.exceptional()
                  ? String.format(
                      "the permit taken by '%s'%s is not released if an exception is thrown"
                          + " before the release; release '%s' in a finally block",
                      leak.acquire().text(), ProtocolRules.via(leak.acquire()), name)
                  : String.format(
                      "the permit taken by '%s'%s is not released on every path (%s); release"
                          + " '%s' in a finally block",
                      leak.acquire().text(),
                      ProtocolRules.via(leak.acquire()),
                      ProtocolRules.skippingPath(leak, "release"),
                      name);
          sink.report(
              finding(file, leak.acquire().call(), message), List.of(leak.resource().condition()));
        }
      }
    }
  }
}
