package dev.threadlint.rules.thread;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.YieldStmt;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import java.util.List;
import java.util.Optional;

/**
 * {@code start()} twice on one thread object: a second start always throws {@code
 * IllegalThreadStateException}. Reported when an earlier start of the same variable runs before it
 * on every path with no reassignment in between, and when a thread declared outside a loop is
 * started in the body of a for or for-each loop, which has no way out of the loop and does not
 * assign the variable.
 */
public final class ThreadStartedTwice implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "thread-started-twice",
              Family.THREAD,
              Severity.ERROR,
              "Thread started twice",
              "A Thread can be started only once; the second start() throws"
                  + " IllegalThreadStateException. Create a new Thread for each run, or submit the"
                  + " Runnable to an executor repeatedly.")
          .fix(
              "Create a new Thread object for each run, or submit the Runnable to an executor each time.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      if (!ThreadReceivers.isNoArgCall(call, "start")) {
        continue;
      }
      Optional<List<TypeCondition>> thread = ThreadReceivers.threadReceiver(file, call);
      if (thread.isEmpty()) {
        continue;
      }
      Optional<Variable> variable = file.variableOf(call.getScope().get());
      if (variable.isEmpty()) {
        continue;
      }
      String name = variable.get().name();
      Optional<MethodCallExpr> earlier = StartCalls.earlierStart(file, variable.get(), call);
      if (earlier.isPresent()) {
        sink.report(
            finding(
                    file,
                    call,
                    String.format(
                        "'%s' is started a second time, which throws"
                            + " IllegalThreadStateException",
                        name))
                .withRelated(List.of(file.location(earlier.get(), "first started here"))),
            thread.get());
      } else if (startsInEveryIteration(file, variable.get(), call)) {
        sink.report(
            finding(
                file,
                call,
                String.format(
                    "'%s' is declared outside this loop and started in every iteration; the"
                        + " second start throws IllegalThreadStateException",
                    name)),
            thread.get());
      } else if (restartsLazyField(file, variable.get(), call)) {
        sink.report(
            finding(
                file,
                call,
                String.format(
                    "'%s' is created only while it is null and never reset, so a second call of"
                        + " this method starts the same thread again, which throws"
                        + " IllegalThreadStateException",
                    name)),
            thread.get());
      }
    }
  }

  /**
   * {@code void start() { if (t == null) { t = new Thread(..); } t.start(); }}: a field thread
   * created lazily and started unconditionally by a method that may be called again. Reported only
   * when the start is a top-level statement of a non-private method with no return or throw before
   * it (no "already running" guard), and no code of the class sets the field back to null.
   */
  private static boolean restartsLazyField(
      FileContext file, Variable thread, MethodCallExpr start) {
    if (!thread.isField()
        || !(Dominance.bodyOf(start)
            instanceof com.github.javaparser.ast.body.MethodDeclaration method)
        || method.isPrivate()
        || method.isStatic()
        || method.getBody().isEmpty()
        || !(start.getParentNode().orElse(null)
            instanceof com.github.javaparser.ast.stmt.ExpressionStmt statement)
        || statement.getParentNode().orElse(null) != method.getBody().get()) {
      return false;
    }
    var statements = method.getBody().get().getStatements();
    boolean lazyCreation = false;
    for (Statement before : statements.subList(0, statements.indexOf(statement))) {
      if (!before.findAll(com.github.javaparser.ast.stmt.ReturnStmt.class).isEmpty()
          || !before.findAll(com.github.javaparser.ast.stmt.ThrowStmt.class).isEmpty()) {
        return false; // a guard may keep the second call from starting
      }
      if (before instanceof com.github.javaparser.ast.stmt.IfStmt check
          && check.getElseStmt().isEmpty()
          && isNullTest(file, check.getCondition(), thread)
          && assigns(file, check.getThenStmt(), thread)) {
        lazyCreation = true;
      } else if (assigns(file, before, thread)) {
        return false; // a fresh thread on every call
      }
    }
    if (!lazyCreation) {
      return false;
    }
    var owner =
        method.findAncestor(com.github.javaparser.ast.body.ClassOrInterfaceDeclaration.class);
    return owner.isPresent()
        && owner.get().findAll(com.github.javaparser.ast.expr.AssignExpr.class).stream()
            .filter(a -> file.variableOf(a.getTarget()).filter(thread::equals).isPresent())
            .noneMatch(
                a ->
                    a.getValue() instanceof com.github.javaparser.ast.expr.NullLiteralExpr
                        || !(a.getValue()
                            instanceof com.github.javaparser.ast.expr.ObjectCreationExpr));
  }

  private static boolean isNullTest(
      FileContext file, com.github.javaparser.ast.expr.Expression condition, Variable thread) {
    return FileContext.unwrap(condition) instanceof com.github.javaparser.ast.expr.BinaryExpr test
        && test.getOperator() == com.github.javaparser.ast.expr.BinaryExpr.Operator.EQUALS
        && ((test.getRight() instanceof com.github.javaparser.ast.expr.NullLiteralExpr
                && file.variableOf(test.getLeft()).filter(thread::equals).isPresent())
            || (test.getLeft() instanceof com.github.javaparser.ast.expr.NullLiteralExpr
                && file.variableOf(test.getRight()).filter(thread::equals).isPresent()));
  }

  private static boolean assigns(FileContext file, Node node, Variable thread) {
    return node.findAll(com.github.javaparser.ast.expr.AssignExpr.class).stream()
        .anyMatch(a -> file.variableOf(a.getTarget()).filter(thread::equals).isPresent());
  }

  private static boolean startsInEveryIteration(
      FileContext file, Variable thread, MethodCallExpr start) {
    Node body = Dominance.bodyOf(start);
    Node current = start.getParentNode().orElse(null);
    while (current != null && current != body) {
      if (isLoop(current)) {
        Statement loop = (Statement) current;
        return !Dominance.isAncestorOrSelf(loop, thread.declaration())
            && !leavesLoop(loop)
            && !assignsInside(file, thread, loop);
      }
      current = current.getParentNode().orElse(null);
    }
    return false;
  }

  /**
   * Loops that are meant to run many times: for-each and counted {@code for}. A {@code while} loop
   * often ends by changing its own condition after the first start, so it is left alone.
   */
  private static boolean isLoop(Node node) {
    return node instanceof ForEachStmt
        || (node instanceof ForStmt loop && !loop.getUpdate().isEmpty());
  }

  private static boolean leavesLoop(Statement loop) {
    return loop.findFirst(
            Node.class,
            n ->
                (n instanceof BreakStmt
                        || n instanceof ReturnStmt
                        || n instanceof ThrowStmt
                        || n instanceof YieldStmt)
                    && !insideNestedBody(n, loop))
        .isPresent();
  }

  private static boolean insideNestedBody(Node node, Node loop) {
    Node current = node.getParentNode().orElse(null);
    while (current != null && current != loop) {
      if (current instanceof LambdaExpr
          || (current instanceof ObjectCreationExpr c && c.getAnonymousClassBody().isPresent())) {
        return true;
      }
      current = current.getParentNode().orElse(null);
    }
    return false;
  }

  private static boolean assignsInside(FileContext file, Variable thread, Node loop) {
    return loop.findAll(com.github.javaparser.ast.expr.AssignExpr.class).stream()
        .anyMatch(a -> file.variableOf(a.getTarget()).filter(thread::equals).isPresent());
  }
}
