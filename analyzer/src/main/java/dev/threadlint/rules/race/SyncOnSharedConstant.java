package dev.threadlint.rules.race;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeRef;
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
 * field holding one), a boxed or other value-based object ({@code Optional}, {@code java.time}
 * values), another class's literal, or {@code getClass()} (different per subclass).
 */
public final class SyncOnSharedConstant implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "sync-on-shared-constant",
              Family.RACE,
              Severity.WARNING,
              "synchronized on an interned string, a value-based object, another class's literal"
                  + " or getClass()",
              "String literals are interned and small boxed values are cached, so unrelated code"
                  + " anywhere in the JVM may lock the same object and block or deadlock with"
                  + " yours. Value-based objects (boxed values, Optional, java.time values) have no"
                  + " identity to rely on: equal values may be one object or several. Another"
                  + " class's literal is a lock that class (and anyone else) may take for its own"
                  + " purposes. getClass() is a different lock in each subclass, so it excludes"
                  + " nothing between them.")
          .equivalent(
              Tool.SPOTBUGS,
              "DL_SYNCHRONIZATION_ON_SHARED_CONSTANT",
              "DL_SYNCHRONIZATION_ON_BOXED_PRIMITIVE",
              "WL_USING_GETCLASS_RATHER_THAN_CLASS_LITERAL")
          .equivalent(Tool.ERROR_PRONE, "LockOnBoxedPrimitive", "LockOnNonEnclosingClassLiteral")
          .equivalent(Tool.SONARJAVA, "S1860", "S3436")
          .fix(
              "Lock a dedicated private final Object, or the class literal (Foo.class) for class-wide state.");

  private static final Set<String> BOXES =
      Set.of("Integer", "Long", "Short", "Byte", "Character", "Boolean", "String");

  /** java.lang value-based types: in scope without an import. */
  private static final Set<String> BOXED =
      Set.of("Integer", "Long", "Short", "Byte", "Character", "Boolean", "Double", "Float");

  /** Value-based classes outside java.lang, by qualified name (they need an import). */
  private static final Set<String> VALUE_BASED =
      Set.of(
          "java.util.Optional",
          "java.util.OptionalInt",
          "java.util.OptionalLong",
          "java.util.OptionalDouble",
          "java.time.Instant",
          "java.time.Duration",
          "java.time.Period",
          "java.time.LocalDate",
          "java.time.LocalTime",
          "java.time.LocalDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.ZonedDateTime",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay",
          "java.time.ZoneOffset");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (SynchronizedStmt sync : file.all(SynchronizedStmt.class)) {
      Expression lock = FileContext.unwrap(sync.getExpression());
      Optional<String> why = sharedConstant(file, lock);
      if (lock instanceof ClassExpr literal && coordinatesWith(sync, literal)) {
        continue;
      }
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
    Optional<Variable> variable = file.variableOf(lock);
    if (variable.isPresent() && isValueBased(variable.get().type())) {
      return Optional.of(
          "'"
              + variable.get().name()
              + "', a value-based "
              + variable.get().type().simpleName()
              + " whose identity is not its own (equal values may be one shared object)");
    }
    if (lock instanceof ClassExpr literal && !isEnclosing(literal)) {
      return Optional.of(
          literal
              + ", the literal of another class, which that class and others may lock for their"
              + " own purposes");
    }
    return Optional.empty();
  }

  /**
   * A boxed primitive (java.lang, unless the file declares or imports a type of that name) or a
   * value-based JDK class the file imports by name.
   */
  private static boolean isValueBased(TypeRef type) {
    if (!type.isKnown()) {
      return false;
    }
    if (BOXED.contains(type.name())) {
      // a type of that name declared in or imported by the file has a single other candidate
      return type.mayBe("java.lang." + type.name());
    }
    return VALUE_BASED.contains(type.candidates().get(0)) || VALUE_BASED.contains(type.name());
  }

  /**
   * The block uses the locked class's own static members ({@code synchronized (Seq.class) {
   * Seq.locals.add(x); }}): it takes that class's lock to share its state with its static
   * synchronized methods, which is what the lock is for.
   */
  private static boolean coordinatesWith(SynchronizedStmt sync, ClassExpr literal) {
    String written = literal.getType().asString();
    return sync.getBody().findAll(FieldAccessExpr.class).stream()
            .anyMatch(f -> f.getScope().toString().equals(written))
        || sync.getBody().findAll(MethodCallExpr.class).stream()
            .anyMatch(c -> c.getScope().map(s -> s.toString().equals(written)).orElse(false));
  }

  /** A literal of the class that holds the code or of one of its enclosing classes. */
  private static boolean isEnclosing(ClassExpr literal) {
    if (!(literal.getType() instanceof ClassOrInterfaceType named)) {
      return true; // int.class and friends: not a class anyone locks on purpose; leave alone
    }
    String written = named.getNameWithScope();
    String simple = named.getNameAsString();
    Node current = literal.getParentNode().orElse(null);
    while (current != null) {
      if (current instanceof TypeDeclaration<?> type
          && (type.getNameAsString().equals(simple)
              || type.getFullyQualifiedName().filter(written::equals).isPresent())) {
        return true;
      }
      current = current.getParentNode().orElse(null);
    }
    return false;
  }
}
