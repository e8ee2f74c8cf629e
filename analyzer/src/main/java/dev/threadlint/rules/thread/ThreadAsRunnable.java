package dev.threadlint.rules.thread;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.findings.Severity;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code Thread} object handed over as a plain {@code Runnable}: to an executor ({@code
 * submit/execute/schedule*}) or to another thread's constructor. Only its {@code run()} is used, on
 * a thread it does not own, so the Thread object itself (its name, priority, daemon status,
 * interrupt handling, uncaught-exception handler) is dead weight that readers take for live. Only
 * reported when the argument's declared type is {@code Thread} or a project subclass.
 */
public final class ThreadAsRunnable implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "thread-as-runnable",
              Family.THREAD,
              Severity.WARNING,
              "Thread passed where a Runnable is expected",
              "An executor or another Thread only calls run() on what it is given. Passing a"
                  + " Thread object there never starts that thread: its name, daemon flag,"
                  + " priority and uncaught-exception handler are ignored, and interrupting or"
                  + " joining it later does nothing, since the work runs on someone else's"
                  + " thread. Either the code meant to start() the thread, or it should hand over"
                  + " a Runnable.")
          .equivalent(Tool.SONARJAVA, "S2438")
          .fix(
              "Hand over a Runnable (a lambda or a class that implements Runnable) instead of a Thread, or start() the thread yourself.");

  /** Executor methods whose first argument is the task. */
  private static final Set<String> HAND_OFFS =
      Set.of("submit", "execute", "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      if (!HAND_OFFS.contains(call.getNameAsString()) || call.getArguments().isEmpty()) {
        continue;
      }
      Optional<List<TypeCondition>> executor =
          ThreadReceivers.receiverOfType(file, call, JdkTypes.EXECUTOR);
      if (executor.isEmpty()) {
        continue;
      }
      Expression task = call.getArgument(0);
      threadArgument(file, task)
          .ifPresent(
              argument -> {
                List<TypeCondition> conditions = new ArrayList<>(executor.get());
                conditions.add(argument);
                sink.report(
                    finding(
                        file,
                        task,
                        String.format(
                            "the Thread '%s' is handed to an executor, which only calls its"
                                + " run() on a pool thread; pass a Runnable instead",
                            ThreadReceivers.describe(task))),
                    conditions);
              });
    }
    for (ObjectCreationExpr creation : file.all(ObjectCreationExpr.class)) {
      TypeRef created = file.types().resolve(creation.getType());
      if (!creation.getType().getNameAsString().equals("Thread")
          || !created.mayBe(JdkTypes.THREAD)) {
        continue;
      }
      for (Expression argument : creation.getArguments()) {
        threadArgument(file, argument)
            .ifPresent(
                condition ->
                    sink.report(
                        finding(
                            file,
                            argument,
                            String.format(
                                "the Thread '%s' is wrapped in another Thread, which only calls"
                                    + " its run(); pass a Runnable, or start '%s' itself",
                                ThreadReceivers.describe(argument),
                                ThreadReceivers.describe(argument))),
                        List.of(condition)));
      }
    }
  }

  /** The condition under which an argument is a Thread, when its declared type is known. */
  private static Optional<TypeCondition> threadArgument(FileContext file, Expression argument) {
    TypeRef type = file.typeOf(argument);
    if (!type.isKnown() || !FileContext.couldBe(type, JdkTypes.THREAD)) {
      return Optional.empty();
    }
    return Optional.of(new TypeCondition(type, JdkTypes.THREAD));
  }
}
