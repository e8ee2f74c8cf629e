package dev.threadlint.rules.race;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.model.FileParallelism;
import dev.threadlint.model.HeldLocks;
import dev.threadlint.model.LockId;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code if (f == null) { synchronized (..) { if (f == null) { f = ...; } } }} on a field that is
 * not volatile: the unlocked first check can see the reference before the object's fields. The
 * second check counts when it holds a lock the first does not ({@link HeldLocks}: monitors and
 * {@code Lock} regions alike); the check may test a reference for null or a boolean "done" flag
 * that publishes other fields, nested or written as guard clauses ({@code if (done) return;}).
 */
public final class DoubleCheckedLocking implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "double-checked-locking",
              Family.RACE,
              Severity.WARNING,
              "Double-checked locking on a non-volatile field",
              "Without volatile, the write of the reference and the writes inside the constructor"
                  + " may be reordered: a thread that passes the first, unsynchronized check can"
                  + " use an object whose fields are not yet set. The same holds for a boolean"
                  + " 'done' flag tested outside the lock: the state written before it may not be"
                  + " visible to a thread that sees the flag set.")
          .equivalent(Tool.SPOTBUGS, "DC_DOUBLECHECK")
          .equivalent(Tool.PMD, "DoubleCheckedLocking")
          .equivalent(Tool.ERROR_PRONE, "DoubleCheckedLocking")
          .equivalent(Tool.INTELLIJ, "DoubleCheckedLocking")
          .fix(
              "Declare the field volatile, or use the holder-class idiom (a static nested class with a static final field).");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (IfStmt outer : file.all(IfStmt.class)) {
      Optional<Variable> field = checkedField(file, outer.getCondition());
      if (field.isEmpty() || field.get().isVolatile()) {
        continue;
      }
      Set<LockId> outside = HeldLocks.at(file, outer);
      Optional<AssignExpr> write = lockedRecheck(file, outer, field.get(), outside);
      if (write.isEmpty() || FileParallelism.of(file).lockedOnEntry(outer)) {
        continue; // no locked re-check, or every caller holds a lock over the first check too
      }
      boolean flag = !(FileContext.unwrap(outer.getCondition()) instanceof BinaryExpr);
      sink.report(
          finding(
                  file,
                  outer.getCondition(),
                  flag
                      ? String.format(
                          "double-checked locking on the flag '%s', which is not volatile: a"
                              + " thread that sees it set outside the lock may still see the"
                              + " state it guards half-written; make '%s' volatile",
                          field.get().name(), field.get().name())
                      : String.format(
                          "double-checked locking on '%s', which is not volatile: another"
                              + " thread can see it set before the object is fully built;"
                              + " make '%s' volatile",
                          field.get().name(), field.get().name()))
              .withRelated(List.of(file.location(write.get(), "assigned here"))));
    }
  }

  /**
   * The second check of the same field under a lock the first check does not hold, and the write it
   * guards: nested ({@code if (f == null) { lock; if (f == null) f = ..; }}) or after a guard
   * clause ({@code if (done) return; lock; if (done) return; ..; done = true;}).
   */
  private static Optional<AssignExpr> lockedRecheck(
      FileContext file, IfStmt outer, Variable field, Set<LockId> outside) {
    for (Node region : regionAfter(outer)) {
      for (IfStmt inner : Bodies.findAllInSameBody(region, IfStmt.class)) {
        if (checkedField(file, inner.getCondition()).filter(field::equals).isEmpty()
            || outside.containsAll(HeldLocks.at(file, inner))) {
          continue;
        }
        for (Node guarded : regionAfter(inner)) {
          for (AssignExpr assign : Bodies.findAllInSameBody(guarded, AssignExpr.class)) {
            if (file.variableOf(assign.getTarget()).filter(field::equals).isPresent()) {
              return Optional.of(assign);
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * What runs only when the check said "not yet": the then-branch, or, when the then-branch leaves
   * (a guard clause), the rest of the enclosing block.
   */
  private static List<Node> regionAfter(IfStmt check) {
    if (!Implications.leaves(check.getThenStmt())
        || check.getElseStmt().isPresent()
        || !(check.getParentNode().orElse(null) instanceof BlockStmt block)) {
      return List.of(check.getThenStmt());
    }
    List<Node> rest = new ArrayList<>();
    List<Statement> statements = block.getStatements();
    for (int i = statements.indexOf(check) + 1; i < statements.size(); i++) {
      rest.add(statements.get(i));
    }
    return rest;
  }

  /**
   * The field a lazy-init check tests: {@code f == null} (either side), or a boolean flag {@code
   * f}, {@code !f}.
   */
  static Optional<Variable> checkedField(FileContext file, Expression condition) {
    Expression bare = FileContext.unwrap(condition);
    if (bare instanceof BinaryExpr binary) {
      // f == null, or f != null in a guard clause (if (f != null) return f;)
      return CollectionCheckThenAct.comparedWithNull(binary).flatMap(e -> fieldRead(file, e));
    }
    if (bare instanceof UnaryExpr not
        && not.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
      bare = FileContext.unwrap(not.getExpression());
    }
    return fieldRead(file, bare)
        .filter(
            v ->
                v.declaration() instanceof com.github.javaparser.ast.body.VariableDeclarator d
                    && d.getType().asString().equals("boolean"));
  }

  /**
   * The field an expression reads: the field itself, or a local initialised from it ({@code T r =
   * field; if (r == null)}), which tests the same unlocked read.
   */
  private static Optional<Variable> fieldRead(FileContext file, Expression expression) {
    Optional<Variable> variable = file.variableOf(expression);
    if (variable.isPresent()
        && variable.get().kind() == Variable.Kind.LOCAL
        && variable.get().declaration()
            instanceof com.github.javaparser.ast.body.VariableDeclarator declarator
        && declarator.getInitializer().isPresent()) {
      return file.variableOf(declarator.getInitializer().get()).filter(Variable::isField);
    }
    return variable.filter(Variable::isField);
  }

  static Optional<Variable> nullChecked(FileContext file, Expression condition) {
    Expression bare = FileContext.unwrap(condition);
    if (bare instanceof BinaryExpr binary && binary.getOperator() == BinaryExpr.Operator.EQUALS) {
      Expression other =
          binary.getRight() instanceof NullLiteralExpr
              ? binary.getLeft()
              : binary.getLeft() instanceof NullLiteralExpr ? binary.getRight() : null;
      if (other != null) {
        return file.variableOf(other).filter(Variable::isField);
      }
    }
    return Optional.empty();
  }
}
