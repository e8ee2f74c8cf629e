package dev.threadlint.rules.race;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.models.ThreadEntries;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code synchronized (f)} on a field that is not final: another thread may lock another object.
 */
public final class SyncOnMutableField implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "sync-on-mutable-field",
              Family.RACE,
              Severity.WARNING,
              "synchronized on a non-final field",
              "When the field is reassigned, threads that read it before and after lock two"
                  + " different objects and run the critical section at the same time. Reported"
                  + " when the file reassigns the field outside construction (and private methods"
                  + " only construction calls), deserialization, lifecycle set-up and one-time"
                  + " initialisation: lazy creation from null, or a single site that stores a"
                  + " handed-in object into a field that starts out null.")
          .equivalent(Tool.SPOTBUGS, "ML_SYNC_ON_FIELD_TO_GUARD_CHANGING_THAT_FIELD")
          .equivalent(Tool.ERROR_PRONE, "SynchronizeOnNonFinalField")
          .equivalent(Tool.SONARJAVA, "S2445")
          .equivalent(Tool.INTELLIJ, "SynchronizeOnNonFinalField")
          .fix(
              "Lock a dedicated private final Object (or a final Lock) instead of the changing field.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (SynchronizedStmt sync : file.all(SynchronizedStmt.class)) {
      Expression lock = FileContext.unwrap(sync.getExpression());
      Optional<Variable> field = file.variableOf(lock).filter(Variable::isField);
      if (field.isPresent() && !field.get().isFinal() && canChange(file, field.get())) {
        sink.report(
            finding(
                file,
                sync.getExpression(),
                String.format(
                    "synchronized on '%s', which is not final: once it is reassigned, threads lock"
                        + " different objects; lock a private final object instead",
                    field.get().name())));
      }
    }
  }

  /**
   * The lock can change when some code other than construction, deserialization or lifecycle set-up
   * assigns the field, other than one-time initialisation. One-time initialisation is: a lazy
   * {@code if (f == null) f = ...} (also as one conjunct of the test, or after {@code if (f !=
   * null) return}); an assignment in a private method that only construction calls (directly or
   * through other such methods); and a field that starts out null with a single other assignment
   * site that stores an object handed in rather than a fresh one (injection or a lifecycle
   * callback: nobody can lock a null field before it runs). A field nobody reassigns is final in
   * all but name: worth a final, not a warning.
   */
  private static boolean canChange(FileContext file, Variable field) {
    List<AssignExpr> sites =
        file.all(AssignExpr.class).stream()
            .filter(
                a ->
                    file.variableOf(FileContext.unwrap(a.getTarget()))
                        .filter(field::equals)
                        .isPresent())
            .filter(a -> !isSetUp(file, Dominance.bodyOf(a), new HashSet<>()))
            .filter(a -> !isLazyCreation(file, a, field))
            .toList();
    if (sites.isEmpty()) {
      return false;
    }
    return !(sites.size() == 1
        && startsNull(field)
        && sites.get(0).getOperator() == AssignExpr.Operator.ASSIGN
        && !(FileContext.unwrap(sites.get(0).getValue()) instanceof ObjectCreationExpr)
        && !(FileContext.unwrap(sites.get(0).getValue()) instanceof NullLiteralExpr));
  }

  private static boolean startsNull(Variable field) {
    return field.declaration() instanceof VariableDeclarator declarator
        && declarator
            .getInitializer()
            .map(i -> FileContext.unwrap(i) instanceof NullLiteralExpr)
            .orElse(true);
  }

  /**
   * Code that runs while the object is set up: constructors, initializers, deserialization and
   * lifecycle set-up, and private methods that only such code calls.
   */
  private static boolean isSetUp(FileContext file, Node body, Set<Node> visiting) {
    if (body instanceof ConstructorDeclaration
        || body instanceof InitializerDeclaration
        || (body instanceof MethodDeclaration method
            && (DESERIALIZATION.contains(method.getNameAsString())
                || ThreadEntries.SET_UP_METHODS.contains(method.getNameAsString())))) {
      return true;
    }
    if (!(body instanceof MethodDeclaration method) || !method.isPrivate() || !visiting.add(body)) {
      return false;
    }
    List<MethodCallExpr> calls =
        file.all(MethodCallExpr.class).stream()
            .filter(c -> c.getNameAsString().equals(method.getNameAsString()))
            .filter(c -> c.getArguments().size() == method.getParameters().size())
            .filter(c -> c.getScope().map(s -> s instanceof ThisExpr).orElse(true))
            .toList();
    boolean referenced =
        file.all(MethodReferenceExpr.class).stream()
            .anyMatch(r -> r.getIdentifier().equals(method.getNameAsString()));
    return !calls.isEmpty()
        && !referenced
        && calls.stream().allMatch(c -> isSetUp(file, Dominance.bodyOf(c), visiting));
  }

  /**
   * Inside {@code if (field == null)} (or a test with that conjunct), or after {@code if (field !=
   * null) return}: the field goes from nothing to its one value.
   */
  private static boolean isLazyCreation(FileContext file, AssignExpr assign, Variable field) {
    Node current = assign.getParentNode().orElse(null);
    Node child = assign;
    while (current != null && !(current instanceof CallableDeclaration<?>)) {
      if (current instanceof IfStmt test
          && test.getThenStmt() == child
          && conjuncts(test.getCondition()).stream()
              .anyMatch(c -> isNullTest(file, c, field, BinaryExpr.Operator.EQUALS))) {
        return true;
      }
      if (current instanceof BlockStmt block && child instanceof Statement statement) {
        for (Statement earlier : block.getStatements()) {
          if (earlier == statement) {
            break;
          }
          if (earlier instanceof IfStmt guard
              && guard.getElseStmt().isEmpty()
              && exits(guard.getThenStmt())
              && isNullTest(file, guard.getCondition(), field, BinaryExpr.Operator.NOT_EQUALS)) {
            return true;
          }
        }
      }
      child = current;
      current = current.getParentNode().orElse(null);
    }
    return false;
  }

  private static boolean exits(Statement statement) {
    Statement last = statement;
    if (statement instanceof BlockStmt block && !block.getStatements().isEmpty()) {
      last = block.getStatements().getLast().orElseThrow();
    }
    return last instanceof ReturnStmt || last instanceof ThrowStmt;
  }

  private static List<Expression> conjuncts(Expression condition) {
    Expression bare = FileContext.unwrap(condition);
    if (bare instanceof BinaryExpr and && and.getOperator() == BinaryExpr.Operator.AND) {
      List<Expression> all = new ArrayList<>(conjuncts(and.getLeft()));
      all.addAll(conjuncts(and.getRight()));
      return all;
    }
    return List.of(bare);
  }

  private static boolean isNullTest(
      FileContext file, Expression condition, Variable field, BinaryExpr.Operator operator) {
    return FileContext.unwrap(condition) instanceof BinaryExpr check
        && check.getOperator() == operator
        && (check.getRight() instanceof NullLiteralExpr
                && file.variableOf(FileContext.unwrap(check.getLeft()))
                    .filter(field::equals)
                    .isPresent()
            || check.getLeft() instanceof NullLiteralExpr
                && file.variableOf(FileContext.unwrap(check.getRight()))
                    .filter(field::equals)
                    .isPresent());
  }

  private static final Set<String> DESERIALIZATION =
      Set.of("readObject", "doReadObject", "readResolve", "readObjectNoData");
}
