package dev.threadlint.rules.race;

import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.race.Access;
import dev.threadlint.race.FileRaces;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A field annotated {@code @GuardedBy("x")} (jsr305, jcip, Error Prone, Checker Framework: by
 * simple name) accessed without holding {@code x}. Guards understood: {@code this}, {@code itself},
 * {@code Name.class}, and a field holding a monitor object or a Lock; other guard expressions are
 * not judged.
 */
public final class GuardedByViolation implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "guarded-by-violation",
              Family.RACE,
              Severity.ERROR,
              "@GuardedBy field accessed without its lock",
              "@GuardedBy documents which lock protects a field; an access without that lock"
                  + " breaks the class's own thread-safety contract and races with every access"
                  + " that follows it.")
          .equivalent(Tool.ERROR_PRONE, "GuardedBy")
          .equivalent(Tool.INFER, "GUARDEDBY_VIOLATION")
          .fix(
              "Hold the named lock around the access, or move the access into a method that does.");

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (Access access : FileRaces.of(file).accesses()) {
      Optional<String> guard = guardOf(access.field());
      if (guard.isEmpty()) {
        continue;
      }
      Optional<String> lock = lockName(access.field(), guard.get());
      if (lock.isEmpty()
          || holds(access, lock.get())
          || !understood(file, access.field(), guard.get())) {
        continue;
      }
      sink.report(
          finding(
              file,
              access.node(),
              String.format(
                  "'%s' is @GuardedBy(\"%s\") but is %s here without holding it",
                  access.field().name(), guard.get(), access.write() ? "written" : "read")));
    }
  }

  private static boolean holds(Access access, String lock) {
    return access.locks().stream()
        .anyMatch(
            held ->
                held.equals(lock)
                    || held.startsWith(lock + ".")
                    || (lock.equals("this") && held.startsWith("this:")));
  }

  /**
   * A guard field is judged only when threadlint knows how it is held: a Lock or read-write lock,
   * or an object the class synchronizes on. A guard of another kind (a library monitor with its own
   * enter/leave) is not judged.
   */
  private static boolean understood(FileContext file, Variable field, String guard) {
    if (guard.equals("this")) {
      // a class that is itself a Lock (extends ReentrantLock) guards with lock(), not a monitor
      return field
          .declaration()
          .findAncestor(com.github.javaparser.ast.body.ClassOrInterfaceDeclaration.class)
          .map(
              c ->
                  c.getExtendedTypes().stream()
                      .noneMatch(t -> t.getNameAsString().endsWith("Lock")))
          .orElse(true);
    }
    if (guard.equals("itself") || guard.endsWith(".class")) {
      return true;
    }
    String name = guard.startsWith("this.") ? guard.substring(5) : guard;
    Optional<Variable> lock = file.scopes().lookupField(name, field.declaration());
    if (lock.isEmpty()) {
      return false;
    }
    var type = lock.get().type();
    if (type.isKnown()
        && (FileContext.couldBe(type, dev.threadlint.models.JdkTypes.LOCK)
            || FileContext.couldBe(type, dev.threadlint.models.JdkTypes.READ_WRITE_LOCK))
        && !type.candidates().stream().allMatch(c -> !c.startsWith("java."))) {
      return true;
    }
    return file.unit().findAll(com.github.javaparser.ast.stmt.SynchronizedStmt.class).stream()
        .anyMatch(
            sync -> file.variableOf(sync.getExpression()).filter(lock.get()::equals).isPresent());
  }

  static Optional<String> guardOf(Variable field) {
    if (!(field.declaration().getParentNode().orElse(null)
        instanceof FieldDeclaration declaration)) {
      return Optional.empty();
    }
    for (AnnotationExpr annotation : declaration.getAnnotations()) {
      if (!annotation.getName().getIdentifier().equals("GuardedBy")) {
        continue;
      }
      Expression value = null;
      if (annotation instanceof SingleMemberAnnotationExpr single) {
        value = single.getMemberValue();
      } else if (annotation instanceof NormalAnnotationExpr normal) {
        value =
            normal.getPairs().stream()
                .filter(p -> p.getNameAsString().equals("value"))
                .map(p -> p.getValue())
                .findFirst()
                .orElse(null);
      }
      if (value instanceof StringLiteralExpr literal) {
        return Optional.of(literal.getValue().strip());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> lockName(Variable field, String guard) {
    if (guard.equals("this")) {
      return Optional.of("this");
    }
    if (guard.equals("itself")) {
      return Optional.of("field:" + field.name());
    }
    if (guard.endsWith(".class")) {
      String type = guard.substring(0, guard.length() - ".class".length());
      return Optional.of("class:" + type.substring(type.lastIndexOf('.') + 1));
    }
    if (guard.startsWith("this.")) {
      guard = guard.substring("this.".length());
    }
    return IDENTIFIER.matcher(guard).matches() ? Optional.of("field:" + guard) : Optional.empty();
  }
}
