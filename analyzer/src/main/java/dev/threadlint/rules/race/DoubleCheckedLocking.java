package dev.threadlint.rules.race;

import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.List;
import java.util.Optional;

/**
 * {@code if (f == null) { synchronized (..) { if (f == null) { f = ...; } } }} on a field that is
 * not volatile: the unsynchronized first check can see the reference before the object's fields.
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
                  + " use an object whose fields are not yet set.")
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
      Optional<Variable> field = nullChecked(file, outer.getCondition());
      if (field.isEmpty() || field.get().isVolatile() || !field.get().isField()) {
        continue;
      }
      for (SynchronizedStmt sync : outer.getThenStmt().findAll(SynchronizedStmt.class)) {
        for (IfStmt inner : sync.getBody().findAll(IfStmt.class)) {
          if (nullChecked(file, inner.getCondition()).filter(field.get()::equals).isEmpty()) {
            continue;
          }
          for (AssignExpr assign : inner.getThenStmt().findAll(AssignExpr.class)) {
            if (file.variableOf(assign.getTarget()).filter(field.get()::equals).isPresent()) {
              sink.report(
                  finding(
                          file,
                          outer.getCondition(),
                          String.format(
                              "double-checked locking on '%s', which is not volatile: another"
                                  + " thread can see it set before the object is fully built;"
                                  + " make '%s' volatile",
                              field.get().name(), field.get().name()))
                      .withRelated(List.of(file.location(assign, "assigned here"))));
            }
          }
        }
      }
    }
  }

  static Optional<Variable> nullChecked(FileContext file, Expression condition) {
    Expression bare = FileContext.unwrap(condition);
    if (bare instanceof BinaryExpr binary && binary.getOperator() == BinaryExpr.Operator.EQUALS) {
      Expression other =
          binary.getRight() instanceof NullLiteralExpr
              ? binary.getLeft()
              : binary.getLeft() instanceof NullLiteralExpr ? binary.getRight() : null;
      if (other != null) {
        return file.variableOf(other);
      }
    }
    return Optional.empty();
  }
}
