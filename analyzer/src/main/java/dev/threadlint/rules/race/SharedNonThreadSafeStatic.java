package dev.threadlint.rules.race;

import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.model.ModelQueries;
import dev.threadlint.models.ThreadEntries;
import dev.threadlint.models.ThreadSafety;
import dev.threadlint.protocol.Uses;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.List;
import java.util.Optional;

/**
 * A static field of a type that keeps mutable state while it works (DateFormat, Calendar,
 * MessageDigest, Matcher...) used without a lock: every thread that formats, parses or digests
 * shares that state. Reported at the field, with the first unguarded use as related location.
 */
public final class SharedNonThreadSafeStatic implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "shared-non-thread-safe-static",
              Family.RACE,
              Severity.WARNING,
              "Non-thread-safe object shared through a static field",
              "SimpleDateFormat, Calendar, MessageDigest, Matcher and their kin keep intermediate"
                  + " state in the instance while they work. A static one is shared by every"
                  + " thread, and concurrent calls corrupt each other's results, often silently.")
          .equivalent(
              Tool.SPOTBUGS,
              "STCAL_STATIC_SIMPLE_DATE_FORMAT_INSTANCE",
              "STCAL_INVOKE_ON_STATIC_DATE_FORMAT_INSTANCE")
          .equivalent(Tool.SONARJAVA, "S2885")
          .fix(
              "Use an immutable, thread-safe alternative (DateTimeFormatter), a ThreadLocal, a new instance per call, or synchronize every use.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (FieldDeclaration field : file.all(FieldDeclaration.class)) {
      if (!field.isStatic()) {
        continue;
      }
      for (VariableDeclarator declarator : field.getVariables()) {
        String type = declarator.getType().asString();
        type = type.substring(type.lastIndexOf('.') + 1);
        if (!ThreadSafety.UNSAFE_STATICS.contains(type)) {
          continue;
        }
        Optional<Variable> variable =
            file.scopes().lookupField(declarator.getNameAsString(), declarator);
        Optional<TypeDeclaration> owner = declarator.findAncestor(TypeDeclaration.class);
        if (variable.isEmpty() || owner.isEmpty()) {
          continue;
        }
        Optional<Expression> unguarded =
            Uses.of(file, variable.get(), owner.get()).stream()
                .filter(
                    use ->
                        use.getParentNode()
                            .filter(
                                p ->
                                    p instanceof MethodCallExpr c
                                        && c.getScope().filter(s -> s == use).isPresent())
                            .isPresent())
                .filter(use -> ModelQueries.noLockHeld(file, use))
                .findFirst();
        if (unguarded.isPresent()
            && !onlyInSingleTask(file, owner.get(), Uses.of(file, variable.get(), owner.get()))) {
          sink.report(
              finding(
                      file,
                      declarator,
                      String.format(
                          "static %s '%s' is shared by all threads but is not thread-safe; use a"
                              + " thread-safe alternative, a ThreadLocal or a lock",
                          type, declarator.getNameAsString()))
                  .withRelated(
                      List.of(file.location(unguarded.get(), "used here without a lock"))));
        }
      }
    }
  }

  /**
   * Every use is in run() (or call()) of the owner, a task class the project cannot create from
   * outside (neither it nor a constructor is public) and that its file creates once, outside any
   * loop: one task object, and a scheduled task never overlaps its own runs.
   */
  private static boolean onlyInSingleTask(
      FileContext file, TypeDeclaration<?> owner, List<Expression> uses) {
    if (!(owner instanceof ClassOrInterfaceDeclaration task)
        || task.isPublic()
        || task.isProtected()
        || task.getConstructors().stream().anyMatch(c -> c.isPublic() || c.isProtected())
        || java.util.stream.Stream.concat(
                task.getExtendedTypes().stream(), task.getImplementedTypes().stream())
            .noneMatch(t -> ThreadEntries.TASK_SIMPLE_NAMES.contains(t.getNameAsString()))) {
      return false;
    }
    for (Expression use : uses) {
      Optional<MethodDeclaration> method = use.findAncestor(MethodDeclaration.class);
      if (method.isEmpty()
          || !method.get().getParentNode().filter(p -> p == task).isPresent()
          || !ThreadEntries.TASK_METHODS.containsValue(method.get().getNameAsString())
          || !method.get().getParameters().isEmpty()
          || Dominance.bodyOf(use) != method.get()) {
        return false;
      }
    }
    List<ObjectCreationExpr> creations =
        file.unit()
            .findAll(
                ObjectCreationExpr.class,
                c -> c.getType().getNameAsString().equals(task.getNameAsString()));
    return creations.size() == 1 && Dominance.enclosingLoop(creations.get(0)).isEmpty();
  }
}
