package dev.threadlint.facts;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import dev.threadlint.models.JdkTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns type names written in one file into {@link TypeRef}s, from the file's package, its imports
 * (single-type and on-demand) and the types it declares. No classpath is consulted: which candidate
 * is real is decided later against the project's type index.
 */
public final class TypeResolver {
  private final String packageName;
  private final Map<String, String> singleImports = new HashMap<>();
  private final List<String> onDemandPackages = new ArrayList<>();
  private final Map<String, String> declaredInFile = new HashMap<>();

  public TypeResolver(CompilationUnit unit) {
    this(unit, unit.findAll(TypeDeclaration.class));
  }

  /**
   * The same, with the unit's type declarations already found ({@code unit.findAll}, in its order),
   * so that the tree is not walked once more.
   */
  @SuppressWarnings("rawtypes")
  public TypeResolver(CompilationUnit unit, List<TypeDeclaration> declared) {
    packageName = unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
    for (ImportDeclaration imp : unit.getImports()) {
      if (imp.isStatic()) {
        continue;
      }
      String name = imp.getNameAsString();
      if (imp.isAsterisk()) {
        onDemandPackages.add(name);
      } else {
        singleImports.put(name.substring(name.lastIndexOf('.') + 1), name);
      }
    }
    for (TypeDeclaration<?> type : declared) {
      Optional<String> fqn = type.getFullyQualifiedName();
      fqn.ifPresent(name -> declaredInFile.putIfAbsent(type.getNameAsString(), name));
    }
  }

  /**
   * A resolver from what a lexical scan found (the pre-scan's declarations of a file that is not
   * parsed): the same resolution as for a parsed file with this package, these imports and these
   * declared types.
   *
   * @param singleImports simple name to qualified name, non-static single-type imports
   * @param onDemandPackages packages (or types) imported with {@code .*}, non-static
   * @param declaredInFile simple name to qualified name of the types the file declares, first wins
   */
  public TypeResolver(
      String packageName,
      Map<String, String> singleImports,
      List<String> onDemandPackages,
      Map<String, String> declaredInFile) {
    this.packageName = packageName;
    this.singleImports.putAll(singleImports);
    this.onDemandPackages.addAll(onDemandPackages);
    this.declaredInFile.putAll(declaredInFile);
  }

  public String packageName() {
    return packageName;
  }

  /** The reference for a type node; primitives, arrays, {@code var} and unions are unknown. */
  public TypeRef resolve(Type type) {
    if (type instanceof ClassOrInterfaceType classType) {
      return resolve(classType.getNameWithScope());
    }
    if (type instanceof ArrayType) {
      return TypeRef.UNKNOWN;
    }
    return TypeRef.UNKNOWN;
  }

  /**
   * What {@link #resolve(String)} answered for each name, so that a file's facts share one
   * reference (and its candidate names) per type name instead of a new one per use. A resolver
   * belongs to one file on one thread.
   */
  private final Map<String, TypeRef> resolved = new HashMap<>();

  /** The reference for an erased type name as written, simple or dotted. */
  public TypeRef resolve(String written) {
    TypeRef known = resolved.get(written);
    if (known == null) {
      known = resolveAnew(written);
      resolved.put(written, known);
    }
    return known;
  }

  private TypeRef resolveAnew(String written) {
    int dot = written.indexOf('.');
    if (dot > 0) {
      String first = written.substring(0, dot);
      String rest = written.substring(dot);
      LinkedHashSet<String> candidates = new LinkedHashSet<>();
      if (Character.isUpperCase(first.charAt(0))) {
        for (String outer : simpleCandidates(first)) {
          candidates.add(outer + rest);
        }
      }
      candidates.add(written);
      return new TypeRef(written, List.copyOf(candidates));
    }
    return new TypeRef(written, simpleCandidates(written));
  }

  /** The qualified name of a type declared in this file, by simple name. */
  public Optional<String> declaredType(String simpleName) {
    return Optional.ofNullable(declaredInFile.get(simpleName));
  }

  /** The reference to the type that declares {@code node} (its nearest enclosing type). */
  public TypeRef enclosingType(Node node) {
    Optional<TypeDeclaration> type = node.findAncestor(TypeDeclaration.class);
    if (type.isEmpty()) {
      return TypeRef.UNKNOWN;
    }
    Optional<String> name = type.get().getFullyQualifiedName();
    return name.map(TypeRef::exact).orElse(TypeRef.UNKNOWN);
  }

  private List<String> simpleCandidates(String simple) {
    String declared = declaredInFile.get(simple);
    if (declared != null) {
      return List.of(declared);
    }
    String imported = singleImports.get(simple);
    if (imported != null) {
      return List.of(imported);
    }
    LinkedHashSet<String> candidates = new LinkedHashSet<>();
    candidates.add(packageName.isEmpty() ? simple : packageName + "." + simple);
    for (String pkg : onDemandPackages) {
      candidates.add(pkg + "." + simple);
    }
    if (JdkTypes.JAVA_LANG.contains(simple)) {
      candidates.add("java.lang." + simple);
    }
    return List.copyOf(candidates);
  }
}
