package dev.threadlint.rules.lock;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.model.LockId;
import dev.threadlint.model.LockNames;
import dev.threadlint.models.LockVocabulary;
import dev.threadlint.protocol.BodyProtocol;
import dev.threadlint.protocol.ProtocolEvent;
import dev.threadlint.protocol.Resource;
import dev.threadlint.protocol.ResourceOp;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.semaphore.ProtocolRule;
import dev.threadlint.rules.semaphore.ProtocolRules;
import java.util.List;
import java.util.Optional;

/**
 * The result of {@code tryLock()} discarded, or {@code unlock()} reached on the path where {@code
 * tryLock()} returned false.
 */
public final class TryLockIgnored implements ProtocolRule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "try-lock-ignored",
              Family.LOCK,
              Severity.ERROR,
              "Result of tryLock ignored, or unlock regardless of it",
              "tryLock() returns false when the lock is busy. Code that ignores the result runs the"
                  + " critical section without the lock, and the unlock() that follows throws"
                  + " IllegalMonitorStateException. Test the result: if (lock.tryLock()) { try { ..."
                  + " } finally { lock.unlock(); } }.")
          .fix(
              "Test the result: if (lock.tryLock()) { try { ... } finally { lock.unlock(); } } else { ... }.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkBodies(
      FileContext file, List<BodyProtocol> bodies, boolean crossFile, FindingSink sink) {
    for (BodyProtocol body : bodies) {
      for (ResourceOp op : ProtocolRules.ops(body, crossFile)) {
        if (op.kind() == ResourceOp.Kind.TRY_ACQUIRE
            && op.resource().type() == Resource.Type.LOCK
            && op.call().getParentNode().filter(ExpressionStmt.class::isInstance).isPresent()
            && !asksLaterWhetherHeld(file, op.call())) {
          sink.report(
              finding(
                  file,
                  op.call(),
                  String.format(
                      "the result of '%s'%s is ignored: the code goes on without the lock when"
                          + " it is busy; test it",
                      op.text(), ProtocolRules.via(op))),
              List.of(op.resource().condition()));
        }
      }
      for (ProtocolEvent event : ProtocolRules.events(body, crossFile)) {
        if (event instanceof ProtocolEvent.ReleaseAfterFailure failure
            && failure.fromTry()
            && failure.resource().type() == Resource.Type.LOCK) {
          sink.report(
              finding(
                      file,
                      failure.release().call(),
                      String.format(
                          "'%s' also runs when '%s' (line %d) returned false, unlocking a lock"
                              + " this thread does not hold",
                          failure.release().text(),
                          failure.failed().text(),
                          failure.failed().call().getBegin().map(p -> p.line).orElse(0)))
                  .withRelated(
                      List.of(file.location(failure.failed().call(), "tryLock may fail here"))),
              List.of(failure.resource().condition()));
        }
      }
    }
  }

  /**
   * A best-effort lock: the class ignores the result here but asks the lock itself before it
   * unlocks ({@code if (lock.isHeldByCurrentThread()) lock.unlock();}).
   */
  private static boolean asksLaterWhetherHeld(FileContext file, Node call) {
    if (!(call instanceof MethodCallExpr tryLock) || tryLock.getScope().isEmpty()) {
      return false;
    }
    Optional<LockId> lock = LockNames.lockObject(file, tryLock.getScope().get());
    if (lock.isEmpty()) {
      return false;
    }
    return call.findAncestor(TypeDeclaration.class).stream()
        .flatMap(type -> type.findAll(MethodCallExpr.class).stream())
        .anyMatch(
            c ->
                LockVocabulary.HOLD_QUERIES.contains(c.getNameAsString())
                    && c.getScope()
                        .flatMap(scope -> LockNames.lockObject(file, scope))
                        .filter(l -> l.sameObject(lock.get()))
                        .isPresent());
  }
}
