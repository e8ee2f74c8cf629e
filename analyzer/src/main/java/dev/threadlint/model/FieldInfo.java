package dev.threadlint.model;

import dev.threadlint.facts.Names;
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
 * @param comparedWithNull the class compares it with {@code null}: for a lock, an optional one
 *     (absent when an instance is confined, so unlocked paths are by design)
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
    boolean comparedWithNull,
    Site site)
    implements Serializable {
  public FieldInfo {
    Objects.requireNonNull(name, "name");
    name = Names.shared(name); // one copy per name (Names)
    typeCandidates = Names.shared(typeCandidates);
    guardedBy = Set.copyOf(guardedBy);
    Objects.requireNonNull(site, "site");
  }

  /**
   * Safe to share whatever the access: final and not a container, or volatile. (A non-final field
   * of a thread-safe type still races on the reference itself.)
   */
  public boolean isSafe() {
    return (isFinal && !container) || isVolatile;
  }
}
