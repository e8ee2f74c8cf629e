package dev.threadlint.rules.thread;

import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code ThreadPoolExecutor} (or a project subclass's {@code super(..)} call) given an unbounded
 * work queue and a maximum pool size it can never reach. The JDK's {@code execute} starts a thread
 * beyond the core size only when the queue refuses a task, and an unbounded queue never refuses:
 * with core &gt; 0 the pool stays at {@code corePoolSize} threads; with core 0 it starts a thread
 * only when none is running (the re-check in {@code execute}), so it runs one task at a time.
 * Reported only when both sizes are integer literals or constants of the file, so the arithmetic is
 * certain.
 */
public final class ExecutorMisconfigured implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "executor-misconfigured",
              Family.THREAD,
              Severity.WARNING,
              "ThreadPoolExecutor whose maximum pool size is never reached",
              "ThreadPoolExecutor adds threads beyond corePoolSize only when its work queue"
                  + " rejects a task. An unbounded queue (LinkedBlockingQueue or"
                  + " LinkedBlockingDeque without a capacity, LinkedTransferQueue,"
                  + " PriorityBlockingQueue, DelayQueue) never rejects, so maximumPoolSize is"
                  + " dead configuration: the pool runs corePoolSize threads, and with"
                  + " corePoolSize 0 a single thread (one is started only when none is running)."
                  + " Tasks queue up behind busy threads instead of getting the parallelism the"
                  + " code asks for.")
          .equivalent(Tool.ERROR_PRONE, "ErroneousThreadPoolConstructorChecker")
          .fix(
              "Set corePoolSize to the wanted number of threads (and allowCoreThreadTimeOut(true) if idle threads should go), or give the pool a bounded queue and a rejection policy.");

  /** Queue types that are unbounded whatever arguments they get. */
  private static final Map<String, String> ALWAYS_UNBOUNDED =
      Map.of(
          "LinkedTransferQueue", "java.util.concurrent.LinkedTransferQueue",
          "PriorityBlockingQueue", "java.util.concurrent.PriorityBlockingQueue",
          "DelayQueue", "java.util.concurrent.DelayQueue");

  /** Queue types that are unbounded when created without a capacity. */
  private static final Map<String, String> UNBOUNDED_WITHOUT_CAPACITY =
      Map.of(
          "LinkedBlockingQueue", "java.util.concurrent.LinkedBlockingQueue",
          "LinkedBlockingDeque", "java.util.concurrent.LinkedBlockingDeque");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (ObjectCreationExpr creation : file.all(ObjectCreationExpr.class)) {
      TypeRef type = file.types().resolve(creation.getType());
      if (creation.getType().getNameAsString().equals("ThreadPoolExecutor")
          && type.mayBe(JdkTypes.THREAD_POOL_EXECUTOR)) {
        check(file, creation, creation.getArguments(), List.of(), sink);
      }
    }
    for (ExplicitConstructorInvocationStmt call :
        file.all(ExplicitConstructorInvocationStmt.class)) {
      if (call.isThis()) {
        continue;
      }
      Optional<ClassOrInterfaceDeclaration> owner =
          call.findAncestor(ClassOrInterfaceDeclaration.class);
      if (owner.isEmpty() || owner.get().getExtendedTypes().size() != 1) {
        continue;
      }
      TypeRef parent = file.types().resolve(owner.get().getExtendedTypes().get(0));
      if (!parent.isKnown() || !FileContext.couldBe(parent, JdkTypes.THREAD_POOL_EXECUTOR)) {
        continue;
      }
      check(
          file,
          call,
          call.getArguments(),
          List.of(new TypeCondition(parent, JdkTypes.THREAD_POOL_EXECUTOR)),
          sink);
    }
  }

  private void check(
      FileContext file,
      com.github.javaparser.ast.Node site,
      NodeList<Expression> arguments,
      List<TypeCondition> conditions,
      FindingSink sink) {
    // every ThreadPoolExecutor constructor: (core, max, keepAlive, unit, queue, ...)
    if (arguments.size() < 5 || arguments.size() > 7) {
      return;
    }
    OptionalInt core = constant(file, arguments.get(0));
    OptionalInt max = constant(file, arguments.get(1));
    Optional<String> queue = unboundedQueue(file, arguments.get(4));
    if (core.isEmpty() || max.isEmpty() || queue.isEmpty() || core.getAsInt() < 0) {
      return;
    }
    int c = core.getAsInt();
    int m = max.getAsInt();
    int reached = Math.max(c, 1);
    if (m <= reached) {
      return;
    }
    String message =
        c == 0
            ? String.format(
                "with corePoolSize 0 and an unbounded %s this pool runs one thread at a time (a"
                    + " thread is started only when none is running); maximumPoolSize %d is never"
                    + " reached",
                queue.get(), m)
            : String.format(
                "maximumPoolSize %d is never reached: with an unbounded %s the pool never grows"
                    + " beyond corePoolSize %d",
                m, queue.get(), c);
    sink.report(finding(file, site, message), conditions);
  }

  /** The simple name of an unbounded queue created inline or held by a final initialised field. */
  private static Optional<String> unboundedQueue(FileContext file, Expression argument) {
    Expression bare = FileContext.unwrap(argument);
    if (!(bare instanceof ObjectCreationExpr)) {
      Optional<Variable> variable = file.variableOf(bare);
      Optional<Expression> initializer =
          variable
              .map(Variable::declaration)
              .filter(VariableDeclarator.class::isInstance)
              .map(VariableDeclarator.class::cast)
              .filter(d -> isFinalField(d) || isUnassignedLocal(file, d))
              .flatMap(VariableDeclarator::getInitializer);
      if (initializer.isEmpty()) {
        return Optional.empty();
      }
      bare = FileContext.unwrap(initializer.get());
    }
    if (!(bare instanceof ObjectCreationExpr queue) || queue.getAnonymousClassBody().isPresent()) {
      return Optional.empty();
    }
    String name = queue.getType().getNameAsString();
    TypeRef type = file.types().resolve(queue.getType());
    String always = ALWAYS_UNBOUNDED.get(name);
    if (always != null && type.mayBe(always)) {
      return Optional.of(name);
    }
    String capacity = UNBOUNDED_WITHOUT_CAPACITY.get(name);
    if (capacity != null && type.mayBe(capacity) && queue.getArguments().isEmpty()) {
      return Optional.of(name);
    }
    return Optional.empty();
  }

  /** A local whose initializer is its only value: no assignment to it in its body. */
  private static boolean isUnassignedLocal(FileContext file, VariableDeclarator declarator) {
    if (!(declarator.getParentNode().orElse(null)
        instanceof com.github.javaparser.ast.expr.VariableDeclarationExpr)) {
      return false;
    }
    com.github.javaparser.ast.Node body = dev.threadlint.facts.Dominance.bodyOf(declarator);
    return body != null
        && body.findAll(com.github.javaparser.ast.expr.AssignExpr.class).stream()
            .noneMatch(
                a ->
                    file.variableOf(a.getTarget())
                        .filter(v -> v.declaration() == declarator)
                        .isPresent());
  }

  private static boolean isFinalField(VariableDeclarator declarator) {
    return declarator
        .getParentNode()
        .filter(p -> p instanceof FieldDeclaration f && f.isFinal())
        .isPresent();
  }

  /** An int literal, or a {@code static final} field of this file initialised with one. */
  private static OptionalInt constant(FileContext file, Expression expression) {
    Expression bare = FileContext.unwrap(expression);
    if (bare instanceof IntegerLiteralExpr literal) {
      try {
        return OptionalInt.of(literal.asNumber().intValue());
      } catch (NumberFormatException e) {
        return OptionalInt.empty();
      }
    }
    if (bare instanceof UnaryExpr unary && unary.getOperator() == UnaryExpr.Operator.MINUS) {
      OptionalInt inner = constant(file, unary.getExpression());
      return inner.isPresent() ? OptionalInt.of(-inner.getAsInt()) : OptionalInt.empty();
    }
    Optional<Variable> variable = file.variableOf(bare);
    if (variable.isEmpty()
        || !(variable.get().declaration() instanceof VariableDeclarator declarator)
        || !(declarator.getParentNode().orElse(null) instanceof FieldDeclaration field)
        || !field.isFinal()
        || !field.isStatic()
        || declarator.getInitializer().isEmpty()) {
      return OptionalInt.empty();
    }
    Expression init = FileContext.unwrap(declarator.getInitializer().get());
    return init instanceof IntegerLiteralExpr ? constant(file, init) : OptionalInt.empty();
  }
}
