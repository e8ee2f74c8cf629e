package dev.threadlint.rules.race;

import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.stmt.IfStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.models.ThreadSafety;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A check followed by an act on a concurrent collection held in a field, outside any lock: {@code
 * if (!map.containsKey(k)) map.put(k, v)}, {@code if (map.get(k) == null) map.put(..)}, {@code if
 * (!queue.isEmpty()) queue.remove()}. Each call is atomic; the pair is not.
 */
public final class CheckThenAct implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "check-then-act",
              Family.RACE,
              Severity.WARNING,
              "Non-atomic check-then-act on a concurrent collection",
              "A concurrent collection makes each call atomic, not a sequence of calls: between"
                  + " containsKey() and put() another thread can put the same key, and between"
                  + " isEmpty() and remove() it can take the last element.")
          .equivalent(Tool.SPOTBUGS, "AT_OPERATION_SEQUENCE_ON_CONCURRENT_ABSTRACTION")
          .fix(
              "Use the atomic operation: putIfAbsent, computeIfAbsent, compute, merge, poll() instead of isEmpty()+remove().");

  private static final Set<String> CHECKS = Set.of("containsKey", "get", "isEmpty", "contains");
  private static final Set<String> ACTS = Set.of("put", "remove", "add", "putAll");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (IfStmt ifStmt : file.all(IfStmt.class)) {
      for (MethodCallExpr check : ifStmt.getCondition().findAll(MethodCallExpr.class)) {
        Optional<Variable> collection = concurrentCollection(file, check);
        if (collection.isEmpty()
            || !CHECKS.contains(check.getNameAsString())
            || (check.getNameAsString().equals("get") && !comparedWithNull(check))) {
          continue;
        }
        String key = check.getArguments().isEmpty() ? "" : check.getArgument(0).toString();
        Optional<MethodCallExpr> act = actOnSame(file, ifStmt, collection.get(), key);
        if (act.isPresent() && !insideLock(ifStmt)) {
          sink.report(
              finding(
                      file,
                      act.get(),
                      String.format(
                          "'%s.%s(..)' after '%s.%s(..)' is not atomic: another thread can change"
                              + " '%s' in between; use one atomic call (putIfAbsent,"
                              + " computeIfAbsent, poll...)",
                          collection.get().name(),
                          act.get().getNameAsString(),
                          collection.get().name(),
                          check.getNameAsString(),
                          collection.get().name()))
                  .withRelated(List.of(file.location(check, "the check"))));
          break;
        }
      }
    }
  }

  private static Optional<Variable> concurrentCollection(FileContext file, MethodCallExpr call) {
    return call.getScope()
        .flatMap(file::variableOf)
        .filter(Variable::isField)
        .filter(v -> ThreadSafety.CONCURRENT_COLLECTIONS.contains(v.type().simpleName()));
  }

  private static boolean comparedWithNull(MethodCallExpr get) {
    return get.getParentNode()
        .filter(
            p ->
                p instanceof BinaryExpr b
                    && (b.getLeft() instanceof NullLiteralExpr
                        || b.getRight() instanceof NullLiteralExpr))
        .isPresent();
  }

  private static Optional<MethodCallExpr> actOnSame(
      FileContext file, IfStmt ifStmt, Variable collection, String key) {
    for (MethodCallExpr call :
        Bodies.findAllInSameBody(ifStmt.getThenStmt(), MethodCallExpr.class)) {
      if (!ACTS.contains(call.getNameAsString())
          || call.getScope().flatMap(file::variableOf).filter(collection::equals).isEmpty()) {
        continue;
      }
      String actKey = call.getArguments().isEmpty() ? "" : call.getArgument(0).toString();
      if (key.isEmpty() || call.getNameAsString().equals("add") || actKey.equals(key)) {
        return Optional.of(call);
      }
    }
    return Optional.empty();
  }

  private static boolean insideLock(IfStmt ifStmt) {
    return ifStmt.findAncestor(com.github.javaparser.ast.stmt.SynchronizedStmt.class).isPresent()
        || ifStmt
            .findAncestor(com.github.javaparser.ast.body.MethodDeclaration.class)
            .filter(m -> m.isSynchronized())
            .isPresent();
  }
}
