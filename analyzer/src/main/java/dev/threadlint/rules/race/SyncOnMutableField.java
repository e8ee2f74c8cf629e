package dev.threadlint.rules.race;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.race.Races;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.Optional;
import java.util.Set;

/**
 * {@code synchronized (f)} on a field that is not final: another thread may lock another object.
 */
public final class SyncOnMutableField implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "sync-on-mutable-field",
              Family.RACE,
              Severity.WARNING,
              "synchronized on a non-final field",
              "When the field is reassigned, threads that read it before and after lock two"
                  + " different objects and run the critical section at the same time. Reported"
                  + " when the file reassigns the field outside construction, deserialization,"
                  + " lifecycle set-up and lazy creation from null.")
          .equivalent(Tool.SPOTBUGS, "ML_SYNC_ON_FIELD_TO_GUARD_CHANGING_THAT_FIELD")
          .equivalent(Tool.ERROR_PRONE, "SynchronizeOnNonFinalField")
          .equivalent(Tool.SONARJAVA, "S2445")
          .equivalent(Tool.INTELLIJ, "SynchronizeOnNonFinalField")
          .fix(
              "Lock a dedicated private final Object (or a final Lock) instead of the changing field.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (SynchronizedStmt sync : file.unit().findAll(SynchronizedStmt.class)) {
      Expression lock = FileContext.unwrap(sync.getExpression());
      Optional<Variable> field = file.variableOf(lock).filter(Variable::isField);
      if (field.isPresent() && !field.get().isFinal() && canChange(file, field.get())) {
        sink.report(
            finding(
                file,
                sync.getExpression(),
                String.format(
                    "synchronized on '%s', which is not final: once it is reassigned, threads lock"
                        + " different objects; lock a private final object instead",
                    field.get().name())));
      }
    }
  }

  /**
   * The lock can change when some code other than construction, deserialization or lifecycle set-up
   * assigns the field, other than a lazy {@code if (f == null) f = ...}. A field nobody reassigns
   * is final in all but name: worth a final, not a warning.
   */
  private static boolean canChange(FileContext file, Variable field) {
    return file.unit().findAll(AssignExpr.class).stream()
        .filter(
            a ->
                file.variableOf(FileContext.unwrap(a.getTarget()))
                    .filter(field::equals)
                    .isPresent())
        .anyMatch(a -> !isSetUp(Dominance.bodyOf(a)) && !isLazyCreation(file, a, field));
  }

  private static boolean isSetUp(Node body) {
    return body instanceof ConstructorDeclaration
        || body instanceof InitializerDeclaration
        || (body instanceof MethodDeclaration method
            && (DESERIALIZATION.contains(method.getNameAsString())
                || Races.isSetUpMethod(method.getNameAsString())));
  }

  /** Inside {@code if (field == null)}: the field goes from nothing to its one value. */
  private static boolean isLazyCreation(FileContext file, AssignExpr assign, Variable field) {
    Node current = assign.getParentNode().orElse(null);
    while (current != null
        && !(current instanceof com.github.javaparser.ast.body.CallableDeclaration<?>)) {
      if (current instanceof IfStmt test
          && test.getCondition() instanceof BinaryExpr check
          && check.getOperator() == BinaryExpr.Operator.EQUALS
          && (check.getRight() instanceof NullLiteralExpr
                  && file.variableOf(FileContext.unwrap(check.getLeft()))
                      .filter(field::equals)
                      .isPresent()
              || check.getLeft() instanceof NullLiteralExpr
                  && file.variableOf(FileContext.unwrap(check.getRight()))
                      .filter(field::equals)
                      .isPresent())) {
        return true;
      }
      current = current.getParentNode().orElse(null);
    }
    return false;
  }

  private static final Set<String> DESERIALIZATION =
      Set.of("readObject", "doReadObject", "readResolve", "readObjectNoData");
}
