package dev.threadlint.model;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A field as declared.
 *
 * @param name its name
 * @param typeCandidates qualified names its declared type may stand for
 * @param isFinal final (or a record component)
 * @param isVolatile volatile
 * @param isStatic static
 * @param safeType its type is safe to share (atomic, concurrent, immutable value, lock)
 * @param container it holds a non-thread-safe collection or builder (and is not initialised with a
 *     synchronized or concurrent one)
 * @param guardedBy the locks named by {@code @GuardedBy} on it
 * @param site the declaration
 */
public record FieldInfo(
    String name,
    List<String> typeCandidates,
    boolean isFinal,
    boolean isVolatile,
    boolean isStatic,
    boolean safeType,
    boolean container,
    Set<LockId> guardedBy,
    Site site)
    implements Serializable {
  public FieldInfo {
    Objects.requireNonNull(name, "name");
    typeCandidates = List.copyOf(typeCandidates);
    guardedBy = Set.copyOf(guardedBy);
    Objects.requireNonNull(site, "site");
  }

  /** Safe to share whatever the access: final and not a container, volatile, or a safe type. */
  public boolean isSafe() {
    return (isFinal && !container) || isVolatile || safeType;
  }
}
