package dev.threadlint.rules.lock;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.model.HeldLocks;
import dev.threadlint.models.CollectionVocabulary;
import dev.threadlint.models.LockVocabulary;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.List;

/**
 * {@code notify()}/{@code notifyAll()} in a method that changes nothing a waiter could re-check:
 * the method holds the monitor, writes no field, array or object, and calls nothing but the notify
 * itself (or reads a collection). Quiet when state may change elsewhere on the way to the notify: a
 * write or any other call anywhere in the method (before the block, say a volatile flag), a private
 * method (its callers change the state, then call it), a method the same file calls by name, or a
 * method that only notifies (a wake-up hook that other classes call after changing the state).
 */
public final class NakedNotify implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "naked-notify",
              Family.LOCK,
              Severity.WARNING,
              "notify/notifyAll in a method that changes no state the waiters could check",
              "A waiter must wait for a condition (while (!ready) lock.wait()), and the notifier"
                  + " must change that condition under the same monitor before it notifies. A notify"
                  + " in a method that changes nothing either wakes threads that find nothing"
                  + " changed and wait again, or is a sign that the state they check is changed"
                  + " somewhere else without the monitor, where the waiter can miss it.")
          .equivalent(Tool.SPOTBUGS, "NN_NAKED_NOTIFY")
          .fix(
              "Change the state the waiters check inside the same synchronized block, right before"
                  + " notifying (ready = true; lock.notifyAll();).");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      if (!LockVocabulary.NOTIFIES.contains(call.getNameAsString())
          || !call.getArguments().isEmpty()) {
        continue;
      }
      Node body = Dominance.bodyOf(call);
      if (!(body instanceof MethodDeclaration method)
          || method.isPrivate()
          || method.getBody().isEmpty()
          || !HeldLocks.anyMonitorHeld(call)
          || calledInFile(file, method)
          || isWakeUpOnly(method)
          || changesAnything(file, method)) {
        continue;
      }
      sink.report(
          finding(
              file,
              call,
              String.format(
                  "'%s()' wakes waiters, but '%s' changes nothing they could re-check; change"
                      + " the awaited state under the monitor before notifying",
                  call.getNameAsString(), method.getNameAsString())));
    }
  }

  /**
   * A method that does nothing but take the monitor and notify is a wake-up hook: its callers (a
   * publisher in another class, say) change the state first, often a volatile or atomic one, which
   * a waiter re-checking under the monitor cannot miss.
   */
  private static boolean isWakeUpOnly(MethodDeclaration method) {
    List<Statement> statements = method.getBody().get().getStatements();
    if (statements.size() == 1 && statements.get(0) instanceof SynchronizedStmt sync) {
      statements = sync.getBody().getStatements();
    }
    return statements.size() == 1
        && statements.get(0) instanceof ExpressionStmt only
        && only.getExpression() instanceof MethodCallExpr call
        && LockVocabulary.NOTIFIES.contains(call.getNameAsString());
  }

  /** A method called by name in this file (or by reference) is a helper its callers prepare. */
  private static boolean calledInFile(FileContext file, MethodDeclaration method) {
    String name = method.getNameAsString();
    return file.all(MethodCallExpr.class).stream().anyMatch(c -> c.getNameAsString().equals(name))
        || file.all(MethodReferenceExpr.class).stream()
            .anyMatch(r -> r.getIdentifier().equals(name));
  }

  /** Any write that is not to a local, or any call or construction other than notify. */
  private static boolean changesAnything(FileContext file, MethodDeclaration method) {
    Node body = method.getBody().get();
    for (AssignExpr assign : Bodies.findAllInSameBody(body, AssignExpr.class)) {
      if (!isLocal(file, assign.getTarget())) {
        return true;
      }
    }
    for (UnaryExpr unary : Bodies.findAllInSameBody(body, UnaryExpr.class)) {
      if (unary.getOperator().isPostfix() || isPrefixUpdate(unary)) {
        if (!isLocal(file, unary.getExpression())) {
          return true;
        }
      }
    }
    if (!Bodies.findAllInSameBody(body, ObjectCreationExpr.class).isEmpty()) {
      return true;
    }
    return Bodies.findAllInSameBody(body, MethodCallExpr.class).stream()
        .anyMatch(
            c ->
                !LockVocabulary.NOTIFIES.contains(c.getNameAsString())
                    && !CollectionVocabulary.QUERIES.contains(c.getNameAsString()));
  }

  private static boolean isPrefixUpdate(UnaryExpr unary) {
    return unary.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT
        || unary.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT;
  }

  private static boolean isLocal(FileContext file, Expression target) {
    return file.variableOf(target).filter(v -> !v.isField()).map(Variable::kind).isPresent();
  }
}
