package dev.threadlint.protocol;

import dev.threadlint.facts.Variable;
import java.util.HashMap;
import java.util.Map;

/**
 * One path's knowledge: the holding of each resource (absent means {@link Holding#NONE}) and the
 * values of boolean locals assigned constants or try-acquire results, so that {@code if (acquired)
 * release()} after {@code acquired = true} is followed per path.
 */
record PathState(
    Map<Resource, Holding> holdings, Map<Variable, Boolean> flags, Pending pending, Exit exit) {
  static final PathState EMPTY = new PathState(Map.of(), Map.of(), Pending.NONE, Exit.NONE);

  /**
   * How the path leaves the body once a {@code return} is taken: which return, and whether it is a
   * failure return (it reports an error: the block creates an exception, or it is in a catch) or
   * the main one (the last statement of the body). {@link #NONE} until a return; falling off the
   * end of the body is a main exit too.
   */
  record Exit(int line, boolean failure, boolean main) {
    static final Exit NONE = new Exit(0, false, true);
  }

  /** The exception a path is propagating, as far as the analysis can tell. */
  enum Pending {
    /** Not propagating an exception. */
    NONE,
    /** An InterruptedException from an interruptible acquire. */
    INTERRUPTED,
    /** Anything else. */
    ANY
  }

  PathState {
    holdings = Map.copyOf(holdings);
    flags = Map.copyOf(flags);
  }

  PathState(Map<Resource, Holding> holdings, Map<Variable, Boolean> flags, Pending pending) {
    this(holdings, flags, pending, Exit.NONE);
  }

  PathState(Map<Resource, Holding> holdings, Map<Variable, Boolean> flags) {
    this(holdings, flags, Pending.NONE);
  }

  PathState pending(Pending exception) {
    return exception == pending ? this : new PathState(holdings, flags, exception, exit);
  }

  PathState exit(Exit way) {
    return way.equals(exit) ? this : new PathState(holdings, flags, pending, way);
  }

  Holding holding(Resource resource) {
    return holdings.getOrDefault(resource, Holding.NONE);
  }

  PathState with(Resource resource, Holding holding) {
    Map<Resource, Holding> next = new HashMap<>(holdings);
    if (holding instanceof Holding.None) {
      next.remove(resource);
    } else {
      next.put(resource, holding);
    }
    return new PathState(next, flags, pending, exit);
  }

  PathState withFlag(Variable flag, Boolean value) {
    Map<Variable, Boolean> next = new HashMap<>(flags);
    if (value == null) {
      next.remove(flag);
    } else {
      next.put(flag, value);
    }
    return new PathState(holdings, next, pending, exit);
  }

  PathState withoutFlags() {
    return flags.isEmpty() ? this : new PathState(holdings, Map.of(), pending, exit);
  }
}
