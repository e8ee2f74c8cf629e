package dev.threadlint.facts;

import java.util.List;
import java.util.Objects;

/**
 * A type declared in the analysed sources, for the project-wide type index.
 *
 * @param qualifiedName package, outer types and name, dot-separated
 * @param kind class, interface, enum, record or annotation
 * @param supertypes the extended and implemented types as written
 * @param path relative path of the declaring file
 * @param line line of the declaration
 */
public record TypeDecl(
    String qualifiedName, Kind kind, List<TypeRef> supertypes, String path, int line)
    implements java.io.Serializable {

  /** What sort of type declaration this is. */
  public enum Kind {
    CLASS,
    INTERFACE,
    ENUM,
    RECORD,
    ANNOTATION
  }

  public TypeDecl {
    Objects.requireNonNull(qualifiedName, "qualifiedName");
    Objects.requireNonNull(kind, "kind");
    supertypes = List.copyOf(supertypes);
    Objects.requireNonNull(path, "path");
    qualifiedName = Names.shared(qualifiedName); // one copy per name (Names)
  }
}
