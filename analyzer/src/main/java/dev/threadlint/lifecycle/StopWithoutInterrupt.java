package dev.threadlint.lifecycle;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.WhileStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stop method that clears the flag a thread's run loop polls and then waits for the thread with a
 * time limit, but never interrupts it, while the loop sleeps between polls: the wait can run out
 * while the thread sleeps, and stop returns with the thread still alive (it wakes, runs one more
 * round on state stop has already torn down, and a non-daemon thread keeps the JVM up meanwhile).
 * Interrupting the thread before joining it ends the sleep at once.
 *
 * <p>Only the plain shape is recognised: the class runs itself on a thread kept in a field ({@code
 * new Thread(this)}, {@code factory.newThread(this)}), its {@code run()} loops on a field and calls
 * {@code Thread.sleep}/{@code TimeUnit.sleep} in the loop, and the class interrupts that thread
 * nowhere and never makes it daemon.
 */
public final class StopWithoutInterrupt {
  /**
   * One such stop.
   *
   * @param join the timed {@code join} that can give up too early
   * @param flag the polled field the stop method clears
   * @param thread the thread field
   * @param sleep the sleep in the run loop
   */
  public record Found(MethodCallExpr join, String flag, String thread, MethodCallExpr sleep) {}

  private StopWithoutInterrupt() {}

  /** Every such stop in a file. */
  public static List<Found> of(FileContext file) {
    List<Found> found = new ArrayList<>();
    for (ClassOrInterfaceDeclaration type : file.all(ClassOrInterfaceDeclaration.class)) {
      if (type.isInterface()) {
        continue;
      }
      Optional<MethodDeclaration> run =
          type.getMethodsBySignature("run").stream()
              .filter(m -> m.getBody().isPresent())
              .findFirst();
      if (run.isEmpty()
          || run.get().findAll(MethodCallExpr.class).stream()
              .noneMatch(StopWithoutInterrupt::isSleep)
          || type.findAll(MethodCallExpr.class).stream()
              .noneMatch(c -> c.getNameAsString().equals("join") && c.getArguments().size() > 0)) {
        continue; // cheap filters first: most classes have no sleeping run loop or timed join
      }
      for (FieldDeclaration field : type.getFields()) {
        for (VariableDeclarator declarator : field.getVariables()) {
          if (declarator.getType().asString().equals("Thread")) {
            check(file, type, run.get(), declarator, found);
          }
        }
      }
    }
    return found;
  }

  private static void check(
      FileContext file,
      ClassOrInterfaceDeclaration type,
      MethodDeclaration run,
      VariableDeclarator declarator,
      List<Found> found) {
    List<Expression> uses = new ArrayList<>();
    boolean runsThis = false;
    for (Node node : type.findAll(Node.class)) {
      if (node instanceof Expression use
          && !(node instanceof AssignExpr)
          && file.variableOf(use)
              .filter(v -> v.isField() && v.declaration() == declarator)
              .isPresent()) {
        uses.add(use);
      }
    }
    for (Expression use : uses) {
      Node parent = use.getParentNode().orElse(null);
      if (parent instanceof AssignExpr assign && assign.getTarget() == use) {
        if (!runsThisClass(assign.getValue())) {
          return; // the field may hold some other thread
        }
        runsThis = true;
      } else if (parent instanceof MethodCallExpr call
          && call.getScope().filter(s -> s == use).isPresent()
          && (call.getNameAsString().equals("interrupt")
              || call.getNameAsString().equals("setDaemon"))) {
        return; // interrupted (or daemon) somewhere: not the plain shape
      }
    }
    if (!runsThis) {
      return;
    }
    for (Expression use : uses) {
      if (!(use.getParentNode().orElse(null) instanceof MethodCallExpr join)
          || join.getScope().filter(s -> s == use).isEmpty()
          || !join.getNameAsString().equals("join")
          || join.getArguments().isEmpty()
          || isZero(join.getArgument(0))) {
        continue;
      }
      MethodDeclaration stop = join.findAncestor(MethodDeclaration.class).orElse(null);
      if (stop == null || stop == run) {
        continue;
      }
      for (AssignExpr clear : stop.findAll(AssignExpr.class)) {
        String flag = fieldName(file, clear.getTarget());
        if (flag == null
            || !(clear.getValue() instanceof BooleanLiteralExpr)
            || !before(clear, join)) {
          continue;
        }
        Optional<MethodCallExpr> sleep = sleepInLoopOn(file, run, flag);
        if (sleep.isPresent()) {
          found.add(new Found(join, flag, declarator.getNameAsString(), sleep.get()));
          return;
        }
      }
    }
  }

