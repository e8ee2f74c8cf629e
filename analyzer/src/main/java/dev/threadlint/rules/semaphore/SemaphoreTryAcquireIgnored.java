package dev.threadlint.rules.semaphore;

import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.protocol.BodyProtocol;
import dev.threadlint.protocol.Resource;
import dev.threadlint.protocol.ResourceOp;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.RuleMetadata;
import java.util.List;

/** {@code sem.tryAcquire(..)} as a statement: whether a permit was obtained is thrown away. */
public final class SemaphoreTryAcquireIgnored implements ProtocolRule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "semaphore-try-acquire-ignored",
              Family.SEMAPHORE,
              Severity.ERROR,
              "Result of Semaphore.tryAcquire ignored",
              "tryAcquire returns false when no permit is available (or the timeout passed). Code"
                  + " that ignores the result runs unprotected when it fails, and its later"
                  + " release() adds a permit nobody took. Test the result, or call acquire().")
          .fix(
              "Test the result: if (sem.tryAcquire()) { try { ... } finally { sem.release(); } }, or call acquire() if waiting is fine.");

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
            && op.resource().type() == Resource.Type.SEMAPHORE
            && isDiscarded(op.call())) {
          sink.report(
              finding(
                  file,
                  op.call(),
                  String.format(
                      "the result of '%s'%s is ignored: the code goes on whether or not a"
                          + " permit was obtained; test it or call acquire()",
                      op.text(), ProtocolRules.via(op))),
              List.of(op.resource().condition()));
        }
      }
    }
  }

  static boolean isDiscarded(MethodCallExpr call) {
    return call.getParentNode().filter(ExpressionStmt.class::isInstance).isPresent();
  }
}
