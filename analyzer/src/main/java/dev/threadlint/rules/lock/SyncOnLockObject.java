package dev.threadlint.rules.lock;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.findings.Severity;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.models.LockVocabulary;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.List;
import java.util.Optional;

/**
 * A {@code java.util.concurrent} lock or condition used as a plain monitor: {@code synchronized
 * (lock)} or {@code condition.wait()}. The monitor of a lock object is unrelated to the lock it
 * implements, so the code excludes nobody who uses the lock properly. Only receivers whose declared
 * type is known to be a lock or condition are reported; {@code this} inside a class that implements
 * {@code Lock} is its own business (a lock built on monitors).
 */
public final class SyncOnLockObject implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "sync-on-lock-object",
              Family.LOCK,
              Severity.ERROR,
              "synchronized on a Lock or Condition, or wait/notify called on one",
              "A java.util.concurrent Lock, ReadWriteLock, StampedLock or Condition is also an"
                  + " ordinary object with its own monitor, and that monitor has nothing to do with"
                  + " the lock: synchronized (lock) does not exclude a thread that calls"
                  + " lock.lock(), and condition.wait() waits for a notify nobody sends (signal()"
                  + " wakes await(), not wait()). The code looks guarded and is not.")
          .equivalent(
              Tool.SPOTBUGS,
              "JLM_JSR166_LOCK_MONITORENTER",
              "JML_JSR166_CALLING_WAIT_RATHER_THAN_AWAIT",
              "JLM_JSR166_UTILCONCURRENT_MONITORENTER")
          .equivalent(Tool.SONARJAVA, "S2442")
          .fix(
              "Use the lock's own protocol: lock()/try/finally unlock() instead of synchronized, and"
                  + " await()/signal()/signalAll() on a Condition instead of wait()/notify().");

  /** The lock-like types whose monitor is a trap. */
  private static final List<String> LOCK_TYPES =
      List.of(JdkTypes.LOCK, JdkTypes.READ_WRITE_LOCK, JdkTypes.STAMPED_LOCK, JdkTypes.CONDITION);

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (SynchronizedStmt sync : file.all(SynchronizedStmt.class)) {
      Expression lock = FileContext.unwrap(sync.getExpression());
      lockType(file, lock)
          .ifPresent(
              match ->
                  sink.report(
                      finding(
                          file,
                          sync.getExpression(),
                          String.format(
                              "synchronized on '%s', a %s: its monitor is not the lock, so this"
                                  + " excludes nobody who uses it properly; use %s",
                              lock, match.kind(), match.advice())),
                      List.of(match.condition())));
    }
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      if (!LockVocabulary.MONITOR_METHODS.contains(call.getNameAsString())
          || call.getArguments().size() > 2
          || call.getScope().isEmpty()) {
        continue;
      }
      Expression receiver = FileContext.unwrap(call.getScope().get());
      lockType(file, receiver)
          .ifPresent(
              match ->
                  sink.report(
                      finding(
                          file,
                          call,
                          String.format(
                              "'%s.%s()' uses the monitor of a %s, not the %s itself; use %s",
                              receiver,
                              call.getNameAsString(),
                              match.kind(),
                              match.kind(),
                              match.advice())),
                      List.of(match.condition())));
    }
  }

  /** What the expression is, when its declared type is a lock or a condition. */
  private static Optional<Match> lockType(FileContext file, Expression expression) {
    if (expression instanceof ThisExpr) {
      return Optional.empty(); // a class implementing Lock may build it on its own monitor
    }
    TypeRef type = file.typeOf(expression);
    if (!type.isKnown()) {
      return Optional.empty();
    }
    for (String lockType : LOCK_TYPES) {
      if (FileContext.couldBe(type, lockType)) {
        boolean condition = lockType.equals(JdkTypes.CONDITION);
        return Optional.of(
            new Match(
                condition ? "Condition" : "lock",
                condition
                    ? "await()/signal()/signalAll() with its lock held"
                    : "lock()/try/finally unlock()",
                new TypeCondition(type, lockType)));
      }
    }
    return Optional.empty();
  }

  private record Match(String kind, String advice, TypeCondition condition) {}
}
