package dev.threadlint.facts;

import java.util.Objects;

/**
 * A condition a file-local finding depends on: {@code type} must be {@code supertype} or a subtype
 * of it. Checked once the project-wide type index is complete, so that {@code class Pool extends
 * Semaphore} declared in another file still counts as a semaphore.
 */
public record TypeCondition(TypeRef type, String supertype) implements java.io.Serializable {
  public TypeCondition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(supertype, "supertype");
  }
}
