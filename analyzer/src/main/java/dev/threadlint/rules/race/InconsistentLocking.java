package dev.threadlint.rules.race;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.race.Access;
import dev.threadlint.race.FileRaces;
import dev.threadlint.race.Races;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A field guarded by a lock in most places and written without it in another: SpotBugs'
 * inconsistent synchronization. Reported at the unguarded write, with a guarded access as the
 * related location. Needs at least two guarded accesses sharing a lock, so one stray access does
 * not define a guard.
 */
public final class InconsistentLocking implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "inconsistent-locking",
              Family.RACE,
              Severity.WARNING,
              "Field guarded by a lock in some accesses but written without it",
              "When most accesses of a field hold a lock, the lock is clearly what guards it; a"
                  + " write without it races with every guarded access, and the guarded readers"
                  + " can see it half done or not at all. The lock must be meant for the field"
                  + " (written under it, or taken by a getter just to read it), and paths that may"
                  + " hold it out of sight (a caller that takes it, set-up before start()) are"
                  + " left alone.")
          .equivalent(Tool.SPOTBUGS, "IS2_INCONSISTENT_SYNC")
          .equivalent(Tool.INTELLIJ, "FieldAccessedSynchronizedAndUnsynchronized")
          .fix("Take the same lock around the unguarded write (or make the method synchronized).");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    FileRaces races = FileRaces.of(file);
    for (Map.Entry<Variable, List<Access>> entry : FileRaces.byField(races.accesses()).entrySet()) {
      Variable field = entry.getKey();
      if (Races.isSafeField(field) || field.isVolatile() || hasGuardedBy(field)) {
        continue;
      }
      List<Access> accesses = entry.getValue();
      List<Access> locked =
          accesses.stream().filter(a -> !a.locks().isEmpty() && !isStreamMark(a)).toList();
      String owner = ownerName(field);
      Set<String> guard = Races.commonLocks(locked, owner);
      guard.removeIf(lock -> isOptional(field, lock));
      if (locked.size() < 2
          || guard.isEmpty()
          || isConfiguration(accesses)
          || !lockIsMeant(locked)) {
        continue;
      }
      accesses.stream()
          .filter(a -> a.write() && a.locks().isEmpty() && !Races.isSetUp(a) && !precedesStart(a))
          .filter(a -> !lockMayBeHeldByCaller(races, a, guard, owner))
          .findFirst()
          .ifPresent(
              write ->
                  sink.report(
                      finding(
                              file,
                              write.node(),
                              String.format(
                                  "'%s' is written in %s without holding %s, which guards its"
                                      + " other %d accesses (as in %s)",
                                  field.name(),
                                  where(write),
                                  Races.describeLock(
                                      guard.stream().sorted().findFirst().orElseThrow()),
                                  locked.size(),
                                  where(locked.get(0))))
                          .withRelated(
                              List.of(
                                  file.location(
                                      locked.get(0).node(), "accessed under the lock here")))));
    }
  }

  /** The code an access is in, for messages: {@code reset()}, a constructor, a lambda. */
  private static String where(Access access) {
    if (access.body() instanceof MethodDeclaration method) {
      return method.getNameAsString() + "()";
    }
    return access.body() instanceof LambdaExpr ? "a lambda" : "an initializer";
  }

  /**
   * Never written under the lock and read without it elsewhere: a setting (set before start, read
   * by a getter) that a locked region happens to read, not state the lock guards. A synchronized
   * getter with an unguarded setter still counts: there every read holds the lock.
   */
  private static boolean isConfiguration(List<Access> accesses) {
    boolean lockedWrite = accesses.stream().anyMatch(a -> a.write() && !a.locks().isEmpty());
    boolean unlockedRead =
        accesses.stream().anyMatch(a -> !a.write() && a.locks().isEmpty() && !Races.isSetUp(a));
    return !lockedWrite && unlockedRead;
  }

  /**
   * The lock is meant for the field when the field is written under it, or when a getter takes the
   * lock just to read it (the synchronized getter with a plain setter). A read inside a larger
   * locked region on its own proves nothing.
   */
  private static boolean lockIsMeant(List<Access> locked) {
    return locked.stream().anyMatch(a -> a.write() || isGetter(a));
  }

  private static boolean isGetter(Access read) {
    if (!(read.body() instanceof MethodDeclaration method) || method.getBody().isEmpty()) {
      return false;
    }
    boolean returned = read.node().findAncestor(ReturnStmt.class).isPresent();
    return returned && method.getBody().get().getStatements().size() <= 3;
  }

  /**
   * Paths this file cannot see may hold the lock: a helper that some caller calls with the lock
   * (the other callers may reach it through hooks, overrides or deeper chains), a private method
   * only other instances or references call, a lambda written inside a locked region.
   */
  private static boolean lockMayBeHeldByCaller(
      FileRaces races, Access write, Set<String> guard, String owner) {
    Node body = write.body();
    if (races.hasNoVisibleCaller(body)) {
      return true;
    }
    if (Races.normalized(races.locksAtSomeCaller(body), owner).stream().anyMatch(guard::contains)) {
      return true;
    }
    return body instanceof LambdaExpr && !races.locksAround(body).isEmpty();
  }

  /**
   * A write before the method starts a thread is published by {@code Thread.start()}, which
   * happens-before everything the new thread does.
   */
  private static boolean precedesStart(Access write) {
    return Bodies.findAllInSameBody(write.body(), MethodCallExpr.class).stream()
        .filter(call -> call.getNameAsString().equals("start") && call.getArguments().isEmpty())
        .anyMatch(start -> Dominance.precedes(write.node(), start));
  }

  /**
   * A lock field the code compares with null is optional: the class runs without it when an
   * instance is confined to one thread, so unlocked paths are by design.
   */
  private static boolean isOptional(Variable field, String lock) {
    Optional<TypeDeclaration> owner = field.declaration().findAncestor(TypeDeclaration.class);
    if (!lock.startsWith("field:") || owner.isEmpty()) {
      return false;
    }
    String name = lock.substring("field:".length()).replaceFirst("\\..*$", "");
    return owner.get().findAll(BinaryExpr.class).stream()
        .anyMatch(
            b ->
                (b.getOperator() == BinaryExpr.Operator.EQUALS
                        || b.getOperator() == BinaryExpr.Operator.NOT_EQUALS)
                    && ((b.getRight() instanceof NullLiteralExpr && names(b.getLeft(), name))
                        || (b.getLeft() instanceof NullLiteralExpr && names(b.getRight(), name))));
  }

  private static boolean names(Expression expression, String name) {
    Expression bare = FileContext.unwrap(expression);
    return (bare instanceof NameExpr n && n.getNameAsString().equals(name))
        || (bare instanceof FieldAccessExpr f
            && f.getScope() instanceof ThisExpr
            && f.getNameAsString().equals(name));
  }

  /**
   * {@code synchronized mark/reset} follow InputStream's declarations, not a locking scheme of the
   * subclass: streams are used by one thread at a time.
   */
  private static boolean isStreamMark(Access access) {
    return access.body() instanceof MethodDeclaration method
        && method.isSynchronized()
        && (method.getNameAsString().equals("mark") || method.getNameAsString().equals("reset"));
  }

  static boolean hasGuardedBy(Variable field) {
    return field
        .declaration()
        .getParentNode()
        .filter(
            p ->
                p instanceof com.github.javaparser.ast.body.FieldDeclaration f
                    && f.getAnnotations().stream()
                        .anyMatch(a -> a.getName().getIdentifier().equals("GuardedBy")))
        .isPresent();
  }

  private static String ownerName(Variable field) {
    return field
        .declaration()
        .findAncestor(TypeDeclaration.class)
        .map(t -> t.getNameAsString())
        .orElse(null);
  }
}