  /** {@code new Thread(this...)} or {@code factory.newThread(this)}: a thread that runs run(). */
  private static boolean runsThisClass(Expression value) {
    Expression bare = FileContext.unwrap(value);
    if (bare instanceof ObjectCreationExpr creation
        && creation.getType().getNameAsString().equals("Thread")
        && creation.getAnonymousClassBody().isEmpty()) {
      return creation.getArguments().stream().anyMatch(StopWithoutInterrupt::isThis);
    }
    return bare instanceof MethodCallExpr call
        && call.getNameAsString().equals("newThread")
        && call.getArguments().size() == 1
        && isThis(call.getArgument(0));
  }

  private static boolean isThis(Expression expression) {
    return FileContext.unwrap(expression) instanceof ThisExpr self && self.getTypeName().isEmpty();
  }

  private static boolean isZero(Expression expression) {
    return (expression instanceof IntegerLiteralExpr i && i.getValue().equals("0"))
        || (expression instanceof LongLiteralExpr l && l.getValue().matches("0[lL]?"));
  }

  private static String fieldName(FileContext file, Expression target) {
    Optional<Variable> variable = file.variableOf(target).filter(Variable::isField);
    return variable.map(Variable::name).orElse(null);
  }

  private static boolean before(Node first, Node second) {
    return first.getBegin().isPresent()
        && second.getBegin().isPresent()
        && first.getBegin().get().isBefore(second.getBegin().get());
  }

  /** A sleep inside a loop of run() whose condition reads the flag. */
  private static Optional<MethodCallExpr> sleepInLoopOn(
      FileContext file, MethodDeclaration run, String flag) {
    for (Statement loop : run.findAll(Statement.class)) {
      Expression condition;
      Statement body;
      if (loop instanceof WhileStmt w) {
        condition = w.getCondition();
        body = w.getBody();
      } else if (loop instanceof DoStmt d) {
        condition = d.getCondition();
        body = d.getBody();
      } else if (loop instanceof ForStmt f && f.getCompare().isPresent()) {
        condition = f.getCompare().get();
        body = f.getBody();
      } else {
        continue;
      }
      boolean polls =
          condition.findAll(Expression.class).stream()
              .filter(e -> e instanceof NameExpr || e instanceof FieldAccessExpr)
              .anyMatch(e -> flag.equals(fieldName(file, e)));
      if (!polls) {
        continue;
      }
      Optional<MethodCallExpr> sleep =
          body.findAll(MethodCallExpr.class).stream()
              .filter(StopWithoutInterrupt::isSleep)
              .filter(
                  c ->
                      c.findAncestor(com.github.javaparser.ast.expr.LambdaExpr.class)
                          .filter(l -> l.isDescendantOf(run))
                          .isEmpty())
              .findFirst();
      if (sleep.isPresent()) {
        return sleep;
      }
    }
    return Optional.empty();
  }

  private static boolean isSleep(MethodCallExpr call) {
    if (!call.getNameAsString().equals("sleep") || call.getScope().isEmpty()) {
      return false;
    }
    String scope = call.getScope().get().toString();
    return scope.equals("Thread")
        || scope.equals("java.lang.Thread")
        || scope.startsWith("TimeUnit.")
        || scope.matches("(NANOSECONDS|MICROSECONDS|MILLISECONDS|SECONDS|MINUTES|HOURS|DAYS)");
  }
}
