package dev.threadlint.rules.semaphore;

import dev.threadlint.facts.Dominance;
import dev.threadlint.protocol.BodyProtocol;
import dev.threadlint.protocol.CrossFileProtocol;
import dev.threadlint.protocol.ProtocolEvent;
import dev.threadlint.protocol.Resource;
import dev.threadlint.protocol.ResourceOp;

/** Shared judgement of the semaphore and lock rules over {@link BodyProtocol} events. */
public final class ProtocolRules {
  private ProtocolRules() {}

  /**
   * A leak is reported only where the body is clearly meant to balance the resource itself: it
   * releases it somewhere, and never hands it to other code (a callback, another object, the
   * caller). A method that only acquires is a hand-off (borrow(), a lock() wrapper).
   */
  public static boolean isOwnLeak(BodyProtocol body, ProtocolEvent.Leak leak) {
    Resource resource = leak.resource();
    if (!body.isSolved()
        || !body.releases(resource)
        || body.mayHandOff(resource)
        || body.entersHolding(resource)) {
      return false;
    }
    if (leak.exceptional() && releasesInFinally(body, resource)) {
      // the finally idiom is there; what is left are exceptions from calls inside the finally
      return false;
    }
    // boolean enter()/tryLock()-style methods return holding the resource when they say so
    return leak.exceptional() || !returnsBooleanHoldingField(body, resource);
  }

  private static boolean releasesInFinally(BodyProtocol body, Resource resource) {
    return body.ops().stream()
        .filter(op -> op.resource().equals(resource) && op.kind() == ResourceOp.Kind.RELEASE)
        .anyMatch(op -> Dominance.isInFinally(op.call()));
  }

  private static boolean returnsBooleanHoldingField(BodyProtocol body, Resource resource) {
    return resource.variable().isField()
        && body.owner() instanceof com.github.javaparser.ast.body.MethodDeclaration method
        && method.getType().asString().equals("boolean");
  }

  /**
   * A leak caused by releasing fewer permits than one {@code acquire(n)} took, as opposed to a path
   * that skips the release (which may leave several single permits held in a loop).
   */
  public static boolean isCountMismatch(ProtocolEvent.Leak leak) {
    return leak.partial() && leak.acquire().permits() > 1;
  }

  /**
   * For messages: what a call of a summarised helper does, {@code " (`canEnqueueRequest()` takes a
   * permit of 'semaphore' when it returns true)"}; empty for the resource's own methods.
   */
  public static String via(ResourceOp op) {
    return op.viaHelper() ? " (" + op.helper().describe() + ")" : "";
  }

  /**
   * For messages: which paths skip the release. A body that hands the resource on when it succeeds
   * is reported for a failure return; other bodies for an early exit.
   */
  public static String skippingPath(ProtocolEvent.Leak leak, String release) {
    return leak.failureReturn() > 0
        ? String.format(
            "the failure return at line %d leaves without the %s the method's other failure"
                + " paths do",
            leak.failureReturn(), release)
        : String.format("an early return, break or continue skips the %s", release);
  }

  /**
   * The events a phase reports: in the file phase those of the file alone; in the project phase
   * only those that involve a call of a helper in another file (the rest were reported already).
   */
  public static java.util.List<ProtocolEvent> events(BodyProtocol body, boolean crossFile) {
    return crossFile
        ? body.events().stream().filter(CrossFileProtocol::involvesOtherFile).toList()
        : body.events();
  }

  /** The operations a phase reports on, as {@link #events}. */
  public static java.util.List<ResourceOp> ops(BodyProtocol body, boolean crossFile) {
    return crossFile
        ? body.ops().stream().filter(CrossFileProtocol::isOtherFile).toList()
        : body.ops();
  }

  /** Line of an operation, for messages. */
  public static int line(dev.threadlint.protocol.ResourceOp op) {
    return op.call().getBegin().map(p -> p.line).orElse(0);
  }
}
