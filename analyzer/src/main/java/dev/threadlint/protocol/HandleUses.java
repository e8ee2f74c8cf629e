package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether the object a try-acquire helper returns ({@code Permit p = pool.tryTake()}) is used only
 * to tell whether the permit was taken: compared with {@code null}, or given back to a helper that
 * releases the same resource. Any other use (a method called on it, passed on, stored, returned)
 * may be how the permit is released, so such a call is not followed as a try-acquire at all.
 */
final class HandleUses {
  private HandleUses() {}

  /**
   * True when the result of {@code call} is only null-tested; {@code releases} tells whether a call
   * it is passed to gives the permit back.
   */
  static boolean onlyNullTested(
      Node owner, MethodCallExpr call, Predicate<MethodCallExpr> releases) {
    Node parent = parentSkippingParentheses(call);
    if (parent instanceof ExpressionStmt || isNullComparison(parent)) {
      return true;
    }
    if (!(parent instanceof VariableDeclarator declarator)
        || !(declarator.getParentNode().orElse(null) instanceof VariableDeclarationExpr)) {
      return false;
    }
    String name = declarator.getNameAsString();
    for (NameExpr use : owner.findAll(NameExpr.class, n -> n.getNameAsString().equals(name))) {
      Node around = parentSkippingParentheses(use);
      boolean released =
          around instanceof MethodCallExpr release
              && release.getArguments().stream().anyMatch(a -> a == use)
              && releases.test(release);
      if (!isNullComparison(around) && !released) {
        return false;
      }
    }
    return true;
  }

  /** {@code x == null} or {@code x != null}, either way round. */
  static boolean isNullComparison(Node node) {
    return node instanceof BinaryExpr binary
        && (binary.getOperator() == BinaryExpr.Operator.EQUALS
            || binary.getOperator() == BinaryExpr.Operator.NOT_EQUALS)
        && (binary.getLeft() instanceof NullLiteralExpr
            || binary.getRight() instanceof NullLiteralExpr);
  }

  /** The side of a null comparison that is not {@code null}, without parentheses. */
  static Optional<Expression> comparedWithNull(Expression test) {
    if (!isNullComparison(test)) {
      return Optional.empty();
    }
    BinaryExpr binary = (BinaryExpr) test;
    Expression other =
        binary.getLeft() instanceof NullLiteralExpr ? binary.getRight() : binary.getLeft();
    while (other instanceof EnclosedExpr enclosed) {
      other = enclosed.getInner();
    }
    return Optional.of(other);
  }

  private static Node parentSkippingParentheses(Node node) {
    Node parent = node.getParentNode().orElse(null);
    while (parent instanceof EnclosedExpr) {
      parent = parent.getParentNode().orElse(null);
    }
    return parent;
  }
}
