package dev.threadlint.rules.race;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import dev.threadlint.facts.FileContext;
import java.util.Optional;

/**
 * What the outcome of a condition says about one of its parts: in the then-branch of {@code if (a
 * && !b)} {@code a} is true and {@code b} false; in its else-branch nothing is known of either.
 * Check-then-act rules need it to tell {@code if (!map.containsKey(k)) put} (a race) from {@code if
 * (map.containsKey(k)) put} (not the insert-if-absent shape).
 */
final class Implications {
  private Implications() {}

  /** The value {@code part} must have had when {@code condition} evaluated to {@code outcome}. */
  static Optional<Boolean> implied(Expression condition, Node part, boolean outcome) {
    Expression bare = FileContext.unwrap(condition);
    if (bare == part) {
      return Optional.of(outcome);
    }
    if (bare instanceof UnaryExpr unary
        && unary.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
      return implied(unary.getExpression(), part, !outcome);
    }
    if (bare instanceof BinaryExpr binary
        && (binary.getOperator() == BinaryExpr.Operator.AND && outcome
            || binary.getOperator() == BinaryExpr.Operator.OR && !outcome)) {
      Optional<Boolean> left = implied(binary.getLeft(), part, outcome);
      return left.isPresent() ? left : implied(binary.getRight(), part, outcome);
    }
    return Optional.empty();
  }

  /**
   * A branch that always leaves: {@code return}, {@code throw}, {@code break}, {@code continue}.
   */
  static boolean leaves(Statement branch) {
    Statement last = branch;
    if (branch instanceof BlockStmt block) {
      if (block.getStatements().isEmpty()) {
        return false;
      }
      last = block.getStatements().getLast().orElseThrow();
    }
    return last instanceof ReturnStmt
        || last instanceof ThrowStmt
        || last instanceof BreakStmt
        || last instanceof ContinueStmt;
  }
}
