package dev.threadlint.rules.race;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.model.ModelQueries;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.Optional;

/**
 * {@code if (INSTANCE == null) INSTANCE = new X();} on a static, non-volatile field without any
 * lock, in a class that shows it is used by several threads (it synchronizes, has locks, volatile
 * or @GuardedBy fields, or is @ThreadSafe).
 */
public final class UnsafeLazyInit implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "unsafe-lazy-init",
              Family.RACE,
              Severity.WARNING,
              "Static field lazily initialised without synchronization",
              "Two threads can both see null and both create the object, and a thread can see"
                  + " the reference before the object's fields: singletons get created twice and"
                  + " half-built instances escape.")
          .equivalent(Tool.SPOTBUGS, "LI_LAZY_INIT_STATIC")
          .equivalent(Tool.SONARJAVA, "S2444")
          .fix(
              "Initialise the field eagerly, use the holder-class idiom, or synchronize the getter.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (IfStmt check : file.all(IfStmt.class)) {
      Optional<Variable> field = DoubleCheckedLocking.nullChecked(file, check.getCondition());
      if (field.isEmpty()
          || !field.get().isField()
          || !field.get().isStatic()
          || field.get().isVolatile()
          || field.get().isFinal()
          || check.findAncestor(SynchronizedStmt.class).isPresent()
          || check
              .findAncestor(MethodDeclaration.class)
              .filter(MethodDeclaration::isSynchronized)
              .isPresent()
          || !check.getThenStmt().findAll(SynchronizedStmt.class).isEmpty()
          || !ModelQueries.showsConcurrency(file, field.get())) {
        continue;
      }
      for (AssignExpr assign : check.getThenStmt().findAll(AssignExpr.class)) {
        if (file.variableOf(assign.getTarget()).filter(field.get()::equals).isPresent()
            && ModelQueries.noLockHeld(file, assign.getTarget())) {
          sink.report(
              finding(
                  file,
                  assign,
                  String.format(
                      "static '%s' is initialised lazily without a lock: two threads can both"
                          + " create it; initialise it eagerly or use a holder class",
                      field.get().name())));
          break;
        }
      }
    }
  }
}
