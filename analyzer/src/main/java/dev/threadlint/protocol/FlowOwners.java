package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.expr.LambdaExpr;

/** Which nodes own a body of their own (its statements run when it is called). */
final class FlowOwners {
  private FlowOwners() {}

  static boolean isBodyOwner(Node node) {
    return node instanceof CallableDeclaration<?>
        || node instanceof LambdaExpr
        || node instanceof InitializerDeclaration;
  }
}
