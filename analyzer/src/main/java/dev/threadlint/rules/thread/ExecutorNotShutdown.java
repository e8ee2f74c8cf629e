package dev.threadlint.rules.thread;

import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.lifecycle.BodyLifecycle;
import dev.threadlint.lifecycle.Creations;
import dev.threadlint.lifecycle.Tracked;
import dev.threadlint.protocol.Uses;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An executor with non-daemon threads that is never shut down: a local not shut down or closed on
 * every path out of its method (finally, try-with-resources), or a field that no method of the
 * class shuts down. Executors returned or handed over are the receiver's business; executors whose
 * thread factory is visible or unknown may run daemon threads and are not judged.
 */
public final class ExecutorNotShutdown implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "executor-not-shutdown",
              Family.THREAD,
              Severity.WARNING,
              "Executor with non-daemon threads never shut down",
              "The threads of Executors.newFixedThreadPool and friends are non-daemon and wait for"
                  + " work forever: an executor that is never shut down keeps the JVM from exiting"
                  + " and holds its threads. Shut a local executor down in a finally block (or use"
                  + " try-with-resources on Java 19+), and a field executor in the class's"
                  + " close()/stop() method.")
          .fix(
              "Shut a local executor down in a finally block (or use try-with-resources on Java 19+); shut a field executor down in the owning class's close()/stop() method.");

  private static final Set<String> FIELD_CALLS =
      Set.of(
          "submit",
          "execute",
          "invokeAll",
          "invokeAny",
          "schedule",
          "scheduleAtFixedRate",
          "scheduleWithFixedDelay",
          "awaitTermination",
          "isShutdown",
          "isTerminated",
          "toString");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (BodyLifecycle.Open open : BodyLifecycle.of(file)) {
      if (open.tracked().kind() != Tracked.Kind.EXECUTOR
          || (open.exceptional()
              && (BodyLifecycle.finishesInFinally(open)
                  || !BodyLifecycle.finishesSomewhere(open)))) {
        // an exception path matters only where the method shuts the executor down itself
        continue;
      }
      String name = open.tracked().variable().name();
      sink.report(
          finding(
              file,
              open.site(),
              open.exceptional()
                  ? String.format(
                      "executor '%s' is not shut down if an exception is thrown; shut it down in"
                          + " a finally block or use try-with-resources",
                      name)
                  : String.format(
                      "executor '%s' is not shut down on every path out of this method; shut it"
                          + " down in a finally block or use try-with-resources",
                      name)));
    }
    inlineHandOffs(file, sink);
    convenienceConstructors(file, sink);
    Map<ClassOrInterfaceDeclaration, Map<String, List<AssignExpr>>> assignments =
        new IdentityHashMap<>();
    for (VariableDeclarator declarator : file.all(VariableDeclarator.class)) {
      if (!(declarator.getParentNode().orElse(null) instanceof FieldDeclaration field)) {
        continue;
      }
      var owner = declarator.findAncestor(ClassOrInterfaceDeclaration.class);
      var variable = file.scopes().lookupField(declarator.getNameAsString(), declarator);
      if (owner.isEmpty()
          || variable.isEmpty()
          || !createdHere(
              file,
              variable.get(),
              declarator,
              assignments.computeIfAbsent(owner.get(), o -> assignmentsByName(file, o)))) {
        continue;
      }
      if (!Uses.onlyReceiverOf(file, variable.get(), owner.get(), FIELD_CALLS)
          && !onlyAssignedOrUsed(file, variable.get(), owner.get())) {
        continue; // shut down somewhere, or handed to other code
      }
      sink.report(
          finding(
              file,
              creationSite(file, variable.get(), declarator, owner.get()),
              String.format(
                  "executor field '%s' is never shut down by this class; call shutdown() in its"
                      + " close()/stop() method",
                  declarator.getNameAsString())));
    }
  }

  /** Executor methods that hand work over; on a fresh executor nothing keeps it afterwards. */
  private static final Set<String> HAND_OFFS =
      Set.of(
          "submit",
          "execute",
          "invokeAll",
          "invokeAny",
          "schedule",
          "scheduleAtFixedRate",
          "scheduleWithFixedDelay");

  /**
   * {@code Executors.newSingleThreadExecutor().execute(task)}: the executor is created, given work
   * and dropped; its non-daemon thread stays alive, one more per call.
   */
  private void inlineHandOffs(FileContext file, FindingSink sink) {
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      if (!HAND_OFFS.contains(call.getNameAsString()) || call.getScope().isEmpty()) {
        continue;
      }
      Expression scope = FileContext.unwrap(call.getScope().get());
      if (Creations.of(file, scope).filter(k -> k == Tracked.Kind.EXECUTOR).isEmpty()) {
        continue;
      }
      sink.report(
          finding(
              file,
              scope,
              String.format(
                  "this executor is created, given work with %s() and dropped: nothing can shut"
                      + " it down, and its non-daemon thread outlives the task; keep it and shut"
                      + " it down, or use a shared executor",
                  call.getNameAsString())));
    }
  }

  /**
   * {@code Service() { this(Executors.newFixedThreadPool(4)); }} where the delegated constructor
   * stores the executor in a field that no method shuts down: the class created it, so it owns it.
   * An executor passed in by the caller is the caller's to shut down and is not judged.
   */
  private void convenienceConstructors(FileContext file, FindingSink sink) {
    for (ExplicitConstructorInvocationStmt delegation :
        file.all(ExplicitConstructorInvocationStmt.class)) {
      if (!delegation.isThis()) {
        continue;
      }
      Optional<ClassOrInterfaceDeclaration> owner =
          delegation.findAncestor(ClassOrInterfaceDeclaration.class);
      if (owner.isEmpty()) {
        continue;
      }
      for (int i = 0; i < delegation.getArguments().size(); i++) {
        Expression argument = delegation.getArgument(i);
        if (Creations.of(file, argument).filter(k -> k == Tracked.Kind.EXECUTOR).isEmpty()) {
          continue;
        }
        Optional<Variable> field = storedField(file, owner.get(), delegation, i);
        if (field.isEmpty()
            || !(Uses.onlyReceiverOf(file, field.get(), owner.get(), FIELD_CALLS)
                || onlyAssignedOrUsed(file, field.get(), owner.get()))) {
          continue;
        }
        sink.report(
            finding(
                file,
                argument,
                String.format(
                    "this constructor creates the executor stored in '%s', and no method of the"
                        + " class shuts it down; shut it down in close()/stop() (when this class"
                        + " created it)",
                    field.get().name())));
      }
    }
  }

  /**
   * The field the delegated-to constructor (same class, same arity) stores its parameter {@code
   * index} in, with a plain {@code this.f = p} or {@code f = p}.
   */
  private static Optional<Variable> storedField(
      FileContext file,
      ClassOrInterfaceDeclaration owner,
      ExplicitConstructorInvocationStmt delegation,
      int index) {
    List<ConstructorDeclaration> targets =
        owner.getConstructors().stream()
            .filter(c -> c.getParameters().size() == delegation.getArguments().size())
            .filter(c -> !c.isAncestorOf(delegation))
            .toList();
    if (targets.size() != 1) {
      return Optional.empty();
    }
    String parameter = targets.get(0).getParameter(index).getNameAsString();
    for (AssignExpr assign : targets.get(0).findAll(AssignExpr.class)) {
      if (FileContext.unwrap(assign.getValue()) instanceof NameExpr value
          && value.getNameAsString().equals(parameter)) {
        Optional<Variable> target = file.variableOf(assign.getTarget());
        if (target.isPresent() && target.get().isField()) {
          return target;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Where the field's executor is created: its initializer, or else the first assignment that
   * creates one (in setup() or start()), which is the line a reader must change.
   */
  private static com.github.javaparser.ast.Node creationSite(
      FileContext file,
      Variable field,
      VariableDeclarator declarator,
      ClassOrInterfaceDeclaration owner) {
    if (declarator.getInitializer().isPresent()) {
      return declarator;
    }
    for (AssignExpr assign : owner.findAll(AssignExpr.class)) {
      if (file.variableOf(assign.getTarget()).filter(field::equals).isPresent()) {
        return assign;
      }
    }
    return declarator;
  }

  /** The field gets only visible non-daemon executor creations, at least one. */
  /**
   * The class's assignments by the simple name they assign ({@code f = …}, {@code this.f = …});
   * other targets ({@code a[i] = …}) under {@code ""}, which every field looks at. Built once per
   * class, so that judging each field does not walk the whole class again.
   */
  private static Map<String, List<AssignExpr>> assignmentsByName(
      FileContext file, ClassOrInterfaceDeclaration owner) {
    Map<String, List<AssignExpr>> byName = new HashMap<>();
    for (AssignExpr assign : file.allWithin(owner, AssignExpr.class)) {
      Expression target = FileContext.unwrap(assign.getTarget());
      String name =
          target instanceof NameExpr named
              ? named.getNameAsString()
              : target instanceof FieldAccessExpr access ? access.getNameAsString() : "";
      byName.computeIfAbsent(name, k -> new ArrayList<>()).add(assign);
    }
    return byName;
  }

  private static boolean createdHere(
      FileContext file,
      Variable field,
      VariableDeclarator declarator,
      Map<String, List<AssignExpr>> assignments) {
    boolean any = false;
    if (declarator.getInitializer().isPresent()) {
      if (Creations.of(file, declarator.getInitializer().get())
          .filter(k -> k == Tracked.Kind.EXECUTOR)
          .isEmpty()) {
        return false;
      }
      any = true;
    }
    List<AssignExpr> candidates = new ArrayList<>();
    candidates.addAll(assignments.getOrDefault(declarator.getNameAsString(), List.of()));
    candidates.addAll(assignments.getOrDefault("", List.of()));
    for (AssignExpr assign : candidates) {
      if (file.variableOf(assign.getTarget()).filter(field::equals).isPresent()) {
        if (Creations.of(file, assign.getValue())
            .filter(k -> k == Tracked.Kind.EXECUTOR)
            .isEmpty()) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  private static boolean onlyAssignedOrUsed(
      FileContext file, Variable field, ClassOrInterfaceDeclaration owner) {
    for (var use : Uses.of(file, field, owner)) {
      var parent = use.getParentNode().orElse(null);
      boolean assigned = parent instanceof AssignExpr assign && assign.getTarget() == use;
      boolean called =
          parent instanceof com.github.javaparser.ast.expr.MethodCallExpr call
              && call.getScope().filter(s -> s == use).isPresent()
              && FIELD_CALLS.contains(call.getNameAsString());
      if (!assigned && !called) {
        return false;
      }
    }
    return true;
  }
}
