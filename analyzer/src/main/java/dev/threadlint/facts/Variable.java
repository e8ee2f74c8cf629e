package dev.threadlint.facts;

import com.github.javaparser.ast.Node;
import java.util.Objects;

/**
 * A named variable as declared: a local, a parameter or a field, with its declared type. Two uses
 * refer to the same variable when they resolve to the same {@code declaration} node.
 *
 * @param name the variable's name
 * @param kind local, parameter or field
 * @param declaration the declarator or parameter node; identity of the variable
 * @param type the declared type ({@code var} takes its initializer's type where that is a {@code
 *     new} expression); {@link TypeRef#UNKNOWN} otherwise
 * @param isFinal declared {@code final} (or a record component)
 * @param isStatic a static field
 * @param isVolatile a volatile field
 */
public record Variable(
    String name,
    Kind kind,
    Node declaration,
    TypeRef type,
    boolean isFinal,
    boolean isStatic,
    boolean isVolatile) {

  /** Where the variable lives. */
  public enum Kind {
    LOCAL,
    PARAMETER,
    FIELD
  }

  public Variable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(declaration, "declaration");
    Objects.requireNonNull(type, "type");
  }

  public boolean isField() {
    return kind == Kind.FIELD;
  }

  /** Identity is the declaring node, not structural equality of the AST. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Variable v && v.declaration == declaration && v.name.equals(name);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(declaration) * 31 + name.hashCode();
  }
}
