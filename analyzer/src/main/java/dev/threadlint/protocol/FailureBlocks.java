package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.Statement;
import dev.threadlint.flow.Bodies;

/**
 * Code that handles a failure: a catch clause, or a block nested in the body that creates an
 * exception object to report ({@code callback.fail(new TooLargeException(..)); return;}). Used to
 * tell the failure returns of a method from its ordinary ones.
 */
final class FailureBlocks {
  private FailureBlocks() {}

  /** True when the node is inside a catch clause or a failure-reporting block of its body. */
  static boolean isInFailureBlock(Node node) {
    Node current = node;
    while (current != null && !FlowOwners.isBodyOwner(current)) {
      Node parent = current.getParentNode().orElse(null);
      if (parent instanceof CatchClause) {
        return true;
      }
      if (parent instanceof BlockStmt block
          && !block.getParentNode().filter(FlowOwners::isBodyOwner).isPresent()
          && createsException(block)) {
        return true;
      }
      current = parent;
    }
    return false;
  }

  private static boolean createsException(BlockStmt block) {
    for (Statement statement : block.getStatements()) {
      if (Bodies.findInSameBody(statement, FailureBlocks::isExceptionCreation).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static boolean isExceptionCreation(Node node) {
    if (!(node instanceof ObjectCreationExpr creation)) {
      return false;
    }
    String name = creation.getType().getNameAsString();
    return name.endsWith("Exception") || name.endsWith("Error");
  }
}
