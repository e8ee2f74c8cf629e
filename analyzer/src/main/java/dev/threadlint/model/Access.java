package dev.threadlint.model;

import java.io.Serializable;
import java.util.Objects;
import java.util.Set;

/**
 * One read or write of a field path, with the locks held there.
 *
 * @param field the field path
 * @param kind how it is touched
 * @param locks the locks held at the access (in the body; callers' locks are added by composition)
 * @param receiver whose field it is: {@code THIS}, {@code STATIC} or {@code OWNED}
 * @param setUp written before the object or its workers are shared: in a constructor, in set-up
 *     before a thread start or hand-off, in {@code onSubscribe} before the first request
 * @param polled read in the condition of a loop (a run loop polling a flag)
 * @param site where
 */
public record Access(
    FieldPath field,
    Kind kind,
    Set<LockId> locks,
    Receiver receiver,
    boolean setUp,
    boolean polled,
    Site site)
    implements Serializable {

  /** How an access touches the field. */
  public enum Kind {
    READ,
    WRITE,
    /** A read-modify-write: {@code f++}, {@code f += n}, {@code f = f + 1}. */
    UPDATE,
    /** A call that reads a non-thread-safe container or builder held in the field. */
    CONTAINER_READ,
    /** A call that changes a non-thread-safe container or builder held in the field. */
    CONTAINER_WRITE
  }

  public Access {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(kind, "kind");
    locks = Set.copyOf(locks);
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(site, "site");
  }

  public boolean isWrite() {
    return kind == Kind.WRITE || kind == Kind.UPDATE || kind == Kind.CONTAINER_WRITE;
  }

  /** The same access with more locks held (a caller's). */
  public Access withLocks(Set<LockId> more) {
    if (locks.containsAll(more)) {
      return this;
    }
    java.util.Set<LockId> all = new java.util.HashSet<>(locks);
    all.addAll(more);
    return new Access(field, kind, all, receiver, setUp, polled, site);
  }

  /** True when some lock held here excludes some lock held by the other access. */
  public boolean sharesLockWith(Access other) {
    for (LockId mine : locks) {
      for (LockId theirs : other.locks) {
        if (mine.excludes(theirs)) {
          return true;
        }
      }
    }
    return false;
  }
}
