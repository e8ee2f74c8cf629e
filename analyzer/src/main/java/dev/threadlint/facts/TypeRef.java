package dev.threadlint.facts;

import java.util.List;
import java.util.Objects;

/**
 * A type as written in source, with the fully qualified names it may stand for, most likely first
 * (single-type import or a type of the same file; then same package, on-demand imports and {@code
 * java.lang}). Which candidate is meant is decided against the project's type index; when none is
 * known the type stays unknown.
 *
 * @param name the erased name as written ({@code Map.Entry}, {@code Semaphore})
 * @param candidates fully qualified names in Java's shadowing order; empty when unknown
 */
public record TypeRef(String name, List<String> candidates) implements java.io.Serializable {

  /** A type nobody wrote down (a lambda parameter, {@code var} from a method call, ...). */
  public static final TypeRef UNKNOWN = new TypeRef("?", List.of());

  public TypeRef {
    Objects.requireNonNull(name, "name");
    name = Names.shared(name); // one copy per name (Names)
    candidates = Names.shared(candidates);
  }

  /** A reference whose qualified name is certain. */
  public static TypeRef exact(String qualifiedName) {
    return new TypeRef(simpleNameOf(qualifiedName), List.of(qualifiedName));
  }

  public boolean isKnown() {
    return !candidates.isEmpty();
  }

  /** The last segment of the name as written. */
  public String simpleName() {
    return simpleNameOf(name);
  }

  /** True when some candidate is exactly {@code qualifiedName}. */
  public boolean mayBe(String qualifiedName) {
    return candidates.contains(qualifiedName);
  }

  private static String simpleNameOf(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
