package dev.threadlint.protocol;

import java.util.function.Consumer;

/**
 * How one acquire or release changes a holding, and which events it shows. Pure functions; the
 * events are reported through a callback so that the dataflow can ignore them and the final replay
 * over the fixpoint can collect them.
 */
final class Transitions {
  /** Counts above this are "unknown": permits are compared only when they are small constants. */
  static final int MAX_COUNT = 8;

  private Transitions() {}

  /** An event before its sites are turned back into ops. */
  sealed interface EventSeed {
    record ReleaseAfterFailure(ResourceOp release, int failedSite, boolean fromTry)
        implements EventSeed {}

    record DoubleRelease(ResourceOp release, int firstSite) implements EventSeed {}

    record OverRelease(ResourceOp release, int acquireSite, int held) implements EventSeed {}
  }

  static PathState apply(PathState path, ResourceOp op, Consumer<EventSeed> events) {
    Holding before = path.holding(op.resource());
    Holding after =
        switch (op.kind()) {
          case ACQUIRE -> acquire(before, op);
          // a try-acquire whose result is not tested: assume it worked (the ignored result is
          // its own finding); one whose result goes elsewhere: stop following the resource
          case TRY_ACQUIRE -> isStatementCall(op) ? acquire(before, op) : Holding.UNTRACKED;
          case RELEASE -> release(before, op, events);
        };
    return path.with(op.resource(), after);
  }

  static Holding acquire(Holding before, ResourceOp op) {
    if (before instanceof Holding.Untracked) {
      return before;
    }
    if (before instanceof Holding.Held held) {
      int count =
          held.count() == ResourceOp.UNKNOWN || op.permits() == ResourceOp.UNKNOWN
              ? ResourceOp.UNKNOWN
              : held.count() + op.permits();
      if (count > MAX_COUNT) {
        count =
            ResourceOp.UNKNOWN; // a loop that keeps acquiring: "many", so the lattice stays small
      }
      return new Holding.Held(count, held.site(), held.partial());
    }
    return new Holding.Held(op.permits(), op.id(), false);
  }

  static Holding release(Holding before, ResourceOp op, Consumer<EventSeed> events) {
    if (before instanceof Holding.HandedOff handed) {
      // a second callback on the same stage (thenRun and exceptionally) runs instead, not as well
      if (!op.isHandOff()) {
        events.accept(new EventSeed.DoubleRelease(op, handed.site()));
      }
      return before;
    }
    if (op.isHandOff() && before instanceof Holding.Held held && held.count() != 0) {
      return new Holding.HandedOff(op.id());
    }
    if (before instanceof Holding.Held held) {
      if (held.count() == ResourceOp.UNKNOWN || op.permits() == ResourceOp.UNKNOWN) {
        return new Holding.Released(op.id());
      }
      int left = held.count() - op.permits();
      if (left > 0) {
        return new Holding.Held(left, held.site(), true);
      }
      if (left < 0) {
        events.accept(new EventSeed.OverRelease(op, held.site(), held.count()));
      }
      return new Holding.Released(op.id());
    }
    if (before instanceof Holding.Failed failed) {
      events.accept(new EventSeed.ReleaseAfterFailure(op, failed.site(), failed.fromTry()));
      return new Holding.Released(op.id());
    }
    if (before instanceof Holding.Released released) {
      events.accept(new EventSeed.DoubleRelease(op, released.site()));
      return before;
    }
    return before; // None: nothing known, perhaps a hand-off; Untracked: not followed
  }

  private static boolean isStatementCall(ResourceOp op) {
    return op.call()
        .getParentNode()
        .filter(p -> p instanceof com.github.javaparser.ast.stmt.ExpressionStmt)
        .isPresent();
  }
}
