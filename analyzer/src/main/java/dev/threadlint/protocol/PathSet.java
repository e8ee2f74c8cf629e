package dev.threadlint.protocol;

import java.util.HashSet;
import java.util.Set;

/**
 * The dataflow state: the distinct path states that reach a node (a bounded disjunction, so that
 * correlated branches such as {@code if (acquired) release()} stay apart). Past {@link #LIMIT}
 * paths the flags are forgotten; if that is not enough the state overflows and the body is not
 * judged at all.
 */
record PathSet(Set<PathState> paths, boolean overflow) {
  static final int LIMIT = 48;
  static final PathSet OVERFLOW = new PathSet(Set.of(), true);

  PathSet {
    paths = Set.copyOf(paths);
  }

  static PathSet of(Set<PathState> paths) {
    if (paths.size() <= LIMIT) {
      return new PathSet(paths, false);
    }
    Set<PathState> merged = new HashSet<>();
    paths.forEach(p -> merged.add(p.withoutFlags()));
    return merged.size() <= LIMIT ? new PathSet(merged, false) : OVERFLOW;
  }

  PathSet join(PathSet other) {
    if (overflow || other.overflow) {
      return OVERFLOW;
    }
    // most joins of a settling loop add nothing: the set that holds the other is the union
    if (paths.size() <= LIMIT && paths.containsAll(other.paths)) {
      return this;
    }
    if (other.paths.size() <= LIMIT && other.paths.containsAll(paths)) {
      return other;
    }
    Set<PathState> union = new HashSet<>(paths);
    union.addAll(other.paths);
    return of(union);
  }
}
