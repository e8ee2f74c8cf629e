package dev.threadlint.model;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;

/**
 * Ownership: an object created in a body is owned by it until it escapes — stored anywhere (a
 * field, a static, another variable, a collection), passed to a method or constructor, returned, or
 * captured by a lambda or anonymous class. Calls and field writes on an owned object cannot race:
 * no other thread can reach it. A method's {@code this} is owned in its constructor.
 */
public final class Ownership {
  private Ownership() {}

  /** True when the local is created here with {@code new} and never escapes its body. */
  public static boolean isOwned(FileContext file, Variable local) {
    if (local.kind() != Variable.Kind.LOCAL
        || !(local.declaration() instanceof VariableDeclarator declarator)
        || declarator.getInitializer().isEmpty()
        || !isFresh(declarator.getInitializer().get())) {
      return false;
    }
    Node body = Dominance.bodyOf(declarator);
    if (body == null) {
      return false;
    }
    for (NameExpr use : file.allWithin(body, NameExpr.class)) {
      if (!use.getNameAsString().equals(local.name())
          || !file.variableOf(use).filter(local::equals).isPresent()) {
        continue;
      }
      if (escapes(use, body)) {
        return false;
      }
    }
    return true;
  }

  /** {@code new T(..)} or a builder chain started from one ({@code new B().a(1)}). */
  static boolean isFresh(Expression init) {
    Expression bare = FileContext.unwrap(init);
    return bare instanceof ObjectCreationExpr creation
        && creation.getAnonymousClassBody().isEmpty();
  }

  /** One use of the variable lets the object out of the body. */
  static boolean escapes(NameExpr use, Node body) {
    if (Dominance.bodyOf(use) != body) {
      return true; // captured by a lambda or anonymous class
    }
    Node parent = use.getParentNode().orElse(null);
    if (parent instanceof MethodCallExpr call) {
      // the receiver of a call stays owned unless the call hands 'this' on (fluent setters
      // return it; their result is followed only when stored, which is another use)
      return call.getArguments().stream().anyMatch(a -> a == use);
    }
    if (parent instanceof ObjectCreationExpr) {
      return true;
    }
    if (parent instanceof AssignExpr assign) {
      return assign.getValue() == use;
    }
    if (parent instanceof VariableDeclarator) {
      return true;
    }
    if (parent instanceof ReturnStmt || parent instanceof LambdaExpr) {
      return true;
    }
    if (parent instanceof com.github.javaparser.ast.expr.FieldAccessExpr
        || parent instanceof com.github.javaparser.ast.expr.BinaryExpr
        || parent instanceof com.github.javaparser.ast.expr.UnaryExpr
        || parent instanceof com.github.javaparser.ast.expr.InstanceOfExpr
        || parent instanceof com.github.javaparser.ast.stmt.ExpressionStmt
        || parent instanceof com.github.javaparser.ast.stmt.IfStmt
        || parent instanceof com.github.javaparser.ast.expr.EnclosedExpr) {
      return false;
    }
    return true;
  }
}
