package dev.threadlint.rules.thread;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import java.util.List;

/** The {@code start()} calls on one variable within the body of a given node. */
final class StartCalls {
  private StartCalls() {}

  /**
   * A {@code start()} of the same variable that runs before {@code node} on every path, with no
   * reassignment of the variable in between.
   */
  static java.util.Optional<MethodCallExpr> earlierStart(
      FileContext file, Variable thread, Node node) {
    return startsOf(file, thread, node).stream()
        .filter(start -> start != node && Dominance.precedes(start, node))
        .filter(start -> !Dominance.assignedBetween(file, thread, start, node))
        .findFirst();
  }

  static List<MethodCallExpr> startsOf(FileContext file, Variable thread, Node inBodyOf) {
    Node body = Dominance.bodyOf(inBodyOf);
    if (body == null) {
      return List.of();
    }
    return body.findAll(MethodCallExpr.class).stream()
        .filter(call -> ThreadReceivers.isNoArgCall(call, "start"))
        .filter(call -> call.getScope().isPresent())
        .filter(call -> Dominance.bodyOf(call) == body)
        .filter(call -> file.variableOf(call.getScope().get()).filter(thread::equals).isPresent())
        .toList();
  }
}
