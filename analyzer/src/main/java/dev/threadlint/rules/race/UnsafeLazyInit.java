package dev.threadlint.rules.race;

import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.stmt.IfStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.model.FileParallelism;
import dev.threadlint.model.HeldLocks;
import dev.threadlint.model.ModelQueries;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.Optional;

/**
 * {@code if (INSTANCE == null) INSTANCE = new X();} on a static, non-volatile field without any
 * lock ({@link HeldLocks}, in the body or assumed by it), in a class whose summary shows it is used
 * by several threads (it synchronizes, has locks, volatile or @GuardedBy fields, or is
 * {@code @ThreadSafe}). (A lazy static in a task that runs in parallel with itself is data-race's.)
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
          || !ModelQueries.noLockHeld(file, check)
          || locksInside(file, check)
          || !ModelQueries.showsConcurrency(file, field.get())
          || FileParallelism.of(file).lockedOnEntry(check)) {
        continue; // locked, double-checked (that rule's), or nothing says threads use the class
      }
      for (AssignExpr assign : Bodies.findAllInSameBody(check.getThenStmt(), AssignExpr.class)) {
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

  /** The branch takes a lock somewhere: a double check, which double-checked-locking judges. */
  private static boolean locksInside(FileContext file, IfStmt check) {
    return Bodies.findInSameBody(
            check.getThenStmt(),
            n ->
                n instanceof com.github.javaparser.ast.stmt.Statement
                    && !HeldLocks.at(file, n).isEmpty())
        .isPresent();
  }
}
