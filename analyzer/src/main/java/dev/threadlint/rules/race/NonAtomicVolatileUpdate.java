package dev.threadlint.rules.race;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.race.Access;
import dev.threadlint.race.FileRaces;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.Set;
import java.util.stream.Stream;

/** {@code v++}, {@code v += n} or {@code v = v op e} on a volatile field, outside any lock. */
public final class NonAtomicVolatileUpdate implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "non-atomic-volatile-update",
              Family.RACE,
              Severity.WARNING,
              "Read-modify-write of a volatile field",
              "volatile makes each single read and write visible, but v++ is a read, an add and"
                  + " a write: two threads can read the same value and one update is lost.")
          .equivalent(Tool.SPOTBUGS, "VO_VOLATILE_INCREMENT")
          .equivalent(Tool.INTELLIJ, "NonAtomicOperationOnVolatileField")
          .fix("Use an AtomicInteger/AtomicLong (incrementAndGet, updateAndGet) or LongAdder, or do the update under a lock.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (Access access : FileRaces.of(file).accesses()) {
      if (!access.field().isVolatile() || !access.write() || !access.locks().isEmpty()
          || assertsConfinement(access.body())) {
        continue;
      }
      Node parent = access.node().getParentNode().orElse(null);
      boolean update =
          (parent instanceof UnaryExpr unary && isIncrement(unary))
              || (parent instanceof AssignExpr assign
                  && (assign.getOperator() != AssignExpr.Operator.ASSIGN
                      || readsItself(file, assign, access)));
      if (update) {
        sink.report(
            finding(
                file,
                access.node(),
                String.format(
                    "'%s' is volatile but this update is a separate read and write: concurrent"
                        + " updates are lost; use an atomic or a lock",
                    access.field().name())));
      }
    }
  }

  /**
   * {@code assert inEventLoop();} and the like: the author states that only one thread runs the
   * method (volatile is there for readers on other threads), and with assertions on it is checked.
   */
  private static boolean assertsConfinement(Node body) {
    return Bodies.findAllInSameBody(body, AssertStmt.class).stream()
        .map(a -> FileContext.unwrap(a.getCheck()))
        .anyMatch(check -> check instanceof MethodCallExpr call && CONFINEMENT.contains(call.getNameAsString()));
  }

  private static final Set<String> CONFINEMENT =
      Set.of("inEventLoop", "isInEventLoop", "isCurrentThread", "isHeldByCurrentThread", "holdsLock");

  private static boolean isIncrement(UnaryExpr unary) {
    return switch (unary.getOperator()) {
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
      default -> false;
    };
  }

  /** {@code v = v + e}: arithmetic on the field itself, not a call that is handed its value. */
  private static boolean readsItself(FileContext file, AssignExpr assign, Access access) {
    if (!(FileContext.unwrap(assign.getValue()) instanceof BinaryExpr binary)) {
      return false;
    }
    return Stream.of(binary.getLeft(), binary.getRight())
        .map(FileContext::unwrap)
        .anyMatch(operand -> file.variableOf(operand).filter(access.field()::equals).isPresent());
  }
}
