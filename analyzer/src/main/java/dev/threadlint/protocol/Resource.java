package dev.threadlint.protocol;

import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.Variable;
import java.util.Objects;

/**
 * A semaphore or lock that a body acquires and releases, identified by the variable that holds it
 * (a local, a parameter, or a field of {@code this}) and, for read-write and stamped locks, the
 * view ({@code read} or {@code write}). Objects reached through other objects ({@code other.lock})
 * are not resources: threadlint cannot tell whether two such paths alias.
 *
 * @param variable the variable holding the semaphore, lock or read-write lock
 * @param view {@code ""}, {@code "read"} or {@code "write"}
 * @param type semaphore or lock
 * @param condition what the variable's type must be for this to be a resource at all
 * @param api {@code ""} for the JDK's types; the spec of the user-declared resource pair otherwise
 */
public record Resource(
    Variable variable, String view, Type type, TypeCondition condition, String api) {

  /** The protocol family: permits or mutual exclusion. */
  public enum Type {
    SEMAPHORE,
    LOCK
  }

  public Resource {
    Objects.requireNonNull(variable, "variable");
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(api, "api");
  }

  public Resource(Variable variable, String view, Type type, TypeCondition condition) {
    this(variable, view, type, condition, "");
  }

  /** True for a lock reached through a getter of a field ({@code service.getLock().readLock()}). */
  public boolean isChain() {
    return !isThroughHelper() && view.contains("().");
  }

  /** The getter of a {@link #isChain chain}: {@code getConfigLock}. */
  public String chainGetter() {
    return isChain() ? view.substring(0, view.indexOf("().")) : "";
  }

  /** True for a semaphore-like API declared with {@code --resource-pair}. */
  public boolean isDeclared() {
    return !api.isEmpty();
  }

  /** How messages name it: {@code permits}, {@code lock}, {@code rw.writeLock()}. */
  public String describe() {
    if (isThroughHelper()) {
      String field = view.substring("field:".length());
      return variable.name().equals("this") ? field : variable.name() + "." + field;
    }
    return view.isEmpty() ? variable.name() : variable.name() + "." + view + "Lock()";
  }

  /**
   * True for a field of another object that only helper methods of its class touch: {@code
   * pool.permits} through {@code pool.acquireSlot()} (the view holds {@code field:permits}).
   */
  public boolean isThroughHelper() {
    return view.startsWith("field:");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Resource r && r.variable.equals(variable) && r.view.equals(view);
  }

  @Override
  public int hashCode() {
    return variable.hashCode() * 31 + view.hashCode();
  }
}
