package dev.threadlint.rules.thread;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.type.Type;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.flow.Bodies;
import dev.threadlint.models.JdkTypes;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * JDK calls known to throw {@code InterruptedException}, and the generic catches ({@code catch
 * (Exception|Throwable)}) that receive it because their try block visibly makes such a call.
 */
final class InterruptibleCalls {
  private InterruptibleCalls() {}

  private static final Set<String> GENERIC =
      Set.of("Exception", "java.lang.Exception", "Throwable", "java.lang.Throwable");

  /**
   * For a {@code catch (Exception|Throwable)}: the type conditions under which its try block calls
   * a method that throws InterruptedException and no closer catch takes it first; empty otherwise.
   */
  static Optional<List<TypeCondition>> caughtGenerically(FileContext file, CatchClause clause) {
    if (!catchesAny(clause.getParameter().getType(), GENERIC)
        || !(clause.getParentNode().orElse(null) instanceof TryStmt tryStmt)) {
      return Optional.empty();
    }
    for (CatchClause sibling : tryStmt.getCatchClauses()) {
      if (sibling == clause) {
        break;
      }
      if (catchesAny(sibling.getParameter().getType(), Set.of("InterruptedException"))) {
        return Optional.empty(); // an earlier clause takes it
      }
    }
    for (MethodCallExpr call :
        Bodies.findAllInSameBody(tryStmt.getTryBlock(), MethodCallExpr.class)) {
      if (caughtCloser(call, tryStmt)) {
        continue;
      }
      Optional<List<TypeCondition>> conditions = throwsInterrupted(file, call);
      if (conditions.isPresent()) {
        return conditions;
      }
    }
    return Optional.empty();
  }

  /** A nested try between the call and {@code outer} catches InterruptedException or wider. */
  private static boolean caughtCloser(Node call, TryStmt outer) {
    Node child = call;
    Node current = call.getParentNode().orElse(null);
    while (current != null && current != outer) {
      if (current instanceof TryStmt inner
          && child == inner.getTryBlock()
          && inner.getCatchClauses().stream()
              .anyMatch(
                  c ->
                      catchesAny(c.getParameter().getType(), GENERIC)
                          || catchesAny(
                              c.getParameter().getType(), Set.of("InterruptedException")))) {
        return true;
      }
      child = current;
      current = current.getParentNode().orElse(null);
    }
    return false;
  }

  private static boolean catchesAny(Type type, Set<String> names) {
    for (String alternative : type.asString().split("\\|")) {
      String name = alternative.strip();
      if (names.contains(name) || names.contains(name.replace("java.lang.", ""))) {
        return true;
      }
    }
    return false;
  }

  /** The conditions under which the call throws InterruptedException, when it is known to. */
  static Optional<List<TypeCondition>> throwsInterrupted(FileContext file, MethodCallExpr call) {
    String name = call.getNameAsString();
    int args = call.getArguments().size();
    if (call.getScope().isEmpty()) {
      return Optional.empty();
    }
    Expression scope = call.getScope().get();
    if (name.equals("sleep")) {
      Optional<TypeRef> type = file.staticScopeType(scope);
      boolean threadSleep = type.filter(t -> t.mayBe(JdkTypes.THREAD)).isPresent();
      boolean unitSleep =
          scope.toString().startsWith("TimeUnit.")
              || file.typeOf(scope).mayBe("java.util.concurrent.TimeUnit");
      return threadSleep || unitSleep ? Optional.of(List.of()) : Optional.empty();
    }
    if (name.equals("wait") && args <= 2) {
      return Optional.of(List.of()); // Object.wait, final on every object
    }
    TypeRef type = file.typeOf(scope);
    if (!type.isKnown()) {
      return Optional.empty();
    }
    String supertype =
        switch (name) {
          case "join" -> args <= 2 ? JdkTypes.THREAD : null;
          case "get" -> args == 0 || args == 2 ? JdkTypes.FUTURE : null;
          case "take", "put" -> JdkTypes.BLOCKING_QUEUE;
          case "poll", "offer" -> args >= 2 ? JdkTypes.BLOCKING_QUEUE : null;
          case "await" -> args == 0 || args == 2 ? awaitable(type) : null;
          case "acquire" -> JdkTypes.SEMAPHORE;
          case "tryAcquire" -> args >= 2 ? JdkTypes.SEMAPHORE : null;
          case "lockInterruptibly" -> JdkTypes.LOCK;
          case "tryLock" -> args == 2 ? JdkTypes.LOCK : null;
          case "awaitTermination", "invokeAll", "invokeAny" -> JdkTypes.EXECUTOR_SERVICE;
          default -> null;
        };
    if (supertype == null || !FileContext.couldBe(type, supertype)) {
      return Optional.empty();
    }
    return Optional.of(List.of(new TypeCondition(type, supertype)));
  }

  private static String awaitable(TypeRef type) {
    if (FileContext.couldBe(type, JdkTypes.COUNT_DOWN_LATCH)
        && !FileContext.couldBe(type, JdkTypes.CONDITION)) {
      return JdkTypes.COUNT_DOWN_LATCH;
    }
    return FileContext.couldBe(type, JdkTypes.CONDITION) ? JdkTypes.CONDITION : null;
  }
}
