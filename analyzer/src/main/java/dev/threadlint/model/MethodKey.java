package dev.threadlint.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * A method of a project type, as the call graph names it: owner, name and number of parameters
 * (overloads with the same arity share a key; their summaries are merged). Lambdas and anonymous
 * task bodies get a synthetic name, {@code lambda$<line>$<column>}.
 *
 * @param owner the declaring type's qualified name
 * @param name the method name; {@code <init>} for constructors and initializers
 * @param arity the number of parameters
 */
public record MethodKey(String owner, String name, int arity) implements Serializable {
  public MethodKey {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
  }

  /** True for the body of a lambda or an anonymous class's method. */
  public boolean isSynthetic() {
    return name.startsWith("lambda$");
  }

  @Override
  public String toString() {
    return owner.substring(owner.lastIndexOf('.') + 1) + "." + name + "/" + arity;
  }

  /** Written out for the reason {@link Site#equals} gives, with the generated values. */
  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof MethodKey other
            && java.util.Objects.equals(owner, other.owner)
            && java.util.Objects.equals(name, other.name)
            && arity == other.arity;
  }

  @Override
  public int hashCode() {
    int h = 0;
    h = 31 * h + java.util.Objects.hashCode(owner);
    h = 31 * h + java.util.Objects.hashCode(name);
    h = 31 * h + arity;
    return h;
  }
}
