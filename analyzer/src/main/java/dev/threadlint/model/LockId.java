package dev.threadlint.model;

import dev.threadlint.facts.Names;
import java.io.Serializable;
import java.util.Objects;

/**
 * One lock, named the same way by every rule: the monitor of {@code this} or of a class, a monitor
 * or {@code Lock} held in a field (static or of {@code this}), or a local alias that could not be
 * traced to a field. Read and write views of a {@code ReadWriteLock} or {@code StampedLock} are the
 * same lock with another {@link View}; two read views do not exclude each other.
 *
 * @param kind what the lock is reached through
 * @param owner the qualified name of the type whose {@code this}, class literal or field it is; for
 *     a local, the qualified name of the method that declares it
 * @param path the field (or local) name; {@code ""} for {@code this} and class monitors
 * @param type what sort of lock the object is
 * @param view which view of a read-write or stamped lock is held
 * @param root for a lock held in a field of another object ({@code synchronized (other.lock)},
 *     {@code other.lock.lock()}), the parameter or local that object is reached through, with
 *     {@code kind} {@link Kind#LOCAL}, {@code owner} the method and {@code path} the field; {@code
 *     ""} for every other lock
 */
public record LockId(Kind kind, String owner, String path, Type type, View view, String root)
    implements Serializable {

  /** What a lock is reached through. */
  public enum Kind {
    THIS,
    CLASS,
    FIELD,
    STATIC_FIELD,
    LOCAL
  }

  /** What sort of object the lock is. */
  public enum Type {
    MONITOR,
    LOCK,
    READ_WRITE_LOCK,
    STAMPED_LOCK,
    SEMAPHORE
  }

  /** The view of a read-write or stamped lock; {@code NONE} for every other lock. */
  public enum View {
    NONE,
    READ,
    WRITE
  }

  public LockId {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(root, "root");
    owner = Names.shared(owner); // one copy per name (Names)
  }

  /** A lock that is not reached through another object's field. */
  public LockId(Kind kind, String owner, String path, Type type, View view) {
    this(kind, owner, path, type, view, "");
  }

  /**
   * A lock held in field {@code field} of the object a parameter or local of {@code method} names:
   * {@code synchronized (other.lock)}. Like a local, it names nothing outside that method.
   */
  public static LockId localField(String method, String variable, String field, Type type) {
    return new LockId(Kind.LOCAL, method, field, type, View.NONE, variable);
  }

  /** True when it is a field of the object a parameter or local names ({@link #localField}). */
  public boolean isLocalField() {
    return !root.isEmpty();
  }

  /** The monitor of {@code this} in a method of {@code owner}. */
  public static LockId thisMonitor(String owner) {
    return new LockId(Kind.THIS, owner, "", Type.MONITOR, View.NONE);
  }

  /** The monitor of {@code owner.class}. */
  public static LockId classMonitor(String owner) {
    return new LockId(Kind.CLASS, owner, "", Type.MONITOR, View.NONE);
  }

  /** A lock object in a field of {@code owner}. */
  public static LockId field(String owner, String name, boolean isStatic, Type type) {
    return new LockId(isStatic ? Kind.STATIC_FIELD : Kind.FIELD, owner, name, type, View.NONE);
  }

  /** The same lock seen through a view. */
  public LockId withView(View newView) {
    return new LockId(kind, owner, path, type, newView, root);
  }

  /** The lock itself, whatever view is held. */
  public LockId base() {
    return view == View.NONE ? this : withView(View.NONE);
  }

  /**
   * True when its identity is the same wherever it is named in {@code owner}'s code: every kind but
   * a local, whose name means another object in another call.
   */
  public boolean isComparable() {
    return kind != Kind.LOCAL;
  }

  /**
   * True when a thread holding this lock keeps out a thread holding {@code other}: the same lock,
   * unless both hold a read view.
   */
  public boolean excludes(LockId other) {
    return isComparable() && sameObject(other) && !(view == View.READ && other.view == View.READ);
  }

  /**
   * True when {@code held} holds every one of {@code guards}, each in a view that allows the
   * access: a write needs the write view of a read-write lock, a read is covered by either view.
   */
  public static boolean holdsAll(
      java.util.Collection<LockId> held, java.util.Collection<LockId> guards, boolean write) {
    return guards.stream()
        .allMatch(
            guard ->
                held.stream()
                    .anyMatch(l -> l.sameObject(guard) && (l.view != View.READ || !write)));
  }

  /**
   * True when both name the same object, whatever view is held and whatever its type was taken to
   * be ({@code synchronized (lock)} and {@code lock.lock()} on a project type name one object).
   */
  public boolean sameObject(LockId other) {
    return kind == other.kind
        && owner.equals(other.owner)
        && path.equals(other.path)
        && root.equals(other.root);
  }

  /** The key under which uses of one object group: no view, one type. */
  public LockId identity() {
    return new LockId(kind, owner, path, Type.MONITOR, View.NONE, root);
  }

  /** How messages name it: {@code the monitor of 'this'}, {@code 'lock'}, {@code rw.readLock()}. */
  public String describe() {
    String simple = owner.substring(owner.lastIndexOf('.') + 1);
    return switch (kind) {
      case THIS -> "the monitor of 'this'";
      case CLASS -> "the monitor of " + simple + ".class";
      default -> {
        String named = root.isEmpty() ? path : root + "." + path;
        yield switch (view) {
          case NONE -> "'" + named + "'";
          case READ -> "'" + named + "' (read)";
          case WRITE -> "'" + named + "' (write)";
        };
      }
    };
  }

  /**
   * An order of locks that is the same in every run: the model's sets of locks iterate in an order
   * that changes from one JVM to the next, so a rule that names one of several picks it in this.
   */
  public static final java.util.Comparator<LockId> BY_NAME =
      java.util.Comparator.comparing(LockId::toString);

  @Override
  public String toString() {
    return kind
        + ":"
        + owner
        + (root.isEmpty() ? "" : "#" + root + ".")
        + (path.isEmpty() ? "" : (root.isEmpty() ? "#" : "") + path)
        + (view == View.NONE ? "" : "." + view);
  }

  /** Written out for the reason {@link Site#equals} gives, with the generated values. */
  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof LockId other
            && kind == other.kind
            && java.util.Objects.equals(owner, other.owner)
            && java.util.Objects.equals(path, other.path)
            && type == other.type
            && view == other.view
            && java.util.Objects.equals(root, other.root);
  }

  @Override
  public int hashCode() {
    int h = 0;
    h = 31 * h + java.util.Objects.hashCode(kind);
    h = 31 * h + java.util.Objects.hashCode(owner);
    h = 31 * h + java.util.Objects.hashCode(path);
    h = 31 * h + java.util.Objects.hashCode(type);
    h = 31 * h + java.util.Objects.hashCode(view);
    h = 31 * h + java.util.Objects.hashCode(root);
    return h;
  }
}
