package dev.threadlint.rules.thread;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;

/**
 * {@code thread.run()} on a {@code Thread}: the body runs on the caller's thread, and no new thread
 * starts. A {@code run()} on something declared {@code Runnable} is ordinary delegation and is not
 * reported, nor is a {@code run()} inside another {@code run()} method, which forwards on purpose.
 */
public final class ThreadRunDirect implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "thread-run-direct",
              Family.THREAD,
              Severity.WARNING,
              "Thread.run() called where start() was meant",
              "Calling run() on a Thread executes its body synchronously on the calling thread;"
                  + " no new thread is created. Call start() to run the body concurrently, or"
                  + " hand a Runnable to an executor.")
          .equivalent(Tool.SPOTBUGS, "RU_INVOKE_RUN")
          .equivalent(Tool.PMD, "DontCallThreadRun")
          .equivalent(Tool.SONARJAVA, "S1217")
          .equivalent(Tool.INTELLIJ, "CallToThreadRun")
          .fix(
              "Call start() to run the body on a new thread (and join() it where the result is needed); hold the task as a Runnable if it is meant to run inline.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      if (!ThreadReceivers.isNoArgCall(call, "run") || isInsideRunMethod(call)) {
        continue;
      }
      ThreadReceivers.threadReceiver(file, call)
          .ifPresent(
              conditions -> {
                String receiver = ThreadReceivers.describe(call.getScope().orElseThrow());
                sink.report(
                    finding(
                        file,
                        call,
                        String.format(
                            "'%s.run()' runs the thread's body on the calling thread; call"
                                + " '%s.start()' to run it on a new thread",
                            receiver, receiver)),
                    conditions);
              });
    }
  }

  private static boolean isInsideRunMethod(MethodCallExpr call) {
    return call.findAncestor(MethodDeclaration.class)
        .filter(m -> m.getNameAsString().equals("run") && m.getParameters().isEmpty())
        .isPresent();
  }
}
