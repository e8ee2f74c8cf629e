package dev.threadlint.overrides;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.TypeParameter;
import dev.threadlint.facts.Fact;
import dev.threadlint.facts.FactExtractor;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Names;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.findings.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The instance methods each class declares, with whether they are synchronized, so that a
 * project-wide rule can pair an override with the method it overrides in another file. Anonymous
 * classes contribute their methods too, under the type they instantiate.
 */
public final class OverrideFacts implements FactExtractor {

  /**
   * The instance methods of one class body.
   *
   * @param type qualified name of a named class; empty for an anonymous class
   * @param supertypes what it extends and implements, as written
   * @param typeParameters the class's own type variables (a parameter typed {@code T} matches any
   *     type in an override)
   * @param methods its instance methods with bodies or abstract
   */
  public record TypeMethods(
      String type, List<TypeRef> supertypes, List<String> typeParameters, List<Method> methods)
      implements Fact {
    public TypeMethods {
      type = Names.shared(type); // one copy per name (Names)
      supertypes = List.copyOf(supertypes);
      typeParameters = List.copyOf(typeParameters);
      methods = List.copyOf(methods);
    }
  }

  /**
   * One instance method.
   *
   * @param name its name
   * @param parameters the erased simple names of its parameter types
   * @param isSynchronized declared {@code synchronized}, or its whole body is {@code synchronized
   *     (this)}
   * @param touchesState its body does something: not just delegate to super, throw, return a
   *     constant or {@code this}, or nothing
   * @param site the method's name, for a finding
   * @param member {@code Type.method}
   */
  public record Method(
      String name,
      List<String> parameters,
      boolean isSynchronized,
      boolean touchesState,
      Location site,
      String member)
      implements java.io.Serializable {
    public Method {
      parameters = Names.shared(parameters); // one copy per name (Names)
      member = Names.shared(member);
    }
  }

  @Override
  public String name() {
    return "overrides";
  }

  @Override
  public void extract(FileContext file, Consumer<Fact> out) {
    for (TypeDeclaration<?> type : file.all(TypeDeclaration.class)) {
      Optional<String> name = type.getFullyQualifiedName();
      if (name.isEmpty() || !(type instanceof ClassOrInterfaceDeclaration declaration)) {
        continue;
      }
      List<TypeRef> supertypes = new ArrayList<>();
      declaration.getExtendedTypes().forEach(t -> supertypes.add(file.types().resolve(t)));
      declaration.getImplementedTypes().forEach(t -> supertypes.add(file.types().resolve(t)));
      List<String> variables =
          declaration.getTypeParameters().stream().map(TypeParameter::getNameAsString).toList();
      out.accept(
          new TypeMethods(name.get(), supertypes, variables, methods(file, type.getMembers())));
    }
    for (ObjectCreationExpr creation : file.all(ObjectCreationExpr.class)) {
      if (creation.getAnonymousClassBody().isEmpty()) {
        continue;
      }
      out.accept(
          new TypeMethods(
              "",
              List.of(file.types().resolve(creation.getType())),
              List.of(),
              methods(file, creation.getAnonymousClassBody().get())));
    }
  }

  private static List<Method> methods(FileContext file, NodeList<BodyDeclaration<?>> members) {
    List<Method> result = new ArrayList<>();
    for (BodyDeclaration<?> member : members) {
      if (!(member instanceof MethodDeclaration method)
          || method.isStatic()
          || method.isPrivate()) {
        continue;
      }
      List<String> parameters = new ArrayList<>();
      for (Parameter parameter : method.getParameters()) {
        parameters.add(erasedName(parameter.getType()) + (parameter.isVarArgs() ? "[]" : ""));
      }
      Optional<BlockStmt> body = method.getBody();
      result.add(
          new Method(
              method.getNameAsString(),
              parameters,
              method.isSynchronized() || body.map(OverrideFacts::locksThisThroughout).orElse(false),
              body.map(b -> touchesState(method.getNameAsString(), b)).orElse(false),
              file.location(method.getName()),
              FileContext.memberOf(method)));
    }
    return result;
  }

  private static String erasedName(Type type) {
    if (type instanceof ClassOrInterfaceType classType) {
      return classType.getNameAsString();
    }
    return type.asString().replaceAll("<.*>", "");
  }

  /** The whole body is one {@code synchronized (this)} block: the same as a synchronized method. */
  private static boolean locksThisThroughout(BlockStmt body) {
    return body.getStatements().size() == 1
        && body.getStatement(0) instanceof SynchronizedStmt sync
        && sync.getExpression() instanceof ThisExpr self
        && self.getTypeName().isEmpty();
  }

  /**
   * False for bodies that cannot race on anything: empty, a single throw, a return of a literal or
   * {@code this}, or a single call of the super method (the lock of a synchronized super is taken
   * by that call).
   */
  private static boolean touchesState(String name, BlockStmt body) {
    if (body.getStatements().isEmpty()) {
      return false;
    }
    if (body.getStatements().size() == 2
        && body.getStatement(1) instanceof ReturnStmt last
        && last.getExpression().filter(ThisExpr.class::isInstance).isPresent()
        && body.getStatement(0) instanceof ExpressionStmt first
        && isSuperCall(name, first.getExpression())) {
      return false; // super.m(x); return this; (a covariant fluent override)
    }
    if (body.getStatements().size() != 1) {
      return true;
    }
    Statement only = body.getStatement(0);
    if (only instanceof ThrowStmt) {
      return false;
    }
    Expression expression = null;
    if (only instanceof ReturnStmt ret && ret.getExpression().isPresent()) {
      expression = ret.getExpression().get();
    } else if (only instanceof ExpressionStmt statement) {
      expression = statement.getExpression();
    }
    if (expression == null) {
      return only instanceof ReturnStmt ? false : true;
    }
    if (expression instanceof LiteralExpr || expression instanceof ThisExpr) {
      return false;
    }
    return !isSuperCall(name, expression);
  }

  /** {@code super.name(a, b)}, possibly cast to a narrower return type. */
  private static boolean isSuperCall(String name, Expression expression) {
    Expression bare = expression;
    while (bare instanceof com.github.javaparser.ast.expr.CastExpr
        || bare instanceof com.github.javaparser.ast.expr.EnclosedExpr) {
      bare =
          bare instanceof com.github.javaparser.ast.expr.CastExpr cast
              ? cast.getExpression()
              : ((com.github.javaparser.ast.expr.EnclosedExpr) bare).getInner();
    }
    return bare instanceof MethodCallExpr call
        && call.getNameAsString().equals(name)
        && call.getScope().filter(SuperExpr.class::isInstance).isPresent()
        && call.getArguments().stream().allMatch(OverrideFacts::isPlain);
  }

  /** An argument passed straight through: a name or a literal. */
  private static boolean isPlain(Node argument) {
    return argument instanceof com.github.javaparser.ast.expr.NameExpr
        || argument instanceof LiteralExpr;
  }
}
