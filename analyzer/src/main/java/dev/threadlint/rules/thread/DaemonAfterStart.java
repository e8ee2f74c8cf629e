package dev.threadlint.rules.thread;

import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import java.util.List;
import java.util.Optional;

/**
 * {@code setDaemon} on a thread that has already been started, which always throws {@code
 * IllegalThreadStateException}: after a {@code start()} of the same variable that runs before it on
 * every path, or on {@code Thread.currentThread()}.
 */
public final class DaemonAfterStart implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "daemon-after-start",
              Family.THREAD,
              Severity.ERROR,
              "setDaemon called after start()",
              "Thread.setDaemon throws IllegalThreadStateException once the thread is alive, so the"
                  + " call after start() fails at run time and the thread stays non-daemon. Call"
                  + " setDaemon(true) before start(), or create the thread from a ThreadFactory"
                  + " that marks it daemon.")
          .fix(
              "Call setDaemon(true) before start(), or create the thread from a ThreadFactory that marks it daemon.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      if (!call.getNameAsString().equals("setDaemon") || call.getArguments().size() != 1) {
        continue;
      }
      Optional<List<TypeCondition>> thread = ThreadReceivers.threadReceiver(file, call);
      if (thread.isEmpty()) {
        continue;
      }
      if (isCurrentThread(call)) {
        sink.report(
            finding(
                file,
                call,
                "'Thread.currentThread().setDaemon(..)' always throws"
                    + " IllegalThreadStateException: the current thread is running"),
            thread.get());
        continue;
      }
      Optional<Variable> variable = file.variableOf(call.getScope().get());
      if (variable.isEmpty()) {
        continue;
      }
      StartCalls.earlierStart(file, variable.get(), call)
          .ifPresent(
              start ->
                  sink.report(
                      finding(
                              file,
                              call,
                              String.format(
                                  "'%s.setDaemon(..)' after '%s.start()' throws"
                                      + " IllegalThreadStateException; call setDaemon before"
                                      + " start",
                                  variable.get().name(), variable.get().name()))
                          .withRelated(List.of(file.location(start, "the thread is started here"))),
                      thread.get()));
    }
  }

  private static boolean isCurrentThread(MethodCallExpr call) {
    return call.getScope()
        .filter(MethodCallExpr.class::isInstance)
        .map(MethodCallExpr.class::cast)
        .filter(s -> s.getNameAsString().equals("currentThread"))
        .isPresent();
  }
}
