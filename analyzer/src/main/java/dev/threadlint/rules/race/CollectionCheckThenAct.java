package dev.threadlint.rules.race;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.flow.Bodies;
import dev.threadlint.model.HeldLocks;
import dev.threadlint.models.CollectionVocabulary;
import dev.threadlint.models.ThreadSafety;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The collection shape of check-then-act, on a concurrent collection held in a field: the branch
 * where a key is known absent inserts it ({@code if (!m.containsKey(k)) m.put(k, v)}, {@code V v =
 * m.get(k); if (v == null) m.put(k, ..)}, {@code if (!set.contains(x)) set.add(x)}), or the branch
 * where the collection is known non-empty takes from it ({@code if (!q.isEmpty()) q.remove()}).
 * Another thread can insert the key or take the last element between the two calls. An insert after
 * {@code isEmpty()}, or a remove of a key known present, is not this race.
 */
final class CollectionCheckThenAct {
  private CollectionCheckThenAct() {}

  /** A check, the act it does not make atomic, and the collection. */
  record Found(Node check, MethodCallExpr act, Variable collection, String checkName) {}

  /** What a check tells: whether a key is present, or whether the collection is empty. */
  private enum Meaning {
    PRESENT,
    EMPTY
  }

  /**
   * A check in the condition and what it means when its expression ({@code fact}) is true.
   *
   * @param call the call on the collection
   * @param fact the boolean expression in the condition whose value the branch implies
   * @param trueMeans what the fact being true says
   * @param positive true when a true fact means {@code trueMeans} holds, false when it means the
   *     opposite ({@code m.get(k) == null} is true when the key is absent)
   */
  private record Check(
      MethodCallExpr call, Expression fact, Meaning trueMeans, boolean positive, String key) {}

