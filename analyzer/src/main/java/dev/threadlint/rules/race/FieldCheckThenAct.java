package dev.threadlint.rules.race;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.flow.Bodies;
import dev.threadlint.model.HeldLocks;
import dev.threadlint.models.LockVocabulary;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The field shape of check-then-act: a volatile field (or an atomic's {@code get()}) tested, then
 * written in the branch the test guards (an atomic's {@code set()}), together with other work that
 * must happen once per change ({@code if (!m.equals(current)) { current = m; rebuildPool(m); }}).
 * Volatile makes each read and write visible, not the pair atomic: two threads can both pass the
 * test and both do the work, in either order, leaving the field and what was built from it
 * disagreeing. A branch that only assigns the field (the racy single-check cache, {@code if (h ==
 * 0) h = compute();}) may compute twice but ends consistent, and is left alone.
 */
final class FieldCheckThenAct {
  private FieldCheckThenAct() {}

  /** The test, the write in its branch, and the field. */
  record Found(Node check, Node write, Variable field) {}

  static Optional<Found> in(FileContext file, IfStmt ifStmt) {
    Node body = Dominance.bodyOf(ifStmt);
    if (claimed(ifStmt, body)) {
      return Optional.empty();
    }
    for (Variable field : volatileFieldsRead(file, ifStmt.getCondition(), body)) {
      Optional<Node> write = unlockedWrite(file, ifStmt, field);
      if (write.isPresent() && doesMoreThanAssign(file, ifStmt, field)) {
        return Optional.of(new Found(ifStmt.getCondition(), write.get(), field));
      }
    }
    return Optional.empty();
  }

  private static Set<Variable> volatileFieldsRead(
      FileContext file, Expression condition, Node body) {
    Set<Variable> fields = new LinkedHashSet<>();
    condition.walk(
        Expression.class,
        e -> {
          if (e instanceof MethodCallExpr get
              && get.getNameAsString().equals("get")
              && get.getArguments().isEmpty()
              && get.getScope().isPresent()
              && Dominance.bodyOf(e) == body) {
            atomicField(file, get.getScope().get()).ifPresent(fields::add);
          }
          if ((e instanceof NameExpr || e instanceof FieldAccessExpr)
              && Dominance.bodyOf(e) == body) {
            file.variableOf(e)
                .filter(v -> v.isField() && v.isVolatile() && !v.isFinal())
                .ifPresent(fields::add);
          }
        });
    return fields;
  }

  /**
   * The if, or a condition around it in its body, claims the right with a compare-and-set, a {@code
   * tryLock} or the like ({@code if (busy == 0 && CAS(busy, 0, 1)) { .. }}): a spin lock.
   */
  private static boolean claimed(IfStmt ifStmt, Node body) {
    Node current = ifStmt;
    Node child = null;
    while (current != null && current != body) {
      Expression condition = null;
      if (current instanceof IfStmt test && (child == null || child != test.getCondition())) {
        condition = test.getCondition();
      } else if (current instanceof com.github.javaparser.ast.stmt.WhileStmt loop) {
        condition = loop.getCondition();
      }
      if (condition != null
          && condition.findAll(MethodCallExpr.class).stream()
              .map(MethodCallExpr::getNameAsString)
              .anyMatch(LockVocabulary::isClaim)) {
        return true;
      }
      child = current;
      current = current.getParentNode().orElse(null);
    }
    return false;
  }

  /**
   * A final field of an atomic type ({@code AtomicReference}, {@code AtomicBoolean}...): its {@code
   * get()} and {@code set()} are the volatile read and write.
   */
  private static Optional<Variable> atomicField(FileContext file, Expression scope) {
    return file.variableOf(scope)
        .filter(v -> v.isField() && v.type().simpleName().startsWith("Atomic"));
  }

  /**
   * A plain write of the field in the then-branch ({@code f = x}, or {@code f.set(x)} on an
   * atomic), with no lock held (a locked one re-checks).
   */
  private static Optional<Node> unlockedWrite(FileContext file, IfStmt ifStmt, Variable field) {
    for (Node node : Bodies.findAllInSameBody(ifStmt.getThenStmt(), Node.class)) {
      if (isWriteOf(file, node, field) && HeldLocks.at(file, node).isEmpty()) {
        return Optional.of(node);
      }
    }
    return Optional.empty();
  }

  private static boolean isWriteOf(FileContext file, Node node, Variable field) {
    if (node instanceof AssignExpr assign) {
      return assign.getOperator() == AssignExpr.Operator.ASSIGN
          && file.variableOf(assign.getTarget()).filter(field::equals).isPresent();
    }
    return node instanceof MethodCallExpr call
        && (call.getNameAsString().equals("set") || call.getNameAsString().equals("lazySet"))
        && call.getArguments().size() == 1
        && call.getScope().flatMap(file::variableOf).filter(field::equals).isPresent();
  }

  /**
   * The branch does work besides assigning the field: writes another field, or calls a method as a
   * statement (logging aside).
   */
  private static boolean doesMoreThanAssign(FileContext file, IfStmt ifStmt, Variable field) {
    for (ExpressionStmt statement :
        Bodies.findAllInSameBody(ifStmt.getThenStmt(), ExpressionStmt.class)) {
      Expression expression = statement.getExpression();
      if (expression instanceof AssignExpr assign
          && file.variableOf(assign.getTarget())
              .filter(v -> v.isField() && !v.equals(field))
              .isPresent()) {
        return true;
      }
      if (expression instanceof com.github.javaparser.ast.expr.UnaryExpr step
          && file.variableOf(step.getExpression()).filter(Variable::isField).isPresent()) {
        return true; // count++
      }
      if (expression instanceof MethodCallExpr call
          && !isLogging(file, call)
          && !isWriteOf(file, call, field)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLogging(FileContext file, MethodCallExpr call) {
    Optional<Expression> scope = call.getScope();
    if (scope.isEmpty()) {
      return false;
    }
    String type = file.typeOf(scope.get()).simpleName().toLowerCase(Locale.ROOT);
    String text = scope.get().toString().toLowerCase(Locale.ROOT);
    return type.contains("log")
        || text.equals("log")
        || text.equals("logger")
        || text.endsWith(".log")
        || text.startsWith("system.");
  }
}
