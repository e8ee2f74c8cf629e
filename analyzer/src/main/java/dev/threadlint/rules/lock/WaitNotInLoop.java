package dev.threadlint.rules.lock;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.Fact;
import dev.threadlint.facts.FactExtractor;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.ProjectModel;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.findings.Severity;
import dev.threadlint.model.CallGraph;
import dev.threadlint.model.ConcurrencyModel;
import dev.threadlint.model.MethodKey;
import dev.threadlint.model.MethodSummary;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.models.LockVocabulary;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code Object.wait()} (or {@code TimeUnit.timedWait}) or {@code Condition.await()} that is not
 * inside a loop re-checking the condition it waits for: wake-ups can be spurious, and another
 * thread may have consumed the state between the signal and the wake-up. A private helper that
 * waits once for callers that all loop is seen through: their loop re-checks.
 */
public final class WaitNotInLoop implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "wait-not-in-loop",
              Family.LOCK,
              Severity.WARNING,
              "wait()/await() not in a loop that re-checks its condition",
              "A waiting thread can wake up without being notified (spurious wake-up), or after"
                  + " another thread has already taken what it was waiting for. Code that waits"
                  + " once and proceeds then works on a condition that does not hold. Wait in a"
                  + " loop: while (!ready) { lock.wait(); }. A private or package-private helper"
                  + " that waits once is fine when every call of it, in any file, is made in such"
                  + " a loop.")
          .equivalent(Tool.SPOTBUGS, "WA_NOT_IN_LOOP")
          .equivalent(Tool.ERROR_PRONE, "WaitNotInLoop")
          .equivalent(Tool.INTELLIJ, "WaitNotInLoop")
          .fix(
              "Wait in a loop that re-checks the condition: while (!ready) { lock.wait(); } (or condition.await()).");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      String name = call.getNameAsString();
      List<TypeCondition> conditions;
      if (name.equals("wait") && call.getArguments().size() <= 2 && !declaresWait(call)) {
        conditions = List.of();
      } else if (isTimedWait(file, call)) {
        conditions = List.of(); // TimeUnit.timedWait(monitor, timeout) is monitor.wait(ms)
      } else if (LockVocabulary.CONDITION_WAITS.contains(name) && call.getScope().isPresent()) {
        TypeRef type = file.typeOf(call.getScope().get());
        if (!type.isKnown() || !FileContext.couldBe(type, JdkTypes.CONDITION)) {
          continue;
        }
        conditions = List.of(new TypeCondition(type, JdkTypes.CONDITION));
      } else {
        continue;
      }
      if (Dominance.enclosingLoop(call).isEmpty()
          && !isWrapper(file, call)
          && !helperCalledInLoops(file, call)) {
        if (conditions.isEmpty() && packagePrivateHelper(call).isPresent()) {
          continue; // judged in the project phase, which sees the callers in other files
        }
        sink.report(finding(file, call, message(call)), conditions);
      }
    }
  }

  private static String message(MethodCallExpr call) {
    return String.format(
        "'%s' is not in a loop: after a spurious or stale wake-up the code goes on"
            + " although the condition may not hold; wait in a while loop that"
            + " re-checks it",
        call.getNameAsString() + "()");
  }

  /**
   * A package-private method of a named class that waits once ({@code Object.wait}, a timed wait):
   * callers anywhere in its package may be the loop that re-checks. Condition awaits stay judged
   * per file (their finding depends on the condition's type).
   */
  static Optional<MethodDeclaration> packagePrivateHelper(MethodCallExpr call) {
    if (!(Dominance.bodyOf(call) instanceof MethodDeclaration helper)
        || helper.isPrivate()
        || helper.isPublic()
        || helper.isProtected()
        || helper.getBody().isEmpty()
        || !(helper.getParentNode().orElse(null) instanceof ClassOrInterfaceDeclaration type)
        || type.isInterface()
        || type.isLocalClassDeclaration()) {
      return Optional.empty();
    }
    return Optional.of(helper);
  }

  /**
   * Waits in package-private helpers, and the loops of every file: whether all the callers of such
   * a helper loop is known only once every file is read.
   */
  public static final class Helpers implements FactExtractor {
    /** A wait outside any loop in package-private helper {@code owner.method/arity}. */
    public record HelperWait(
        String owner, String method, int arity, dev.threadlint.model.Site site, String message)
        implements Fact, java.io.Serializable {}

    /** The source ranges of one file's loop statements. */
    public record Loops(String path, List<List<Integer>> spans)
        implements Fact, java.io.Serializable {
      public Loops {
        spans = spans.stream().map(List::copyOf).toList();
      }

      boolean contains(dev.threadlint.model.Site site) {
        for (List<Integer> span : spans) {
          boolean afterStart =
              site.line() > span.get(0)
                  || site.line() == span.get(0) && site.column() >= span.get(1);
          boolean beforeEnd =
              site.line() < span.get(2)
                  || site.line() == span.get(2) && site.column() <= span.get(3);
          if (afterStart && beforeEnd) {
            return true;
          }
        }
        return false;
      }
    }

    @Override
    public String name() {
      return "helper-waits";
    }

    @Override
    public void extract(FileContext file, Consumer<Fact> out) {
      String path = file.file().relativePath();
      for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
        boolean waits =
            call.getNameAsString().equals("wait")
                    && call.getArguments().size() <= 2
                    && !declaresWait(call)
                || isTimedWait(file, call);
        if (!waits
            || Dominance.enclosingLoop(call).isPresent()
            || isWrapper(file, call)
            || call.getRange().isEmpty()) {
          continue;
        }
        Optional<MethodDeclaration> helper = packagePrivateHelper(call);
        if (helper.isEmpty()) {
          continue;
        }
        com.github.javaparser.Range r = call.getRange().get();
        if (call.getName().getRange().isPresent()) {
          r = new com.github.javaparser.Range(call.getName().getRange().get().begin, r.end);
        }
        out.accept(
            new HelperWait(
                dev.threadlint.model.LockNames.ownerOf(helper.get()),
                helper.get().getNameAsString(),
                helper.get().getParameters().size(),
                new dev.threadlint.model.Site(
                    path,
                    r.begin.line,
                    r.begin.column,
                    r.end.line,
                    r.end.column,
                    FileContext.memberOf(call)),
                message(call)));
      }
      List<List<Integer>> spans = new ArrayList<>();
      for (Class<? extends com.github.javaparser.ast.stmt.Statement> loop :
          List.of(
              com.github.javaparser.ast.stmt.ForStmt.class,
              com.github.javaparser.ast.stmt.ForEachStmt.class,
              com.github.javaparser.ast.stmt.WhileStmt.class,
              com.github.javaparser.ast.stmt.DoStmt.class)) {
        for (com.github.javaparser.ast.stmt.Statement statement : file.all(loop)) {
          statement
              .getRange()
              .ifPresent(
                  r -> spans.add(List.of(r.begin.line, r.begin.column, r.end.line, r.end.column)));
        }
      }
      if (!spans.isEmpty()) {
        out.accept(new Loops(path, spans));
      }
    }
  }

  /**
   * A package-private helper that waits once is fine when the project calls it and every call is in
   * a loop (the caller re-checks); otherwise the wait is reported where it is. A call in a lambda
   * inside a loop counts as in the loop: that can only keep a finding back.
   */
  @Override
  public void checkProject(ProjectModel project, FindingSink sink) {
    List<Helpers.HelperWait> waits = project.facts(Helpers.HelperWait.class).toList();
    if (waits.isEmpty()) {
      return;
    }
    Map<String, Helpers.Loops> loops = new HashMap<>();
    project.facts(Helpers.Loops.class).forEach(l -> loops.put(l.path(), l));
    ConcurrencyModel model = ConcurrencyModel.of(project);
    for (Helpers.HelperWait wait : waits) {
      List<CallGraph.Edge> callers = new ArrayList<>();
      for (MethodSummary helper :
          model.graph().methods(new MethodKey(wait.owner(), wait.method(), wait.arity()))) {
        callers.addAll(model.graph().callers(helper));
      }
      boolean allLoop =
          !callers.isEmpty()
              && callers.stream()
                  .allMatch(
                      e -> {
                        Helpers.Loops inFile = loops.get(e.call().site().path());
                        return inFile != null && inFile.contains(e.call().site());
                      });
      if (!allLoop) {
        sink.report(finding(wait.site(), wait.message()));
      }
    }
  }

  /**
   * A method that only forwards to wait/await, or waits on a condition it was handed, leaves the
   * loop to its caller (Guava's Uninterruptibles, a Lock wrapper's await()).
   */
  private static boolean isWrapper(FileContext file, MethodCallExpr call) {
    Optional<Expression> waitedOn =
        call.getNameAsString().equals("timedWait")
            ? Optional.of(call.getArgument(0))
            : call.getScope();
    if (waitedOn
        .flatMap(file::variableOf)
        .filter(v -> v.kind() == dev.threadlint.facts.Variable.Kind.PARAMETER)
        .isPresent()) {
      return true;
    }
    Optional<MethodDeclaration> method =
        call.findAncestor(MethodDeclaration.class).filter(m -> !m.isPrivate());
    if (method.filter(WaitNotInLoop::isWaitPrimitive).isPresent()) {
      return true;
    }
    return method // a private one is judged by its callers' loops
        .flatMap(m -> m.getBody())
        .filter(b -> onlyForwards(b, call))
        .isPresent();
  }

  /**
   * The body does nothing but the wait: one statement that is the call, possibly inside {@code
   * synchronized} or {@code try} blocks that hold only it.
   */
  private static boolean onlyForwards(com.github.javaparser.ast.stmt.BlockStmt block, Node call) {
    if (block.getStatements().size() != 1) {
      return false;
    }
    com.github.javaparser.ast.stmt.Statement only = block.getStatement(0);
    if (only instanceof com.github.javaparser.ast.stmt.SynchronizedStmt sync) {
      return onlyForwards(sync.getBody(), call);
    }
    if (only instanceof com.github.javaparser.ast.stmt.TryStmt guarded) {
      return onlyForwards(guarded.getTryBlock(), call);
    }
    return Dominance.isAncestorOrSelf(only, call)
        && (only.isExpressionStmt() || only.isReturnStmt());
  }

  /**
   * An implementation of an interface's wait primitive, {@code @Override void awaitXxx(..)} (a
   * channel's {@code awaitReadable}, a task queue's {@code awaitProcessableTasks}): like {@code
   * Condition.await}, its contract lets it return early, and its callers loop and re-check.
   */
  private static boolean isWaitPrimitive(MethodDeclaration method) {
    return method.getNameAsString().startsWith("await")
        && method.getType().isVoidType()
        && method.getAnnotationByName("Override").isPresent();
  }

  /**
   * A private helper that waits once, called only from loops that re-check (issue 13: a timed wait
   * in a helper whose only caller loops): the caller's loop is the wait loop. A private method is
   * called only from its file, so every call of it is in sight.
   */
  private static boolean helperCalledInLoops(FileContext file, MethodCallExpr call) {
    if (!(Dominance.bodyOf(call) instanceof MethodDeclaration helper) || !helper.isPrivate()) {
      return false;
    }
    String name = helper.getNameAsString();
    int arity = helper.getParameters().size();
    List<MethodCallExpr> callers =
        file.unit()
            .findAll(
                MethodCallExpr.class,
                c ->
                    c.getNameAsString().equals(name)
                        && c.getArguments().size() == arity
                        && c.getScope().map(s -> s instanceof ThisExpr).orElse(true));
    return !callers.isEmpty()
        && callers.stream().allMatch(c -> Dominance.enclosingLoop(c).isPresent());
  }

  /** {@code unit.timedWait(monitor, timeout)} on a {@code TimeUnit}: a timed {@code wait}. */
  private static boolean isTimedWait(FileContext file, MethodCallExpr call) {
    return call.getNameAsString().equals("timedWait")
        && call.getArguments().size() == 2
        && call.getScope()
            .filter(
                s ->
                    file.typeOf(s).mayBe(TIME_UNIT)
                        || (s instanceof FieldAccessExpr f
                            && f.getScope().toString().equals("TimeUnit")))
            .isPresent();
  }

  private static final String TIME_UNIT = "java.util.concurrent.TimeUnit";

  /** A class with its own wait(..) overloads calls those, not Object.wait. */
  private static boolean declaresWait(MethodCallExpr call) {
    return call.getScope().isEmpty()
        && call.findAncestor(ClassOrInterfaceDeclaration.class)
            .filter(c -> !c.getMethodsByName("wait").isEmpty())
            .isPresent();
  }
}
