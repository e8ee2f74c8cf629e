package dev.threadlint.rules.thread;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ThreadLocal.set} in a task handed to a thread pool (an executor's {@code
 * submit/execute/schedule*}, {@code CompletableFuture.runAsync/supplyAsync}) with no {@code
 * remove()} in that task. Pool threads outlive the task, so the value stays reachable and leaks
 * into the next task that runs on the same thread. The task is what the source shows: a lambda, an
 * anonymous or same-file Runnable/Callable created at the hand-off, a {@code this::method}
 * reference, and the methods of the same class that task calls directly. Code whose threads the
 * source does not show (servlet handlers, framework callbacks) is not judged.
 */
public final class ThreadLocalNotRemoved implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "thread-local-not-removed",
              Family.THREAD,
              Severity.WARNING,
              "ThreadLocal set in a pooled task and never removed",
              "A pool thread runs many tasks. A ThreadLocal value a task sets and does not remove"
                  + " stays on the thread after the task ends: the next task on that thread sees"
                  + " a stale value (another user's context, a half-used buffer), and the value"
                  + " and its class loader cannot be collected while the pool lives. Remove it in"
                  + " a finally block of the task that set it.")
          .equivalent(Tool.SONARJAVA, "S5164")
          .fix(
              "Call remove() on the ThreadLocal in a finally block of the task that set it: try { local.set(v); work(); } finally { local.remove(); }");

  private static final Set<String> HAND_OFFS =
      Set.of("submit", "execute", "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay");

  private static final Set<String> ASYNC = Set.of("runAsync", "supplyAsync");

  private static final Set<String> THREAD_LOCALS =
      Set.of("java.lang.ThreadLocal", "java.lang.InheritableThreadLocal");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    Map<Node, List<TypeCondition>> reported = new IdentityHashMap<>();
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      Optional<List<TypeCondition>> pooled = pooledHandOff(file, call);
      if (pooled.isEmpty()) {
        continue;
      }
      List<Node> bodies = TaskBodies.withSameClassCallees(TaskBodies.of(file, call.getArgument(0)));
      for (MethodCallExpr set : setsWithoutRemove(file, bodies)) {
        reported.putIfAbsent(set, pooled.get());
      }
    }
    reported.forEach(
        (node, conditions) -> {
          MethodCallExpr set = (MethodCallExpr) node;
          String local = ThreadReceivers.describe(set.getScope().orElseThrow());
          sink.report(
              finding(
                  file,
                  set,
                  String.format(
                      "'%s' is set in a task that runs on a pool thread and never removed there;"
                          + " the value leaks into later tasks on that thread: call"
                          + " %s.remove() in a finally block",
                      local, local)),
              conditions);
        });
  }

  /** A call that hands its first argument to pool threads, with the condition that it does. */
  private static Optional<List<TypeCondition>> pooledHandOff(
      FileContext file, MethodCallExpr call) {
    if (call.getArguments().isEmpty()) {
      return Optional.empty();
    }
    String name = call.getNameAsString();
    if (ASYNC.contains(name)
        && call.getArguments().size() == 1
        && call.getScope()
            .flatMap(file::staticScopeType)
            .filter(t -> t.mayBe(JdkTypes.COMPLETABLE_FUTURE))
            .isPresent()) {
      return Optional.of(List.of()); // the common ForkJoinPool
    }
    if (!HAND_OFFS.contains(name) || virtualPerTask(file, call)) {
      return Optional.empty();
    }
    return ThreadReceivers.receiverOfType(file, call, JdkTypes.EXECUTOR);
  }

  /** An executor made by newVirtualThreadPerTaskExecutor: a fresh thread per task. */
  private static boolean virtualPerTask(FileContext file, MethodCallExpr call) {
    return call.getScope()
        .flatMap(file::variableOf)
        .map(Variable::declaration)
        .filter(com.github.javaparser.ast.body.VariableDeclarator.class::isInstance)
        .map(d -> ((com.github.javaparser.ast.body.VariableDeclarator) d).getInitializer())
        .flatMap(i -> i)
        .filter(i -> i.toString().contains("newVirtualThreadPerTaskExecutor"))
        .isPresent();
  }

  private static List<MethodCallExpr> setsWithoutRemove(FileContext file, List<Node> bodies) {
    List<MethodCallExpr> sets = new ArrayList<>();
    List<Variable> cleared = new ArrayList<>();
    for (Node body : bodies) {
      for (MethodCallExpr call : Bodies.findAllInSameBody(body, MethodCallExpr.class)) {
        Optional<Variable> local = threadLocalReceiver(file, call);
        if (local.isEmpty()) {
          continue;
        }
        boolean setsNull =
            call.getArguments().size() == 1 && call.getArgument(0) instanceof NullLiteralExpr;
        if (call.getNameAsString().equals("remove") || setsNull) {
          cleared.add(local.get());
        } else if (call.getNameAsString().equals("set") && call.getArguments().size() == 1) {
          sets.add(call);
        }
      }
    }
    sets.removeIf(set -> threadLocalReceiver(file, set).filter(cleared::contains).isPresent());
    return sets;
  }

  private static Optional<Variable> threadLocalReceiver(FileContext file, MethodCallExpr call) {
    Optional<Expression> scope = call.getScope();
    if (scope.isEmpty()) {
      return Optional.empty();
    }
    Optional<Variable> variable = file.variableOf(scope.get());
    if (variable.isEmpty()) {
      return Optional.empty();
    }
    TypeRef type = variable.get().type();
    return THREAD_LOCALS.stream().anyMatch(type::mayBe) ? variable : Optional.empty();
  }
}
