package dev.threadlint.rules.thread;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithBody;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.Type;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code catch (InterruptedException e)} that neither rethrows (directly or wrapped), nor restores
 * the flag with {@code Thread.currentThread().interrupt()}, nor hands the exception on. In a
 * thread's {@code run()} method, leaving the run (return, break out of the work loop, or a catch
 * outside any loop) ends the thread as asked and is fine.
 */
public final class InterruptSwallowed implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "interrupt-swallowed",
              Family.THREAD,
              Severity.WARNING,
              "InterruptedException caught and swallowed",
              "Catching InterruptedException clears the thread's interrupt flag. Code that then"
                  + " carries on hides the request to stop from everything up the stack: the"
                  + " thread cannot be cancelled, and executors cannot shut down in time. Rethrow"
                  + " it, or call Thread.currentThread().interrupt() before returning.")
          .equivalent(Tool.SONARJAVA, "S2142")
          .equivalent(Tool.ERROR_PRONE, "InterruptedExceptionSwallowed")
          .fix(
              "Rethrow the InterruptedException (or declare it), or call Thread.currentThread().interrupt() before carrying on, so callers still see the request.");

  /** Methods that only record the exception: passing it to them is still swallowing. */
  private static final Set<String> LOGGING =
      Set.of(
          "trace",
          "debug",
          "info",
          "warn",
          "warning",
          "error",
          "fatal",
          "severe",
          "fine",
          "finer",
          "finest",
          "log",
          "printStackTrace",
          "println",
          "print",
          "printf",
          "format");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (CatchClause clause : file.all(CatchClause.class)) {
      boolean direct = catchesInterrupted(clause.getParameter().getType());
      Optional<List<TypeCondition>> generic =
          direct ? Optional.of(List.of()) : InterruptibleCalls.caughtGenerically(file, clause);
      if (generic.isEmpty()
          || handles(clause)
          || (!direct && considersInterrupt(clause))
          || endsRun(clause)
          || returnsToRun(file, clause)
          || insideRestoringCatch(clause)
          || reportsToRestoringCaller(clause)
          || runsAfterAllOf(file, clause)
          || getOfDoneFuture(clause)
          || shutsDownAndLeaves(clause)) {
        continue;
      }
      sink.report(
          finding(
              file,
              clause.getParameter(),
              direct
                  ? "InterruptedException is caught and the interrupt is lost; rethrow it or call"
                      + " Thread.currentThread().interrupt()"
                  : String.format(
                      "this catch (%s) also catches the InterruptedException of the try block"
                          + " and loses the interrupt; catch InterruptedException first and"
                          + " call Thread.currentThread().interrupt()",
                      clause.getParameter().getType())),
          generic.get());
    }
  }

  private static boolean catchesInterrupted(Type type) {
    for (String alternative : type.asString().split("\\|")) {
      String name = alternative.strip();
      if (name.equals("InterruptedException") || name.equals("java.lang.InterruptedException")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Rethrows the exception, re-interrupts, or hands the exception to code that may. Throwing a new
   * exception does not restore the flag (the cause is not the flag), unless its type is named for
   * the interrupt ({@code InterruptedIOException}, Kafka's {@code InterruptException}, which
   * re-interrupts in its constructor).
   */
  private static boolean handles(CatchClause clause) {
    Node body = clause.getBody();
    String exception = clause.getParameter().getNameAsString();
    for (ThrowStmt thrown : Bodies.findAllInSameBody(body, ThrowStmt.class)) {
      Expression what = thrown.getExpression();
      if (!(what instanceof ObjectCreationExpr creation)
          || creation.getType().getNameAsString().contains("Interrupt")
          || ASSERTIONS.contains(creation.getType().getNameAsString())) {
        // throw e; throw propagate(e); throw new InterruptedIOException(); and
        // throw new AssertionError(): the author asserts the interrupt cannot happen here
        return true;
      }
    }
    if (recordsForLater(clause)) {
      return true;
    }
    if (wrapsForLater(body, exception) || storedAndHandedOn(clause)) {
      return true;
    }
    for (MethodCallExpr call : Bodies.findAllInSameBody(body, MethodCallExpr.class)) {
      if (reinterrupts(call)) {
        return true;
      }
      boolean passesException =
          call.getArguments().stream()
              .anyMatch(a -> a instanceof NameExpr n && n.getNameAsString().equals(exception));
      if (passesException && !LOGGING.contains(call.getNameAsString())) {
        return true; // completeExceptionally(e), handler.accept(e)...
      }
    }
    return false;
  }

  /**
   * {@code catch (Throwable t) { result = t; } ... throw IO.rethrow(result);}: the exception is
   * kept in a local that the method later passes to a helper (which may restore or convert it), not
   * merely wrapped in a new exception.
   */
  private static boolean storedAndHandedOn(CatchClause clause) {
    String exception = clause.getParameter().getNameAsString();
    Node method = Dominance.bodyOf(clause);
    if (method == null) {
      return false;
    }
    for (AssignExpr assign : Bodies.findAllInSameBody(clause.getBody(), AssignExpr.class)) {
      if (!(assign.getValue() instanceof NameExpr value
              && value.getNameAsString().equals(exception))
          || !(assign.getTarget() instanceof NameExpr target)) {
        continue;
      }
      String local = target.getNameAsString();
      boolean handedOn =
          Bodies.findAllInSameBody(method, MethodCallExpr.class).stream()
              .filter(c -> !LOGGING.contains(c.getNameAsString()))
              .anyMatch(
                  c ->
                      c.getArguments().stream()
                          .anyMatch(
                              a ->
                                  (a instanceof NameExpr n && n.getNameAsString().equals(local))
                                      || a.findAll(NameExpr.class).stream()
                                          .anyMatch(n -> n.getNameAsString().equals(local))));
      if (handedOn) {
        return true;
      }
    }
    return false;
  }

  /**
   * A catch (Exception e) that tests for the interrupt: {@code e instanceof InterruptedException}.
   */
  private static boolean considersInterrupt(CatchClause clause) {
    return Bodies.findAllInSameBody(clause.getBody(), InstanceOfExpr.class).stream()
        .anyMatch(i -> i.getType().asString().endsWith("InterruptedException"));
  }

  /**
   * Nested in an outer {@code catch (InterruptedException)} that restores the flag: whatever the
   * inner catch does, the outer one re-interrupts afterwards.
   */
  private static boolean insideRestoringCatch(CatchClause clause) {
    Node current = clause.getParentNode().orElse(null);
    while (current != null
        && !(current instanceof CallableDeclaration<?>)
        && !(current instanceof LambdaExpr)) {
      if (current instanceof CatchClause outer
          && catchesInterrupted(outer.getParameter().getType())
          && Bodies.findAllInSameBody(outer.getBody(), MethodCallExpr.class).stream()
              .anyMatch(InterruptSwallowed::reinterrupts)) {
        return true;
      }
      current = current.getParentNode().orElse(null);
    }
    return false;
  }

  /**
   * A catch in a lambda that returns a result to the method that ran the lambda, where that method
   * rethrows or restores the interrupt ({@code if (interrupted) throw new
   * InterruptedException();}): the lambda reports the interrupt instead of swallowing it.
   */
  private static boolean reportsToRestoringCaller(CatchClause clause) {
    if (!(Dominance.bodyOf(clause) instanceof LambdaExpr lambda)
        || Bodies.findAllInSameBody(clause.getBody(), ReturnStmt.class).isEmpty()) {
      return false;
    }
    Node outer = Dominance.bodyOf(lambda);
    if (outer == null) {
      return false;
    }
    boolean rethrows =
        Bodies.findAllInSameBody(outer, ThrowStmt.class).stream()
            .anyMatch(
                t ->
                    t.getExpression() instanceof ObjectCreationExpr c
                        && c.getType().getNameAsString().contains("Interrupt"));
    return rethrows
        || Bodies.findAllInSameBody(outer, MethodCallExpr.class).stream()
            .anyMatch(InterruptSwallowed::reinterrupts);
  }

  /** The statement right after the catch's try is a return: {@code try {..} catch {} return t;}. */
  private static boolean returnsRightAfter(CatchClause clause) {
    if (!(clause.getParentNode().orElse(null) instanceof TryStmt tryStmt)
        || !(tryStmt.getParentNode().orElse(null)
            instanceof com.github.javaparser.ast.stmt.BlockStmt block)) {
      return false;
    }
    int index = block.getStatements().indexOf(tryStmt);
    return index >= 0
        && index + 1 < block.getStatements().size()
        && block.getStatements().get(index + 1) instanceof ReturnStmt;
  }

  /**
   * {@code if (f.isDone()) { try { f.get(); } catch (InterruptedException e) {..} }}: get() on a
   * completed future returns at once and cannot be interrupted; the catch only satisfies the
   * compiler. Every interruptible-looking call of the try must be such a get().
   */
  private static boolean getOfDoneFuture(CatchClause clause) {
    if (!(clause.getParentNode().orElse(null) instanceof TryStmt tryStmt)) {
      return false;
    }
    List<MethodCallExpr> calls =
        Bodies.findAllInSameBody(tryStmt.getTryBlock(), MethodCallExpr.class);
    List<MethodCallExpr> gets =
        calls.stream()
            .filter(c -> c.getNameAsString().equals("get") && c.getArguments().isEmpty())
            .filter(c -> c.getScope().isPresent())
            .toList();
    if (gets.isEmpty() || gets.size() != calls.size()) {
      return false;
    }
    for (MethodCallExpr get : gets) {
      String future = get.getScope().get().toString();
      boolean guarded = false;
      Node current = tryStmt.getParentNode().orElse(null);
      while (current != null && !(current instanceof CallableDeclaration<?>)) {
        if (current instanceof com.github.javaparser.ast.stmt.IfStmt check
            && check.getCondition().findAll(MethodCallExpr.class).stream()
                .anyMatch(
                    c ->
                        c.getNameAsString().equals("isDone")
                            && c.getScope().filter(sc -> sc.toString().equals(future)).isPresent())
            && !check.getCondition().toString().contains("!" + future + ".isDone()")) {
          guarded = true;
          break;
        }
        current = current.getParentNode().orElse(null);
      }
      if (!guarded) {
        return false;
      }
    }
    return true;
  }

  /** Errors thrown to assert that a catch is unreachable. */
  private static final Set<String> ASSERTIONS = Set.of("AssertionError", "InternalError");

  /** Callbacks that run once the future they are chained on has completed. */
  private static final Set<String> COMPLETION_CALLBACKS =
      Set.of(
          "thenApply",
          "thenApplyAsync",
          "thenAccept",
          "thenAcceptAsync",
          "thenRun",
          "thenCompose",
          "whenComplete",
          "handle");

  /**
   * Inside a callback chained on {@code allOf(..)} ({@code KafkaFuture.allOf(fs).thenApply(v ->
   * fs.get(..))}): every future is complete when the callback runs, so {@code get()} returns at
   * once and cannot be interrupted; the catch only satisfies the compiler.
   */
  private static boolean runsAfterAllOf(FileContext file, CatchClause clause) {
    Node current = clause.getParentNode().orElse(null);
    while (current != null && !(current instanceof CallableDeclaration<?>)) {
      if (current instanceof LambdaExpr lambda
          && lambda.getParentNode().orElse(null) instanceof MethodCallExpr callback
          && COMPLETION_CALLBACKS.contains(callback.getNameAsString())
          && callback.getScope().filter(s -> isAllOf(file, s)).isPresent()) {
        return true;
      }
      current = current.getParentNode().orElse(null);
    }
    return false;
  }

  /** {@code allOf(..)}, or a local initialised with it ({@code f = KafkaFuture.allOf(..)}). */
  private static boolean isAllOf(FileContext file, Expression expression) {
    Expression bare = FileContext.unwrap(expression);
    if (bare instanceof MethodCallExpr all && all.getNameAsString().equals("allOf")) {
      return true;
    }
    return file.variableOf(bare)
        .filter(v -> v.kind() == dev.threadlint.facts.Variable.Kind.LOCAL)
        .map(dev.threadlint.facts.Variable::declaration)
        .filter(com.github.javaparser.ast.body.VariableDeclarator.class::isInstance)
        .flatMap(d -> ((com.github.javaparser.ast.body.VariableDeclarator) d).getInitializer())
        .filter(i -> i instanceof MethodCallExpr all && all.getNameAsString().equals("allOf"))
        .isPresent();
  }

  /** Calls that shut the component down: after them the interrupt has done its job. */
  private static final Set<String> SHUTDOWNS =
      Set.of("shutdown", "shutdownNow", "close", "stop", "terminate", "halt", "dispose", "destroy");

  /**
   * A catch that shuts the component down and leaves (return, break or the end of a loop-free
   * body): the thread that owns the loop stops, which is what the interrupt asked for.
   */
  private static boolean shutsDownAndLeaves(CatchClause clause) {
    boolean shutsDown =
        Bodies.findAllInSameBody(clause.getBody(), MethodCallExpr.class).stream()
            .anyMatch(c -> SHUTDOWNS.contains(c.getNameAsString()));
    if (!shutsDown) {
      return false;
    }
    return !Bodies.findAllInSameBody(clause.getBody(), ReturnStmt.class).isEmpty()
        || !Bodies.findAllInSameBody(clause.getBody(), BreakStmt.class).isEmpty()
        || Dominance.enclosingLoop(clause).isEmpty();
  }

  /**
   * {@code interrupt()} itself, or a helper named for it ({@code interruptCurrentThread()}, {@code
   * selfInterrupt()}, {@code restoreInterrupt()}); not the queries {@code interrupted()} and {@code
   * isInterrupted()}, which read or clear the flag.
   */
  private static boolean reinterrupts(MethodCallExpr call) {
    String name = call.getNameAsString().toLowerCase(Locale.ROOT);
    return name.contains("interrupt") && !name.endsWith("interrupted");
  }

  /**
   * {@code first.compareAndSet(null, new XException(e))}: wrapped and kept to be thrown later, by a
   * wrapper named for the interrupt (Kafka's {@code InterruptException} re-interrupts when built).
   */
  private static boolean wrapsForLater(Node body, String exception) {
    return Bodies.findAllInSameBody(body, ObjectCreationExpr.class).stream()
        .anyMatch(
            creation ->
                isThrowableName(creation.getType().getNameAsString())
                    && creation.getType().getNameAsString().contains("Interrupt")
                    && creation.getArguments().stream()
                        .anyMatch(
                            a -> a instanceof NameExpr n && n.getNameAsString().equals(exception)));
  }

  private static boolean isThrowableName(String type) {
    return type.endsWith("Exception") || type.endsWith("Error") || type.equals("Throwable");
  }

  /**
   * The deferred idiom: {@code interrupted = true;} in the catch, and the method re-interrupts
   * later ({@code finally { if (interrupted) Thread.currentThread().interrupt(); }}).
   */
  private static boolean recordsForLater(CatchClause clause) {
    boolean setsFlag =
        Bodies.findAllInSameBody(clause.getBody(), AssignExpr.class).stream()
            .anyMatch(a -> a.getValue() instanceof BooleanLiteralExpr b && b.getValue());
    Node body = Dominance.bodyOf(clause);
    return setsFlag
        && body != null
        && Bodies.findAllInSameBody(body, MethodCallExpr.class).stream()
            .anyMatch(InterruptSwallowed::reinterrupts);
  }

  /**
   * In a thread's body — a run() method or a lambda given to a Thread — leaving the body ends the
   * thread, which is what an interrupt asks for.
   */
  private static boolean endsRun(CatchClause clause) {
    Node method = Dominance.bodyOf(clause);
    boolean runMethod =
        method instanceof MethodDeclaration run
            && run.getNameAsString().equals("run")
            && run.getParameters().isEmpty();
    boolean threadLambda =
        method instanceof LambdaExpr lambda
            && lambda
                .getParentNode()
                .filter(
                    p ->
                        p instanceof ObjectCreationExpr c
                            && c.getType().getNameAsString().equals("Thread"))
                .isPresent();
    if (!runMethod && !threadLambda) {
      return false;
    }
    if (!Bodies.findAllInSameBody(clause.getBody(), ReturnStmt.class).isEmpty()
        || !Bodies.findAllInSameBody(clause.getBody(), BreakStmt.class).isEmpty()) {
      return true;
    }
    Node current = clause.getParentNode().orElse(null);
    while (current != null && current != method) {
      if (current instanceof WhileStmt
          || current instanceof DoStmt
          || current instanceof ForStmt
          || current instanceof ForEachStmt) {
        // the loop goes on; the thread still ends if the loop re-checks a stop condition
        return rechecksStop(current);
      }
      current = current.getParentNode().orElse(null);
    }
    return true;
  }

  /**
   * A helper only a thread's run() calls, whose catch returns: the interrupt is a wake-up and the
   * run loop, the only code above, decides whether the thread goes on (Netty's takeTask,
   * HashedWheelTimer's waitForNextTick).
   */
  private static boolean returnsToRun(FileContext file, CatchClause clause) {
    boolean leaves =
        !Bodies.findAllInSameBody(clause.getBody(), ReturnStmt.class).isEmpty()
            || fallsOutOf(clause)
            || returnsRightAfter(clause);
    if (!leaves
        || !(Dominance.bodyOf(clause) instanceof MethodDeclaration helper)
        || helper.isPublic()
        || helper.isProtected()) {
      return false;
    }
    var calls =
        file.unit()
            .findAll(
                MethodCallExpr.class,
                c ->
                    c.getNameAsString().equals(helper.getNameAsString())
                        && c.getArguments().size() == helper.getParameters().size()
                        && c.getScope().filter(scope -> !(scope instanceof ThisExpr)).isEmpty());
    return !calls.isEmpty()
        && calls.stream()
            .allMatch(
                c ->
                    Dominance.bodyOf(c) instanceof MethodDeclaration caller
                        && caller.getNameAsString().equals("run")
                        && caller.getParameters().isEmpty());
  }

  /**
   * The catch ends its method: its try is the method's last statement and no loop encloses it, so
   * the helper returns to its caller right after the catch.
   */
  private static boolean fallsOutOf(CatchClause clause) {
    if (!(clause.getParentNode().orElse(null) instanceof TryStmt tryStmt)
        || !(Dominance.bodyOf(clause) instanceof MethodDeclaration method)
        || method.getBody().isEmpty()
        || Dominance.enclosingLoop(clause).isPresent()) {
      return false;
    }
    Node current = tryStmt;
    Node body = method.getBody().get();
    while (current != null && current != body) {
      Node parent = current.getParentNode().orElse(null);
      if (parent instanceof com.github.javaparser.ast.stmt.BlockStmt block
          && block.getStatements().getLast().orElse(null) != current
          && !(parent == body && onlyReturnAfter(block, current))) {
        return false; // more statements run after it
      }
      current = parent;
    }
    return current == body;
  }

  /**
   * The statement is followed by nothing but one {@code return}: {@code try {..} catch; return
   * null;}.
   */
  private static boolean onlyReturnAfter(
      com.github.javaparser.ast.stmt.BlockStmt block, Node statement) {
    var statements = block.getStatements();
    int index = statements.indexOf(statement);
    return index >= 0
        && index == statements.size() - 2
        && statements.get(index + 1) instanceof ReturnStmt;
  }

  /**
   * A thread's loop that tests a condition ({@code while (running)}) or leaves by break or return:
   * whoever interrupts the thread to stop it flips that condition first, so the thread ends. Only
   * {@code while (true)} and {@code for (;;)} with no way out keep it alive.
   */
  private static boolean rechecksStop(Node loop) {
    Optional<Expression> condition =
        loop instanceof WhileStmt w
            ? Optional.of(w.getCondition())
            : loop instanceof DoStmt d
                ? Optional.of(d.getCondition())
                : loop instanceof ForStmt f ? f.getCompare() : Optional.empty();
    if (loop instanceof ForEachStmt) {
      return true; // a bounded iteration
    }
    boolean constant = condition.isEmpty() || condition.get() instanceof BooleanLiteralExpr;
    if (!constant) {
      return true;
    }
    Node body = ((NodeWithBody<?>) loop).getBody();
    return !Bodies.findAllInSameBody(body, ReturnStmt.class).isEmpty()
        || body.findAll(BreakStmt.class).stream()
            .anyMatch(b -> b.getLabel().isEmpty() && nearestLoop(b) == loop);
  }

  private static Node nearestLoop(Node node) {
    Node current = node.getParentNode().orElse(null);
    while (current != null
        && !(current instanceof WhileStmt
            || current instanceof DoStmt
            || current instanceof ForStmt
            || current instanceof ForEachStmt
            || current instanceof SwitchStmt)) {
      current = current.getParentNode().orElse(null);
    }
    return current;
  }
}
