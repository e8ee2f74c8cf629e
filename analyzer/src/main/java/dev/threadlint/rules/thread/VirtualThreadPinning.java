package dev.threadlint.rules.thread;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.model.HeldLocks;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.models.ThreadEntries;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A blocking call inside {@code synchronized} in code that runs on a virtual thread, when the
 * sources target Java 21, 22 or 23. On those releases a virtual thread that blocks while holding a
 * monitor pins its carrier thread (JEP 491 lifted this in Java 24). The target release comes from
 * {@code --language-level} (the Maven plugin passes {@code maven.compiler.release}); with no
 * explicit level the rule is quiet. Virtual-thread code is what the file shows: tasks given to
 * {@code Thread.startVirtualThread}, {@code Thread.ofVirtual()...start/unstarted}, and executors
 * initialised with {@code Executors.newVirtualThreadPerTaskExecutor()}, plus the methods of the
 * same class those tasks call directly.
 */
public final class VirtualThreadPinning implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "virtual-thread-pinning",
              Family.THREAD,
              Severity.INFO,
              "Blocking inside synchronized on a virtual thread (Java 21-23)",
              "On Java 21 to 23 a virtual thread that blocks (sleep, wait, a queue, a future, a"
                  + " latch) while inside a synchronized block or method cannot unmount: it pins"
                  + " its carrier thread, one of only as many as there are cores. A few such"
                  + " tasks stall every other virtual thread, and in the worst case deadlock"
                  + " the scheduler. Java 24 (JEP 491) removes the pinning. Reported only when"
                  + " the target release is known to be 21, 22 or 23 (--language-level, or the"
                  + " Maven plugin's maven.compiler.release).")
          .equivalent(Tool.SONARJAVA, "S6906")
          .fix(
              "Guard the blocking section with a java.util.concurrent.locks.ReentrantLock instead of synchronized, move the blocking call out of the synchronized block, or target Java 24+.");

  /** What hands a task to an executor's thread: the model's vocabulary, not a list of our own. */
  private static final Set<String> HAND_OFFS =
      ThreadEntries.HANDOFFS.get(JdkTypes.EXECUTOR_SERVICE);

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    if (file.targetRelease().isEmpty()
        || file.targetRelease().getAsInt() < 21
        || file.targetRelease().getAsInt() > 23) {
      return;
    }
    Map<Node, List<TypeCondition>> reported = new IdentityHashMap<>();
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      if (call.getArguments().isEmpty() || !startsVirtual(file, call)) {
        continue;
      }
      for (Node body : TaskBodies.withSameClassCallees(TaskBodies.of(file, call.getArgument(0)))) {
        for (MethodCallExpr inner : Bodies.findAllInSameBody(body, MethodCallExpr.class)) {
          if (!HeldLocks.anyMonitorHeld(inner)) {
            continue;
          }
          blocking(file, inner).ifPresent(conditions -> reported.putIfAbsent(inner, conditions));
        }
      }
    }
    reported.forEach(
        (node, conditions) ->
            sink.report(
                finding(
                    file,
                    node,
                    String.format(
                        "'%s' blocks inside synchronized on a virtual thread, which pins its"
                            + " carrier thread on Java 21-23; use a ReentrantLock or block"
                            + " outside the synchronized block",
                        ((MethodCallExpr) node).getNameAsString())),
                conditions));
  }

  /** A call that runs its first argument on a virtual thread. */
  private static boolean startsVirtual(FileContext file, MethodCallExpr call) {
    String name = call.getNameAsString();
    Optional<Expression> scope = call.getScope();
    if (scope.isEmpty()) {
      return false;
    }
    if (name.equals("startVirtualThread")) {
      return file.staticScopeType(scope.get()).filter(t -> t.mayBe(JdkTypes.THREAD)).isPresent();
    }
    if (name.equals("start") || name.equals("unstarted")) {
      return isVirtualBuilder(file, scope.get());
    }
    if (HAND_OFFS.contains(name)) {
      Expression receiver = FileContext.unwrap(scope.get());
      if (isVirtualExecutorCreation(file, receiver)) {
        return true;
      }
      return file.variableOf(receiver)
          .map(Variable::declaration)
          .filter(VariableDeclarator.class::isInstance)
          .flatMap(d -> ((VariableDeclarator) d).getInitializer())
          .filter(init -> isVirtualExecutorCreation(file, init))
          .isPresent();
    }
    return false;
  }

  /** {@code Thread.ofVirtual()...}: a builder chain that starts at ofVirtual. */
  private static boolean isVirtualBuilder(FileContext file, Expression expression) {
    Expression current = FileContext.unwrap(expression);
    while (current instanceof MethodCallExpr link) {
      if (link.getNameAsString().equals("ofVirtual")) {
        return link.getScope()
            .flatMap(file::staticScopeType)
            .filter(t -> t.mayBe(JdkTypes.THREAD))
            .isPresent();
      }
      current = link.getScope().orElse(null);
    }
    return false;
  }

  /**
   * {@code Executors.newVirtualThreadPerTaskExecutor()}, or {@code newThreadPerTaskExecutor} with a
   * {@code Thread.ofVirtual()} factory.
   */
  private static boolean isVirtualExecutorCreation(FileContext file, Expression expression) {
    Expression bare = FileContext.unwrap(expression);
    if (!(bare instanceof MethodCallExpr call)
        || call.getScope()
            .flatMap(file::staticScopeType)
            .filter(t -> t.mayBe(JdkTypes.EXECUTORS))
            .isEmpty()) {
      return false;
    }
    return call.getNameAsString().equals("newVirtualThreadPerTaskExecutor")
        || (call.getNameAsString().equals("newThreadPerTaskExecutor")
            && call.getArguments().size() == 1
            && isVirtualBuilder(file, call.getArgument(0)));
  }

  /** The type conditions under which the call blocks, or empty when it does not (or is unknown). */
  private static Optional<List<TypeCondition>> blocking(FileContext file, MethodCallExpr call) {
    String name = call.getNameAsString();
    int arguments = call.getArguments().size();
    if (name.equals("wait") && arguments <= 2) {
      return Optional.of(List.of()); // Object.wait: parks while holding the monitor
    }
    if (call.getScope().isEmpty()) {
      return Optional.empty();
    }
    Expression scope = call.getScope().get();
    if (name.equals("sleep")) {
      boolean threadSleep = scope instanceof NameExpr n && n.getNameAsString().equals("Thread");
      return threadSleep ? Optional.of(List.of()) : Optional.empty();
    }
    TypeRef type = file.typeOf(scope);
    if (!type.isKnown()) {
      return Optional.empty();
    }
    String supertype =
        switch (name) {
          case "join" -> arguments <= 1 ? firstOf(type, JdkTypes.THREAD) : null;
          case "get" -> arguments == 0 ? firstOf(type, JdkTypes.FUTURE) : null;
          case "take", "put" -> firstOf(type, JdkTypes.BLOCKING_QUEUE);
          case "await" -> arguments == 0 ? firstOf(type, JdkTypes.COUNT_DOWN_LATCH) : null;
          case "acquire" -> firstOf(type, JdkTypes.SEMAPHORE);
          default -> null;
        };
    return supertype == null
        ? Optional.empty()
        : Optional.of(List.of(new TypeCondition(type, supertype)));
  }

  private static String firstOf(TypeRef type, String... supertypes) {
    for (String supertype : supertypes) {
      if (FileContext.couldBe(type, supertype)) {
        return supertype;
      }
    }
    return null;
  }
}
