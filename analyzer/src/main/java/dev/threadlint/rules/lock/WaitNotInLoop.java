package dev.threadlint.rules.lock;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.findings.Severity;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.models.LockVocabulary;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.List;
import java.util.Optional;

/**
 * {@code Object.wait()} (or {@code TimeUnit.timedWait}) or {@code Condition.await()} that is not
 * inside a loop re-checking the condition it waits for: wake-ups can be spurious, and another
 * thread may have consumed the state between the signal and the wake-up. A private helper that
 * waits once for callers that all loop is seen through: their loop re-checks.
 */
public final class WaitNotInLoop implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "wait-not-in-loop",
              Family.LOCK,
              Severity.WARNING,
              "wait()/await() not in a loop that re-checks its condition",
              "A waiting thread can wake up without being notified (spurious wake-up), or after"
                  + " another thread has already taken what it was waiting for. Code that waits"
                  + " once and proceeds then works on a condition that does not hold. Wait in a"
                  + " loop: while (!ready) { lock.wait(); }. A private helper that waits once is"
                  + " fine when every call of it is made in such a loop.")
          .equivalent(Tool.SPOTBUGS, "WA_NOT_IN_LOOP")
          .equivalent(Tool.ERROR_PRONE, "WaitNotInLoop")
          .equivalent(Tool.INTELLIJ, "WaitNotInLoop")
          .fix(
              "Wait in a loop that re-checks the condition: while (!ready) { lock.wait(); } (or condition.await()).");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      String name = call.getNameAsString();
      List<TypeCondition> conditions;
      if (name.equals("wait") && call.getArguments().size() <= 2 && !declaresWait(call)) {
        conditions = List.of();
      } else if (isTimedWait(file, call)) {
        conditions = List.of(); // TimeUnit.timedWait(monitor, timeout) is monitor.wait(ms)
      } else if (LockVocabulary.CONDITION_WAITS.contains(name) && call.getScope().isPresent()) {
        TypeRef type = file.typeOf(call.getScope().get());
        if (!type.isKnown() || !FileContext.couldBe(type, JdkTypes.CONDITION)) {
          continue;
        }
        conditions = List.of(new TypeCondition(type, JdkTypes.CONDITION));
      } else {
        continue;
      }
      if (Dominance.enclosingLoop(call).isEmpty()
          && !isWrapper(file, call)
          && !helperCalledInLoops(file, call)) {
        sink.report(
            finding(
                file,
                call,
                String.format(
                    "'%s' is not in a loop: after a spurious or stale wake-up the code goes on"
                        + " although the condition may not hold; wait in a while loop that"
                        + " re-checks it",
                    call.getNameAsString() + "()")),
            conditions);
      }
    }
  }

  /**
   * A method that only forwards to wait/await, or waits on a condition it was handed, leaves the
   * loop to its caller (Guava's Uninterruptibles, a Lock wrapper's await()).
   */
  private static boolean isWrapper(FileContext file, MethodCallExpr call) {
    Optional<Expression> waitedOn =
        call.getNameAsString().equals("timedWait")
            ? Optional.of(call.getArgument(0))
            : call.getScope();
    if (waitedOn
        .flatMap(file::variableOf)
        .filter(v -> v.kind() == dev.threadlint.facts.Variable.Kind.PARAMETER)
        .isPresent()) {
      return true;
    }
    Optional<MethodDeclaration> method =
        call.findAncestor(MethodDeclaration.class).filter(m -> !m.isPrivate());
    if (method.filter(WaitNotInLoop::isWaitPrimitive).isPresent()) {
      return true;
    }
    return method // a private one is judged by its callers' loops
        .flatMap(m -> m.getBody())
        .filter(b -> onlyForwards(b, call))
        .isPresent();
  }

  /**
   * The body does nothing but the wait: one statement that is the call, possibly inside {@code
   * synchronized} or {@code try} blocks that hold only it.
   */
  private static boolean onlyForwards(com.github.javaparser.ast.stmt.BlockStmt block, Node call) {
    if (block.getStatements().size() != 1) {
      return false;
    }
    com.github.javaparser.ast.stmt.Statement only = block.getStatement(0);
    if (only instanceof com.github.javaparser.ast.stmt.SynchronizedStmt sync) {
      return onlyForwards(sync.getBody(), call);
    }
    if (only instanceof com.github.javaparser.ast.stmt.TryStmt guarded) {
      return onlyForwards(guarded.getTryBlock(), call);
    }
    return Dominance.isAncestorOrSelf(only, call)
        && (only.isExpressionStmt() || only.isReturnStmt());
  }

  /**
   * An implementation of an interface's wait primitive, {@code @Override void awaitXxx(..)} (a
   * channel's {@code awaitReadable}, a task queue's {@code awaitProcessableTasks}): like {@code
   * Condition.await}, its contract lets it return early, and its callers loop and re-check.
   */
  private static boolean isWaitPrimitive(MethodDeclaration method) {
    return method.getNameAsString().startsWith("await")
        && method.getType().isVoidType()
        && method.getAnnotationByName("Override").isPresent();
  }

  /**
   * A private helper that waits once, called only from loops that re-check (issue 13: a timed wait
   * in a helper whose only caller loops): the caller's loop is the wait loop. A private method is
   * called only from its file, so every call of it is in sight.
   */
  private static boolean helperCalledInLoops(FileContext file, MethodCallExpr call) {
    if (!(Dominance.bodyOf(call) instanceof MethodDeclaration helper) || !helper.isPrivate()) {
      return false;
    }
    String name = helper.getNameAsString();
    int arity = helper.getParameters().size();
    List<MethodCallExpr> callers =
        file.unit()
            .findAll(
                MethodCallExpr.class,
                c ->
                    c.getNameAsString().equals(name)
                        && c.getArguments().size() == arity
                        && c.getScope().map(s -> s instanceof ThisExpr).orElse(true));
    return !callers.isEmpty()
        && callers.stream().allMatch(c -> Dominance.enclosingLoop(c).isPresent());
  }

  /** {@code unit.timedWait(monitor, timeout)} on a {@code TimeUnit}: a timed {@code wait}. */
  private static boolean isTimedWait(FileContext file, MethodCallExpr call) {
    return call.getNameAsString().equals("timedWait")
        && call.getArguments().size() == 2
        && call.getScope()
            .filter(
                s ->
                    file.typeOf(s).mayBe(TIME_UNIT)
                        || (s instanceof FieldAccessExpr f
                            && f.getScope().toString().equals("TimeUnit")))
            .isPresent();
  }

  private static final String TIME_UNIT = "java.util.concurrent.TimeUnit";

  /** A class with its own wait(..) overloads calls those, not Object.wait. */
  private static boolean declaresWait(MethodCallExpr call) {
    return call.getScope().isEmpty()
        && call.findAncestor(ClassOrInterfaceDeclaration.class)
            .filter(c -> !c.getMethodsByName("wait").isEmpty())
            .isPresent();
  }
}
