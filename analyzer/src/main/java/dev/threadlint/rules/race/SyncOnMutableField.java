package dev.threadlint.rules.race;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.Optional;

/** {@code synchronized (f)} on a field that is not final: another thread may lock another object. */
public final class SyncOnMutableField implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "sync-on-mutable-field",
              Family.RACE,
              Severity.WARNING,
              "synchronized on a non-final field",
              "When the field is reassigned, threads that read it before and after lock two"
                  + " different objects and run the critical section at the same time.")
          .equivalent(Tool.SPOTBUGS, "ML_SYNC_ON_FIELD_TO_GUARD_CHANGING_THAT_FIELD")
          .equivalent(Tool.ERROR_PRONE, "SynchronizeOnNonFinalField")
          .equivalent(Tool.SONARJAVA, "S2445")
          .fix("Lock a dedicated private final Object (or a final Lock) instead of the changing field.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (SynchronizedStmt sync : file.unit().findAll(SynchronizedStmt.class)) {
      Expression lock = FileContext.unwrap(sync.getExpression());
      Optional<Variable> field = file.variableOf(lock).filter(Variable::isField);
      if (field.isPresent() && !field.get().isFinal()) {
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
}
