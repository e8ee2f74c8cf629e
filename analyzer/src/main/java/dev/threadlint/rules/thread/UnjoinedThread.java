package dev.threadlint.rules.thread;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.lifecycle.BodyLifecycle;
import dev.threadlint.lifecycle.Creations;
import dev.threadlint.lifecycle.StopWithoutInterrupt;
import dev.threadlint.lifecycle.Tracked;
import dev.threadlint.protocol.Uses;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import java.util.Optional;
import java.util.Set;

/**
 * A non-daemon platform thread that is started and never joined: a local not joined on some path
 * out of its method (and not made daemon, returned or handed over), a field no method of the class
 * joins, a thread added to a collection field that no method iterates to join, and {@code new
 * Thread(r).start()} that keeps nothing to join.
 */
public final class UnjoinedThread implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "unjoined-thread",
              Family.THREAD,
              Severity.WARNING,
              "Non-daemon thread started and never joined",
              "A platform thread is non-daemon by default: the JVM cannot exit while it runs, and"
                  + " code after start() races ahead of the work the thread has not finished. Join"
                  + " the thread where its result is needed (in a close()/stop() method for threads"
                  + " kept in fields or lists), mark it daemon with setDaemon(true) before start() if"
                  + " it may be abandoned, or hand the task to an executor that is shut down. A stop"
                  + " method that clears the flag a thread's run loop polls and joins it with a"
                  + " time limit, without interrupting it while the loop sleeps between polls, can"
                  + " return with the thread still running: interrupt it before joining.")
          .fix(
              "join() the thread before its results are used (for fields and worker lists, in a close()/stop() method), call setDaemon(true) before start() if it may be abandoned, or run the task on an executor that is shut down.");

  private static final Set<String> FIELD_THREAD_CALLS =
      Set.of(
          "start",
          "setName",
          "getName",
          "isAlive",
          "interrupt",
          "isInterrupted",
          "setPriority",
          "setUncaughtExceptionHandler",
          "getState",
          "toString",
          "getId",
          "threadId");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (BodyLifecycle.Open open : BodyLifecycle.of(file)) {
      if (open.tracked().kind() == Tracked.Kind.THREAD && !open.exceptional()) {
        sink.report(
            finding(
                file,
                open.site(),
                String.format(
                    "thread '%s' is started but not joined on every path out of this method;"
                        + " join it, call setDaemon(true) before start(), or use an executor",
                    open.tracked().variable().name())));
      }
    }
    collectionThreads(file, sink);
    for (StopWithoutInterrupt.Found stop : StopWithoutInterrupt.of(file)) {
      int line = stop.sleep().getBegin().map(p -> p.line).orElse(0);
      sink.report(
          finding(
              file,
              stop.join(),
              String.format(
                  "'%s' is cleared and thread '%s' is joined with a time limit, but it is never"
                      + " interrupted: run() sleeps between polls (line %d), so the join can give"
                      + " up and this method return while the thread still runs; interrupt it"
                      + " before joining",
                  stop.flag(), stop.thread(), line)));
    }
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      if (!call.getNameAsString().equals("start")
          || !call.getArguments().isEmpty() && !Creations.isStartedPlatformBuilder(call)) {
        continue;
      }
      if (isUnkeptStart(file, call)) {
        sink.report(
            finding(
                file,
                call,
                "this thread is started and nothing keeps it, so it can never be joined; keep"
                    + " it and join it, call setDaemon(true) before start(), or use an"
                    + " executor"));
      } else {
        fieldThread(file, call)
            .ifPresent(
                field ->
                    sink.report(
                        finding(
                            file,
                            call,
                            String.format(
                                "thread field '%s' is started but no method of the class joins"
                                    + " it; join it in a close()/stop() method or make it daemon",
                                field.name()))));
      }
    }
  }

  /** {@code new Thread(r).start();} and {@code Thread.ofPlatform().start(r);} as statements. */
  private static boolean isUnkeptStart(FileContext file, MethodCallExpr call) {
    if (!(call.getParentNode().orElse(null) instanceof ExpressionStmt)) {
      return false;
    }
    if (Creations.isStartedPlatformBuilder(call)) {
      return true;
    }
    Optional<Expression> scope = call.getScope().map(FileContext::unwrap);
    return call.getArguments().isEmpty()
        && scope
            .filter(ObjectCreationExpr.class::isInstance)
            .flatMap(s -> Creations.of(file, s))
            .filter(k -> k == Tracked.Kind.THREAD)
            .isPresent();
  }

  /**
   * A thread field started here that the class never joins or makes daemon, and that is used only
   * as a thread (not returned or handed over).
   */
  private static Optional<Variable> fieldThread(FileContext file, MethodCallExpr start) {
    Optional<Variable> field = start.getScope().flatMap(file::variableOf).filter(Variable::isField);
    if (field.isEmpty() || !(field.get().declaration() instanceof VariableDeclarator declarator)) {
      return Optional.empty();
    }
    Optional<ClassOrInterfaceDeclaration> owner =
        declarator.findAncestor(ClassOrInterfaceDeclaration.class);
    boolean isPrivate =
        declarator
            .getParentNode()
            .filter(p -> p instanceof FieldDeclaration f && f.isPrivate())
            .isPresent();
    if (owner.isEmpty() || !isPrivate || !createdAsPlatformThread(file, field.get(), owner.get())) {
      return Optional.empty();
    }
    if (!Uses.onlyReceiverOf(file, field.get(), owner.get(), FIELD_THREAD_CALLS)
        && !onlyAssignedOrCalled(file, field.get(), owner.get())) {
      return Optional.empty();
    }
    return Optional.of(field.get());
  }

  /** Every value the field gets is a visible platform-thread creation. */
  private static boolean createdAsPlatformThread(
      FileContext file, Variable field, ClassOrInterfaceDeclaration owner) {
    VariableDeclarator declarator = (VariableDeclarator) field.declaration();
    boolean any = false;
    if (declarator.getInitializer().isPresent()) {
      if (Creations.of(file, declarator.getInitializer().get())
          .filter(k -> k == Tracked.Kind.THREAD)
          .isEmpty()) {
        return false;
      }
      any = true;
    }
    for (com.github.javaparser.ast.expr.AssignExpr assign :
        owner.findAll(com.github.javaparser.ast.expr.AssignExpr.class)) {
      if (file.variableOf(assign.getTarget()).filter(field::equals).isPresent()) {
        if (Creations.of(file, assign.getValue()).filter(k -> k == Tracked.Kind.THREAD).isEmpty()) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  /** Uses are calls of thread query/start methods or assignments: no join, no daemon, no escape. */
  private static boolean onlyAssignedOrCalled(
      FileContext file, Variable field, ClassOrInterfaceDeclaration owner) {
    for (Expression use : Uses.of(file, field, owner)) {
      Node parent = use.getParentNode().orElse(null);
      boolean assigned =
          parent instanceof com.github.javaparser.ast.expr.AssignExpr assign
              && assign.getTarget() == use;
      boolean called =
          parent instanceof MethodCallExpr call
              && call.getScope().filter(s -> s == use).isPresent()
              && FIELD_THREAD_CALLS.contains(call.getNameAsString());
      if (!assigned && !called) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code workers.add(t)} of a started local thread into a collection field that no loop of the
   * class iterates to join.
   */
  private void collectionThreads(FileContext file, FindingSink sink) {
    for (MethodCallExpr add : file.all(MethodCallExpr.class)) {
      if (!add.getNameAsString().equals("add") || add.getArguments().size() != 1) {
        continue;
      }
      Optional<Variable> collection =
          add.getScope().flatMap(file::variableOf).filter(Variable::isField);
      Optional<Variable> thread =
          file.variableOf(add.getArgument(0)).filter(v -> v.kind() == Variable.Kind.LOCAL);
      if (collection.isEmpty()
          || thread.isEmpty()
          || !(thread.get().declaration() instanceof VariableDeclarator declarator)
          || declarator
              .getInitializer()
              .flatMap(i -> Creations.of(file, i))
              .filter(k -> k == Tracked.Kind.THREAD)
              .isEmpty()) {
        continue;
      }
      Node body = dev.threadlint.facts.Dominance.bodyOf(add);
      Optional<MethodCallExpr> start =
          body == null
              ? Optional.empty()
              : body.findAll(MethodCallExpr.class).stream()
                  .filter(c -> c.getNameAsString().equals("start") && c.getArguments().isEmpty())
                  .filter(
                      c ->
                          c.getScope()
                              .flatMap(file::variableOf)
                              .filter(thread.get()::equals)
                              .isPresent())
                  .findFirst();
      boolean daemon =
          body != null
              && body.findAll(MethodCallExpr.class).stream()
                  .anyMatch(
                      c ->
                          c.getNameAsString().equals("setDaemon")
                              && c.getScope()
                                  .flatMap(file::variableOf)
                                  .filter(thread.get()::equals)
                                  .isPresent());
      Optional<ClassOrInterfaceDeclaration> owner =
          add.findAncestor(ClassOrInterfaceDeclaration.class);
      if (start.isEmpty()
          || daemon
          || owner.isEmpty()
          || joinsElements(file, collection.get(), owner.get())) {
        continue;
      }
      sink.report(
          finding(
              file,
              start.get(),
              String.format(
                  "thread '%s' is kept in '%s', but no method of the class iterates '%s' to join"
                      + " it; join the threads in a close()/stop() method",
                  thread.get().name(), collection.get().name(), collection.get().name())));
    }
  }

  /** Some loop (or forEach) over the collection joins its elements. */
  private static boolean joinsElements(
      FileContext file, Variable collection, ClassOrInterfaceDeclaration owner) {
    for (ForEachStmt loop : owner.findAll(ForEachStmt.class)) {
      if (file.variableOf(loop.getIterable()).filter(collection::equals).isPresent()
          && loop.getBody().findAll(MethodCallExpr.class).stream()
              .anyMatch(c -> c.getNameAsString().equals("join"))) {
        return true;
      }
    }
    for (MethodCallExpr call : owner.findAll(MethodCallExpr.class)) {
      if (call.getScope().flatMap(file::variableOf).filter(collection::equals).isPresent()
          && call.toString().contains("join")) {
        return true; // threads.forEach(t -> join(t)) and the like
      }
    }
    // handed elsewhere (returned, passed): whoever gets it may join
    return !Uses.onlyReceiverOf(
        file, collection, owner, Set.of("add", "remove", "clear", "size", "isEmpty", "contains"));
  }
}