  static Optional<Found> in(FileContext file, IfStmt ifStmt) {
    for (Check check : checks(file, ifStmt)) {
      if (check.call().getArguments().size() == 1
          && PerCallerKeys.isPerCaller(file, check.call().getArgument(0), 0)) {
        continue; // a slot of the calling thread's own object: no other thread uses the key
      }
      Variable collection = collectionOf(file, check.call()).orElseThrow();
      for (Branch branch : branches(ifStmt)) {
        Optional<Boolean> value =
            Implications.implied(ifStmt.getCondition(), check.fact(), branch.outcome());
        if (value.isEmpty()) {
          continue;
        }
        // both shapes act where the meaning does not hold: a key absent, a collection not empty
        if (value.get() == check.positive()) {
          continue;
        }
        for (Node scope : branch.scopes()) {
          Optional<MethodCallExpr> act = act(file, scope, collection, check);
          if (act.isPresent()) {
            return Optional.of(
                new Found(check.call(), act.get(), collection, check.call().getNameAsString()));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** A branch of the if and the outcome of the condition that leads into it. */
  private record Branch(List<Node> scopes, boolean outcome) {}

  private static List<Branch> branches(IfStmt ifStmt) {
    List<Branch> branches = new ArrayList<>();
    branches.add(new Branch(List.of(ifStmt.getThenStmt()), true));
    ifStmt.getElseStmt().ifPresent(e -> branches.add(new Branch(List.of(e), false)));
    if (ifStmt.getElseStmt().isEmpty()
        && Implications.leaves(ifStmt.getThenStmt())
        && ifStmt.getParentNode().orElse(null) instanceof BlockStmt block) {
      // if (m.containsKey(k)) return m.get(k); ... m.put(k, v): the rest of the block runs only
      // when the condition was false
      List<Node> rest = new ArrayList<>();
      List<Statement> statements = block.getStatements();
      for (int i = statements.indexOf(ifStmt) + 1; i < statements.size(); i++) {
        rest.add(statements.get(i));
      }
      branches.add(new Branch(rest, false));
    }
    return branches;
  }

  private static List<Check> checks(FileContext file, IfStmt ifStmt) {
    List<Check> checks = new ArrayList<>();
    Node body = Dominance.bodyOf(ifStmt);
    for (MethodCallExpr call : ifStmt.getCondition().findAll(MethodCallExpr.class)) {
      if (Dominance.bodyOf(call) != body || collectionOf(file, call).isEmpty()) {
        continue;
      }
      String name = call.getNameAsString();
      String key = call.getArguments().isEmpty() ? "" : call.getArgument(0).toString();
      switch (name) {
        case "containsKey", "contains" -> {
          if (call.getArguments().size() == 1) {
            checks.add(new Check(call, call, Meaning.PRESENT, true, key));
          }
        }
        case "isEmpty" -> {
          if (call.getArguments().isEmpty()) {
            checks.add(new Check(call, call, Meaning.EMPTY, true, ""));
          }
        }
        case "get" -> nullComparison(call).ifPresent(b -> checks.add(getCheck(call, b, key)));
        default -> {}
      }
    }
    // V v = m.get(k); if (v == null) ...: the check made through a local
    for (BinaryExpr comparison : ifStmt.getCondition().findAll(BinaryExpr.class)) {
      Optional<Expression> compared = comparedWithNull(comparison);
      if (compared.isEmpty() || !(compared.get() instanceof NameExpr name)) {
        continue;
      }
      Optional<Variable> local = file.variableOf(name).filter(v -> v.kind() == Variable.Kind.LOCAL);
      if (local.isEmpty()
          || !(local.get().declaration() instanceof VariableDeclarator declarator)
          || declarator.getInitializer().isEmpty()
          || !(FileContext.unwrap(declarator.getInitializer().get()) instanceof MethodCallExpr get)
          || !get.getNameAsString().equals("get")
          || get.getArguments().size() != 1
          || collectionOf(file, get).isEmpty()
          || Dominance.bodyOf(declarator) != body
          || Dominance.assignedBetween(file, local.get(), declarator, ifStmt)) {
        continue;
      }
      checks.add(getCheck(get, comparison, get.getArgument(0).toString()));
    }
    return checks;
  }

  private static Check getCheck(MethodCallExpr get, BinaryExpr comparison, String key) {
    // m.get(k) == null is true when the key is absent: the fact is "present" negated
    boolean equals = comparison.getOperator() == BinaryExpr.Operator.EQUALS;
    return new Check(get, comparison, Meaning.PRESENT, !equals, key);
  }

  private static Optional<BinaryExpr> nullComparison(MethodCallExpr get) {
    Node parent = get.getParentNode().orElse(null);
    while (parent instanceof com.github.javaparser.ast.expr.EnclosedExpr enclosed) {
      parent = enclosed.getParentNode().orElse(null);
    }
    return parent instanceof BinaryExpr binary && comparedWithNull(binary).isPresent()
        ? Optional.of(binary)
        : Optional.empty();
  }

  /** For {@code x == null} or {@code x != null} (either side), {@code x}. */
  static Optional<Expression> comparedWithNull(BinaryExpr binary) {
    if (binary.getOperator() != BinaryExpr.Operator.EQUALS
        && binary.getOperator() != BinaryExpr.Operator.NOT_EQUALS) {
      return Optional.empty();
    }
    if (binary.getRight() instanceof NullLiteralExpr) {
      return Optional.of(FileContext.unwrap(binary.getLeft()));
    }
    if (binary.getLeft() instanceof NullLiteralExpr) {
      return Optional.of(FileContext.unwrap(binary.getRight()));
    }
    return Optional.empty();
  }

  private static Optional<MethodCallExpr> act(
      FileContext file, Node scope, Variable collection, Check check) {
    for (MethodCallExpr call : Bodies.findAllInSameBody(scope, MethodCallExpr.class)) {
      if (call.getScope().flatMap(file::variableOf).filter(collection::equals).isEmpty()
          || !HeldLocks.at(file, call).isEmpty()) {
        continue; // another collection, or an act under a lock that re-checks (locked double check)
      }
      String name = call.getNameAsString();
      if (check.trueMeans() == Meaning.PRESENT
          && CollectionVocabulary.INSERTS.contains(name)
          && !call.getArguments().isEmpty()
          && call.getArgument(0).toString().equals(check.key())) {
        return Optional.of(call);
      }
      if (check.trueMeans() == Meaning.EMPTY
          && CollectionVocabulary.TAKES.contains(name)
          && call.getArguments().isEmpty()) {
        return Optional.of(call);
      }
    }
    return Optional.empty();
  }

  private static Optional<Variable> collectionOf(FileContext file, MethodCallExpr call) {
    return call.getScope()
        .flatMap(file::variableOf)
        .filter(Variable::isField)
        .filter(v -> ThreadSafety.CONCURRENT_COLLECTIONS.contains(v.type().simpleName()));
  }
}
