package dev.threadlint.facts;

import com.github.javaparser.ast.body.AnnotationDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import java.util.ArrayList;
import java.util.List;

/** Lists the types a file declares, top-level and nested, for the project type index. */
public final class Declarations {
  private Declarations() {}

  public static List<TypeDecl> of(FileContext file) {
    List<TypeDecl> result = new ArrayList<>();
    for (TypeDeclaration<?> type : file.all(TypeDeclaration.class)) {
      String name = type.getFullyQualifiedName().orElse(null);
      if (name == null) {
        continue; // a local class: not visible to other files
      }
      List<TypeRef> supertypes = new ArrayList<>();
      TypeDecl.Kind kind;
      if (type instanceof ClassOrInterfaceDeclaration c) {
        kind = c.isInterface() ? TypeDecl.Kind.INTERFACE : TypeDecl.Kind.CLASS;
        addAll(file, c.getExtendedTypes(), supertypes);
        addAll(file, c.getImplementedTypes(), supertypes);
      } else if (type instanceof EnumDeclaration e) {
        kind = TypeDecl.Kind.ENUM;
        addAll(file, e.getImplementedTypes(), supertypes);
      } else if (type instanceof RecordDeclaration r) {
        kind = TypeDecl.Kind.RECORD;
        addAll(file, r.getImplementedTypes(), supertypes);
      } else if (type instanceof AnnotationDeclaration) {
        kind = TypeDecl.Kind.ANNOTATION;
      } else {
        kind = TypeDecl.Kind.CLASS;
      }
      int line = type.getBegin().map(p -> p.line).orElse(1);
      result.add(new TypeDecl(name, kind, supertypes, file.file().relativePath(), line));
    }
    return result;
  }

  private static void addAll(
      FileContext file, List<ClassOrInterfaceType> types, List<TypeRef> into) {
    for (ClassOrInterfaceType type : types) {
      into.add(file.types().resolve(type));
    }
  }
}
