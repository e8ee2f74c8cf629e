package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import java.util.List;
import java.util.Set;

/** Where a variable is used, and whether every use keeps the object where the analysis sees it. */
public final class Uses {
  private Uses() {}

  /** Every name or {@code this.name} expression below {@code root} that refers to the variable. */
  public static List<Expression> of(FileContext file, Variable variable, Node root) {
    return root.findAll(Expression.class, e -> isNamed(e, variable.name())).stream()
        .filter(e -> resolve(file, e).filter(variable::equals).isPresent())
        .toList();
  }

  /** JavaParser reads the scope of {@code permits::release} as a type; look it up as a name. */
  private static java.util.Optional<Variable> resolve(FileContext file, Expression e) {
    if (e instanceof TypeExpr type) {
      return file.scopes().lookup(type.getType().asString(), type);
    }
    return file.variableOf(e);
  }

  /**
   * True when every use is the receiver of a call whose name is in {@code allowed} (directly, or
   * through a read/write view: {@code rw.readLock().lock()}).
   */
  public static boolean onlyReceiverOf(
      FileContext file, Variable variable, Node root, Set<String> allowed) {
    for (Expression use : of(file, variable, root)) {
      Node parent = use.getParentNode().orElse(null);
      if (!(parent instanceof MethodCallExpr call)
          || call.getScope().filter(s -> s == use).isEmpty()) {
        return false;
      }
      if (ResourceOps.isViewCall(call)) {
        Node outer = call.getParentNode().orElse(null);
        if (!(outer instanceof MethodCallExpr viewCall)
            || !allowed.contains(viewCall.getNameAsString())) {
          return false;
        }
      } else if (!allowed.contains(call.getNameAsString())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNamed(Expression e, String name) {
    if (e instanceof TypeExpr type) {
      return type.getType().asString().equals(name);
    }
    if (e instanceof NameExpr n) {
      return n.getNameAsString().equals(name);
    }
    return e instanceof FieldAccessExpr f
        && f.getScope() instanceof ThisExpr
        && f.getNameAsString().equals(name);
  }
}
