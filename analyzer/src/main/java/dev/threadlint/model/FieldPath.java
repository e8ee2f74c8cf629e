package dev.threadlint.model;

import dev.threadlint.facts.Names;
import java.io.Serializable;
import java.util.Objects;

/**
 * A field reached from {@code this} or statically: {@code this.f}, {@code this.f.g}, {@code C.f}.
 *
 * @param owner the qualified name of the type that declares the first field
 * @param path the field names, dot-separated
 * @param isStatic a static field (shared by every instance)
 */
public record FieldPath(String owner, String path, boolean isStatic) implements Serializable {
  public FieldPath {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(path, "path");
    owner = Names.shared(owner); // kept by every access: one copy per name (Names)
    path = Names.shared(path);
  }

  /** The first field of the path. */
  public String field() {
    int dot = path.indexOf('.');
    return dot < 0 ? path : path.substring(0, dot);
  }

  @Override
  public String toString() {
    return (isStatic ? owner.substring(owner.lastIndexOf('.') + 1) : "this") + "." + path;
  }

  /** Written out for the reason {@link Site#equals} gives, with the generated values. */
  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof FieldPath other
            && java.util.Objects.equals(owner, other.owner)
            && java.util.Objects.equals(path, other.path)
            && isStatic == other.isStatic;
  }

  @Override
  public int hashCode() {
    int h = 0;
    h = 31 * h + java.util.Objects.hashCode(owner);
    h = 31 * h + java.util.Objects.hashCode(path);
    h = 31 * h + Boolean.hashCode(isStatic);
    return h;
  }
}
