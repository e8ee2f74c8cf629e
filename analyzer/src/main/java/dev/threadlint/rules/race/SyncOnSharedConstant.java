package dev.threadlint.rules.race;

import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.Optional;
import java.util.Set;

/**
 * {@code synchronized} on an object the JVM shares with unrelated code: a string literal (or a
 * field holding one), a boxed constant, or {@code getClass()} (different per subclass).
 */
public final class SyncOnSharedConstant implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "sync-on-shared-constant",
              Family.RACE,
              Severity.WARNING,
              "synchronized on an interned string, a boxed value or getClass()",
              "String literals are interned and small boxed values are cached, so unrelated code"
                  + " anywhere in the JVM may lock the same object and block or deadlock with"
                  + " yours; getClass() is a different lock in each subclass, so it excludes"
                  + " nothing between them.")
          .equivalent(
              Tool.SPOTBUGS,
              "DL_SYNCHRONIZATION_ON_SHARED_CONSTANT",
              "DL_SYNCHRONIZATION_ON_BOXED_PRIMITIVE",
              "WL_USING_GETCLASS_RATHER_THAN_CLASS_LITERAL")
          .equivalent(Tool.SONARJAVA, "S1860")
          .fix(
              "Lock a dedicated private final Object, or the class literal (Foo.class) for class-wide state.");

  private static final Set<String> BOXES =
      Set.of("Integer", "Long", "Short", "Byte", "Character", "Boolean", "String");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (SynchronizedStmt sync : file.unit().findAll(SynchronizedStmt.class)) {
      Expression lock = FileContext.unwrap(sync.getExpression());
      Optional<String> why = sharedConstant(file, lock);
      why.ifPresent(
          reason ->
              sink.report(
                  finding(
                      file,
                      sync.getExpression(),
                      "synchronized on " + reason + "; lock a private final Object instead")));
    }
  }

  private static Optional<String> sharedConstant(FileContext file, Expression lock) {
    if (lock instanceof StringLiteralExpr) {
      return Optional.of("a string literal, which is interned and shared across the JVM");
    }
    if (lock instanceof MethodCallExpr call
        && call.getNameAsString().equals("getClass")
        && call.getArguments().isEmpty()
        && call.getScope().map(s -> s.isThisExpr()).orElse(true)) {
      return Optional.of("getClass(), which is a different lock in every subclass");
    }
    if (lock instanceof MethodCallExpr call
        && call.getNameAsString().equals("valueOf")
        && call.getScope().filter(s -> BOXES.contains(s.toString())).isPresent()) {
      return Optional.of("a boxed value, which may be cached and shared");
    }
    if (lock instanceof FieldAccessExpr access
        && Set.of("TRUE", "FALSE").contains(access.getNameAsString())
        && access.getScope().toString().equals("Boolean")) {
      return Optional.of("a shared Boolean constant");
    }
    Optional<Variable> field = file.variableOf(lock).filter(Variable::isField);
    if (field.isPresent()
        && BOXES.contains(field.get().type().simpleName())
        && field.get().declaration() instanceof VariableDeclarator declarator
        && declarator
            .getInitializer()
            .filter(i -> FileContext.unwrap(i) instanceof LiteralExpr)
            .isPresent()) {
      return Optional.of(
          "'"
              + field.get().name()
              + "', which holds a literal that is interned or cached and shared across the JVM");
    }
    return Optional.empty();
  }
}
