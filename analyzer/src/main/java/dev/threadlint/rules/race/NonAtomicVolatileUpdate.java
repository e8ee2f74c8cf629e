package dev.threadlint.rules.race;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.models.ThreadSafety;
import dev.threadlint.race.Access;
import dev.threadlint.race.Context;
import dev.threadlint.race.FileRaces;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.HashSet;
import java.util.Optional;
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
                  + " a write: two threads can read the same value and one update is lost."
                  + " Reported when the source shows more than one writer (a task that runs in"
                  + " parallel with itself, a task and other code both updating the field, or a"
                  + " class declared @ThreadSafe): a volatile counter with one writer and many"
                  + " readers is a correct idiom.")
          .equivalent(Tool.SPOTBUGS, "VO_VOLATILE_INCREMENT")
          .equivalent(Tool.INTELLIJ, "NonAtomicOperationOnVolatileField")
          .fix(
              "Use an AtomicInteger/AtomicLong (incrementAndGet, updateAndGet) or LongAdder, or do the update under a lock.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    FileRaces races = FileRaces.of(file);
    for (Access access : races.accesses()) {
      if (!access.field().isVolatile()
          || !access.write()
          || !access.locks().isEmpty()
          || assertsConfinement(access.body())
          || !concurrentWriters(races, access)) {
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
   * Volatile counters are mostly written by one thread at a time (a connection's, an event loop's)
   * and read by others; the source must show more than one writer: a task that runs in parallel
   * with itself, a task and other code both writing the field, or a class declared
   * {@code @ThreadSafe}.
   */
  private static boolean concurrentWriters(FileRaces races, Access update) {
    Set<Context> here = races.contextsOf(update.body());
    if (here.stream().anyMatch(Context::selfParallel) || declaredThreadSafe(update)) {
      return true;
    }
    Set<Context> writers = new HashSet<>();
    races.accesses().stream()
        .filter(a -> a.write() && a.field().equals(update.field()) && a.locks().isEmpty())
        .forEach(a -> writers.addAll(races.contextsOf(a.body())));
    return writers.size() >= 2 && writers.stream().anyMatch(Context::entry);
  }

  private static boolean declaredThreadSafe(Access access) {
    Optional<TypeDeclaration> owner =
        access.field().declaration().findAncestor(TypeDeclaration.class);
    if (owner.isEmpty()) {
      return false;
    }
    TypeDeclaration<?> type = owner.get();
    return type.getAnnotations().stream()
        .anyMatch(a -> ThreadSafety.THREAD_SAFE.contains(a.getName().getIdentifier()));
  }

  /**
   * {@code assert inEventLoop();} and the like: the author states that only one thread runs the
   * method (volatile is there for readers on other threads), and with assertions on it is checked.
   * Lock assertions ({@code Thread.holdsLock}) are locks, and the access model counts them.
   */
  private static boolean assertsConfinement(Node body) {
    return Bodies.findAllInSameBody(body, AssertStmt.class).stream()
        .map(a -> FileContext.unwrap(a.getCheck()))
        .anyMatch(
            check ->
                check instanceof MethodCallExpr call
                    && CONFINEMENT.contains(call.getNameAsString()));
  }

  private static final Set<String> CONFINEMENT =
      Set.of("inEventLoop", "isInEventLoop", "isCurrentThread");

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
