package dev.threadlint.rules.thread;

import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.findings.Severity;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Thread.stop/suspend/resume} (and the same on {@code ThreadGroup}): inherently unsafe,
 * deprecated since Java 1.2 and throwing {@code UnsupportedOperationException} on recent JDKs.
 */
public final class DeprecatedThreadControl implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "deprecated-thread-control",
              Family.THREAD,
              Severity.WARNING,
              "Thread.stop/suspend/resume used",
              "stop() releases every monitor the thread holds at an arbitrary point, leaving"
                  + " shared objects half-updated; suspend() keeps its monitors while frozen and"
                  + " deadlocks whoever needs them. Since Java 20 they throw"
                  + " UnsupportedOperationException. Stop a thread cooperatively: interrupt() it"
                  + " and let it check Thread.interrupted(), or set a volatile flag.")
          .fix(
              "Ask the thread to stop: call interrupt() and have it check Thread.interrupted() (or a volatile flag) and return.");

  private static final Set<String> METHODS = Set.of("stop", "suspend", "resume");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      // Thread's stop/suspend/resume take no arguments (stop(Throwable) is gone since Java 11),
      // and are final: a stop(long) on a Thread subclass is the project's own method.
      if (!METHODS.contains(call.getNameAsString()) || !call.getArguments().isEmpty()) {
        continue;
      }
      List<List<TypeCondition>> alternatives =
          call.getScope().isPresent()
              ? receiverAlternatives(file, call)
              : implicitThis(file, call).map(List::of).orElse(List.of());
      // A receiver is a Thread or a ThreadGroup, never both: at most one alternative survives.
      for (List<TypeCondition> conditions : alternatives) {
        sink.report(
            finding(
                file,
                call,
                String.format(
                    "'%s()' is unsafe and unsupported on current JDKs; stop the thread"
                        + " cooperatively with interrupt() or a volatile flag",
                    call.getNameAsString())),
            conditions);
      }
    }
  }

  private static List<List<TypeCondition>> receiverAlternatives(
      FileContext file, MethodCallExpr call) {
    List<List<TypeCondition>> alternatives = new java.util.ArrayList<>();
    ThreadReceivers.threadReceiver(file, call).ifPresent(alternatives::add);
    ThreadReceivers.receiverOfType(file, call, JdkTypes.THREAD_GROUP).ifPresent(alternatives::add);
    return alternatives;
  }

  /** An unqualified {@code stop()} inside a class that extends {@code Thread}. */
  private static Optional<List<TypeCondition>> implicitThis(FileContext file, MethodCallExpr call) {
    Optional<ClassOrInterfaceDeclaration> type =
        call.findAncestor(ClassOrInterfaceDeclaration.class);
    if (type.isEmpty()
        || type.get().getExtendedTypes().isEmpty()
        || call.findAncestor(com.github.javaparser.ast.expr.ObjectCreationExpr.class)
            .filter(c -> c.getAnonymousClassBody().isPresent())
            .isPresent()
        || declaresMethod(type.get(), call.getNameAsString())) {
      return Optional.empty();
    }
    TypeRef self = file.types().enclosingType(call);
    return self.isKnown()
        ? Optional.of(List.of(new TypeCondition(self, JdkTypes.THREAD)))
        : Optional.empty();
  }

  private static boolean declaresMethod(ClassOrInterfaceDeclaration type, String name) {
    return type.getMethodsByName(name).stream().anyMatch(m -> m.getParameters().isEmpty());
  }
}
