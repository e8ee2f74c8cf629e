package dev.threadlint.rules.lock;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.models.LockVocabulary;
import dev.threadlint.models.ThreadEntries;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code notify()} or {@code signal()} on a monitor or condition that threads wait on for different
 * reasons: the one thread woken may be waiting for something else, go back to sleep, and the thread
 * that could proceed is never woken. Unlike "every notify is suspect", this reports only when the
 * file shows at least two wait sites on the same monitor (of {@code this} in one class, or one
 * field) or condition whose loops re-check different conditions.
 */
public final class NotifyNotAll implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "notify-not-all",
              Family.LOCK,
              Severity.WARNING,
              "notify()/signal() where the waiters wait for different conditions",
              "notify() and signal() wake one waiting thread, chosen by the JVM. When threads wait"
                  + " on the same monitor or condition for different things (a producer for room,"
                  + " a consumer for an element), the woken thread may be one whose condition still"
                  + " does not hold: it waits again, the wake-up is lost, and a thread that could"
                  + " have gone on sleeps for ever.")
          .equivalent(Tool.PMD, "UseNotifyAllInsteadOfNotify")
          .equivalent(Tool.SONARJAVA, "S2446")
          .fix(
              "Use notifyAll()/signalAll(), or give each kind of waiter its own Condition"
                  + " (notFull, notEmpty) and signal the one whose state changed.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    Map<Object, Set<String>> reasons = new LinkedHashMap<>();
    Map<Object, List<MethodCallExpr>> waits = new LinkedHashMap<>();
    List<MethodCallExpr> wakes = new ArrayList<>();
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      String name = call.getNameAsString();
      boolean isWait = LockVocabulary.WAITS.contains(name) && call.getArguments().size() <= 2;
      boolean isWake =
          (name.equals("notify") || name.equals("signal")) && call.getArguments().isEmpty();
      if (!isWait && !isWake) {
        continue;
      }
      Optional<Object> key = monitorOf(file, call);
      if (key.isEmpty()) {
        continue;
      }
      if (isWait) {
        String reason = loopCondition(file, call);
        if (!reason.isEmpty()) {
          reasons.computeIfAbsent(key.get(), k -> new LinkedHashSet<>()).add(reason);
        }
        waits.computeIfAbsent(key.get(), k -> new ArrayList<>()).add(call);
      } else {
        wakes.add(call);
      }
    }
    for (MethodCallExpr wake : wakes) {
      Object key = monitorOf(file, wake).orElseThrow();
      Set<String> waitedFor = reasons.getOrDefault(key, Set.of());
      Optional<String> broadcast = oneWayState(file, wake, waits.getOrDefault(key, List.of()));
      if (waitedFor.size() < 2 && broadcast.isEmpty()) {
        continue;
      }
      boolean signal = wake.getNameAsString().equals("signal");
      String why =
          waitedFor.size() >= 2
              ? String.format(
                  "threads wait here for different conditions (%s): the woken one may not be"
                      + " able to proceed and the wake-up is lost",
                  String.join("; ", waitedFor))
              : String.format(
                  "'%s' only ever changes one way and every waiter can go on once it has, yet"
                      + " only one is woken and any other thread waiting in %s sleeps on",
                  broadcast.get(), "a public method");
      List<TypeCondition> conditions =
          signal
              ? List.of(new TypeCondition(file.typeOf(wake.getScope().get()), JdkTypes.CONDITION))
              : List.of();
      sink.report(
          finding(
              file,
              wake,
              String.format(
                  "'%s()' wakes one thread, but %s; use %s",
                  wake.getNameAsString(),
                  why,
                  signal ? "signalAll() or one Condition per kind of waiter" : "notifyAll()")),
          conditions);
    }
  }

  /**
   * The state a wake-up announces when it is one-way: the waking method assigns a field that some
   * waiter's loop re-checks, and no method that waits assigns it (waiters do not consume it, like a
   * completion flag). Only for waits in non-private methods other than run()/call(), which any
   * number of threads may be blocked in.
   */
  private static Optional<String> oneWayState(
      FileContext file, MethodCallExpr wake, List<MethodCallExpr> waits) {
    Optional<CallableDeclaration> notifier = wake.findAncestor(CallableDeclaration.class);
    if (notifier.isEmpty()) {
      return Optional.empty();
    }
    Set<Variable> assignedByWaiters = new HashSet<>();
    for (MethodCallExpr wait : waits) {
      wait.findAncestor(CallableDeclaration.class)
          .ifPresent(body -> assignedByWaiters.addAll(assignedFields(file, body)));
    }
    Set<Variable> announced = assignedFields(file, notifier.get());
    for (MethodCallExpr wait : waits) {
      Optional<CallableDeclaration> waiter = wait.findAncestor(CallableDeclaration.class);
      if (waiter.isEmpty()
          || waiter.get().isPrivate()
          || ThreadEntries.TASK_METHODS.containsValue(waiter.get().getNameAsString())
          || waiter.get() == notifier.get()) {
        continue;
      }
      for (Variable field : fieldsInLoopCondition(file, wait)) {
        if (announced.contains(field) && !assignedByWaiters.contains(field)) {
          return Optional.of(field.name());
        }
      }
    }
    return Optional.empty();
  }

  private static Set<Variable> assignedFields(FileContext file, Node body) {
    Set<Variable> fields = new HashSet<>();
    for (com.github.javaparser.ast.expr.AssignExpr assign :
        body.findAll(com.github.javaparser.ast.expr.AssignExpr.class)) {
      file.variableOf(assign.getTarget()).filter(Variable::isField).ifPresent(fields::add);
    }
    for (com.github.javaparser.ast.expr.UnaryExpr unary :
        body.findAll(com.github.javaparser.ast.expr.UnaryExpr.class)) {
      if (unary.getOperator()
              == com.github.javaparser.ast.expr.UnaryExpr.Operator.LOGICAL_COMPLEMENT
          || unary.getOperator() == com.github.javaparser.ast.expr.UnaryExpr.Operator.MINUS
          || unary.getOperator() == com.github.javaparser.ast.expr.UnaryExpr.Operator.PLUS
          || unary.getOperator()
              == com.github.javaparser.ast.expr.UnaryExpr.Operator.BITWISE_COMPLEMENT) {
        continue; // reads, not updates
      }
      file.variableOf(unary.getExpression()).filter(Variable::isField).ifPresent(fields::add);
    }
    return fields;
  }

  private static Set<Variable> fieldsInLoopCondition(FileContext file, MethodCallExpr wait) {
    Set<Variable> fields = new HashSet<>();
    Node current = wait.getParentNode().orElse(null);
    while (current != null && !(current instanceof CallableDeclaration<?>)) {
      Optional<Expression> condition =
          current instanceof WhileStmt loop
              ? Optional.of(loop.getCondition())
              : current instanceof DoStmt loop
                  ? Optional.of(loop.getCondition())
                  : Optional.empty();
      if (condition.isPresent()) {
        for (NameExpr name : condition.get().findAll(NameExpr.class)) {
          file.variableOf(name).filter(Variable::isField).ifPresent(fields::add);
        }
        for (com.github.javaparser.ast.expr.FieldAccessExpr access :
            condition.get().findAll(com.github.javaparser.ast.expr.FieldAccessExpr.class)) {
          file.variableOf(access).filter(Variable::isField).ifPresent(fields::add);
        }
        return fields;
      }
      current = current.getParentNode().orElse(null);
    }
    return fields;
  }

  /**
   * Identity of the monitor or condition a wait or wake uses: the declaring class for {@code this}
   * (the monitor of an anonymous class is its own), the field for a field. Locals, parameters and
   * other expressions are not named.
   */
  private static Optional<Object> monitorOf(FileContext file, MethodCallExpr call) {
    String name = call.getNameAsString();
    boolean monitorCall = name.equals("wait") || name.equals("notify");
    Optional<Expression> scope = call.getScope().map(FileContext::unwrap);
    if (scope.isEmpty() || scope.get() instanceof ThisExpr self && self.getTypeName().isEmpty()) {
      if (!monitorCall) {
        return Optional.empty();
      }
      return enclosingClass(call).map(c -> (Object) c);
    }
    Optional<Variable> field = file.variableOf(scope.get()).filter(Variable::isField);
    if (field.isEmpty()) {
      return Optional.empty();
    }
    if (!monitorCall) {
      TypeRef type = field.get().type();
      if (!type.isKnown() || !FileContext.couldBe(type, JdkTypes.CONDITION)) {
        return Optional.empty();
      }
    }
    return Optional.of(field.get());
  }

  private static Optional<Node> enclosingClass(Node node) {
    Node current = node.getParentNode().orElse(null);
    while (current != null) {
      if (current instanceof TypeDeclaration<?>
          || current instanceof ObjectCreationExpr creation
              && creation.getAnonymousClassBody().isPresent()) {
        return Optional.of(current);
      }
      current = current.getParentNode().orElse(null);
    }
    return Optional.empty();
  }

  /**
   * What a wait waits for: the parts of its loop's condition that read shared state, joined. Parts
   * that read only locals (a timeout left, a flag of this call) are dropped, so the timed and the
   * untimed wait for the same state count as one kind of waiter. Empty when unknown (no loop, or a
   * loop on locals only): such a wait is not counted as a different kind.
   */
  private static String loopCondition(FileContext file, MethodCallExpr wait) {
    Node current = wait.getParentNode().orElse(null);
    while (current != null
        && !(current instanceof com.github.javaparser.ast.body.CallableDeclaration<?>)) {
      Optional<Expression> condition = Optional.empty();
      if (current instanceof WhileStmt loop) {
        condition = Optional.of(loop.getCondition());
      } else if (current instanceof DoStmt loop) {
        condition = Optional.of(loop.getCondition());
      } else if (current instanceof ForStmt loop) {
        condition = loop.getCompare();
      }
      if (current instanceof WhileStmt || current instanceof DoStmt || current instanceof ForStmt) {
        if (condition.isEmpty()) {
          return "";
        }
        List<String> parts = new ArrayList<>();
        for (Expression part : operands(condition.get())) {
          if (readsState(file, part)) {
            parts.add(part.toString());
          }
        }
        return String.join(" && ", parts);
      }
      current = current.getParentNode().orElse(null);
    }
    return "";
  }

  /** The operands of a chain of && and ||, parentheses removed. */
  private static List<Expression> operands(Expression condition) {
    Expression bare = FileContext.unwrap(condition);
    if (bare instanceof BinaryExpr binary
        && (binary.getOperator() == BinaryExpr.Operator.AND
            || binary.getOperator() == BinaryExpr.Operator.OR)) {
      List<Expression> all = new ArrayList<>(operands(binary.getLeft()));
      all.addAll(operands(binary.getRight()));
      return all;
    }
    return List.of(bare);
  }

  /** True when the expression may read a field: a name that is no local, or a call on this. */
  private static boolean readsState(FileContext file, Expression part) {
    for (NameExpr name : part.findAll(NameExpr.class)) {
      Optional<Variable> variable = file.variableOf(name);
      if (variable.isPresent() ? variable.get().isField() : !isTypeName(name)) {
        return true;
      }
    }
    for (MethodCallExpr call : part.findAll(MethodCallExpr.class)) {
      if (call.getScope().isEmpty() || call.getScope().get() instanceof ThisExpr) {
        return true;
      }
    }
    return !part.findAll(com.github.javaparser.ast.expr.FieldAccessExpr.class).stream()
        .filter(f -> f.getScope() instanceof ThisExpr)
        .toList()
        .isEmpty();
  }

  private static boolean isTypeName(NameExpr name) {
    return Character.isUpperCase(name.getNameAsString().charAt(0));
  }
}
