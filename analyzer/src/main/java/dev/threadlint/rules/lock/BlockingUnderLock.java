package dev.threadlint.rules.lock;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import dev.threadlint.deadlock.BlockingCalls;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.ProjectModel;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.findings.Location;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.model.Call;
import dev.threadlint.model.ConcurrencyModel;
import dev.threadlint.model.HeldLocks;
import dev.threadlint.model.LockId;
import dev.threadlint.model.MethodSummary;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.models.LockVocabulary;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A call that waits for another thread (sleep, join, an untimed Future.get, a queue's take/put, a
 * latch, a semaphore) made while a monitor or lock is held: every thread that needs the lock waits
 * as long, and if the awaited thread needs it too, neither ever goes on. Held locks come from the
 * model's one query; calls of project methods that block are followed through the call graph.
 */
public final class BlockingUnderLock implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "blocking-under-lock",
              Family.LOCK,
              Severity.WARNING,
              "Blocking call while holding a monitor or lock",
              "A thread that sleeps, joins, takes from a queue or waits for a future while it"
                  + " holds a lock makes every other thread that needs the lock wait as well; when"
                  + " the thread it waits for needs the same lock, both wait for ever. A call of a"
                  + " project method that blocks is reported at the call made under the lock."
                  + " Object.wait and Condition.await are not reported: they release the lock while waiting.")
          .equivalent(Tool.SPOTBUGS, "SWL_SLEEP_WITH_LOCK_HELD")
          .equivalent(Tool.INFER, "STARVATION")
          .fix(
              "Do the blocking call after leaving the synchronized block (copy what it needs"
                  + " first), use a timed variant and handle the timeout, or wait on a Condition of"
                  + " the lock so that it is released while waiting.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    List<MethodCallExpr> calls = file.all(MethodCallExpr.class);
    if (calls.stream()
        .noneMatch(c -> LockVocabulary.BLOCKING_NAMES.contains(c.getNameAsString()))) {
      return;
    }
    for (MethodCallExpr call : calls) {
      if (!LockVocabulary.BLOCKING_NAMES.contains(call.getNameAsString())) {
        continue;
      }
      Optional<List<TypeCondition>> blocking = blocking(file, call);
      if (blocking.isEmpty() || askedDoneBefore(call)) {
        continue;
      }
      Optional<LockId> held =
          HeldLocks.at(file, call).stream()
              .filter(LockId::isComparable)
              .min(Comparator.comparing(LockId::toString));
      if (held.isEmpty()) {
        continue;
      }
      sink.report(
          finding(
              file,
              call,
              String.format(
                  "'%s' blocks while %s is held: threads that need it wait as long, and if the"
                      + " awaited thread needs it too, neither goes on",
                  call, held.get().describe())),
          blocking.get());
    }
  }

  /**
   * Calls of project methods that block, made while a lock is held: reported at the call, naming
   * the callee and the blocking call it leads to.
   */
  @Override
  public void checkProject(ProjectModel project, FindingSink sink) {
    BlockingCalls blocking = new BlockingCalls(ConcurrencyModel.of(project), project.types());
    for (MethodSummary method : blocking.bodies()) {
      for (Call call : method.calls()) {
        List<LockId> held = BlockingCalls.heldAt(call);
        if (held.isEmpty()) {
          continue;
        }
        Optional<List<BlockingCalls.Step>> chain = blocking.blockingCall(method, call);
        if (chain.isEmpty()) {
          continue;
        }
        List<BlockingCalls.Step> steps = chain.get();
        BlockingCalls.Step last = steps.get(steps.size() - 1);
        List<Location> flow = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
          BlockingCalls.Step step = steps.get(i);
          flow.add(
              step.site()
                  .location(
                      i == steps.size() - 1 ? step.what() + " blocks" : "calls " + step.what()));
        }
        RuleMetadata meta = metadata();
        sink.report(
            finding(
                    call.site(),
                    String.format(
                        "'%s' blocks (it leads to %s at %s:%d) while %s is held: threads that"
                            + " need it wait as long, and if the awaited thread needs it too,"
                            + " neither goes on",
                        steps.get(0).what(),
                        last.what(),
                        fileName(last.site().path()),
                        last.site().line(),
                        held.get(0).describe()))
                .withRelated(List.of(last.site().location("the call that blocks")))
                .withFlow(flow),
            List.of());
      }
    }
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The type conditions under which the call blocks, or empty when it does not (or is unknown). */
  private static Optional<List<TypeCondition>> blocking(FileContext file, MethodCallExpr call) {
    String name = call.getNameAsString();
    int arguments = call.getArguments().size();
    if (name.equals("sleep")) {
      boolean threadSleep =
          call.getScope()
              .filter(s -> s instanceof NameExpr n && n.getNameAsString().equals("Thread"))
              .isPresent();
      return threadSleep ? Optional.of(List.of()) : Optional.empty();
    }
    if (call.getScope().isEmpty()) {
      return Optional.empty();
    }
    Expression scope = call.getScope().get();
    TypeRef type = file.typeOf(scope);
    if (!type.isKnown()) {
      return Optional.empty();
    }
    String supertype =
        switch (name) {
          case "join" ->
              arguments == 0 ? firstOf(type, JdkTypes.THREAD, JdkTypes.COMPLETABLE_FUTURE) : null;
          case "get" -> arguments == 0 ? firstOf(type, JdkTypes.FUTURE) : null;
          case "take", "put" -> firstOf(type, JdkTypes.BLOCKING_QUEUE);
          case "await" -> arguments == 0 ? firstOf(type, JdkTypes.COUNT_DOWN_LATCH) : null;
          case "acquire", "acquireUninterruptibly" -> firstOf(type, JdkTypes.SEMAPHORE);
          default -> null;
        };
    return supertype == null
        ? Optional.empty()
        : Optional.of(List.of(new TypeCondition(type, supertype)));
  }

  /** {@code if (f.isDone()) f.get()}: the result is there, nothing waits. */
  private static boolean askedDoneBefore(MethodCallExpr call) {
    if (call.getScope().isEmpty()
        || !(call.getNameAsString().equals("get") || call.getNameAsString().equals("join"))) {
      return false;
    }
    String future = call.getScope().get().toString();
    Node body = Dominance.bodyOf(call);
    return body != null
        && Bodies.findAllInSameBody(body, MethodCallExpr.class).stream()
            .anyMatch(
                c ->
                    c.getNameAsString().equals("isDone")
                        && c.getScope().filter(s -> s.toString().equals(future)).isPresent()
                        && c.getBegin().isPresent()
                        && call.getBegin().isPresent()
                        && c.getBegin().get().isBefore(call.getBegin().get()));
  }

  private static String firstOf(TypeRef type, String... supertypes) {
    for (String supertype : supertypes) {
      if (FileContext.couldBe(type, supertype)) {
        return supertype;
      }
    }
    return null;
  }
}
