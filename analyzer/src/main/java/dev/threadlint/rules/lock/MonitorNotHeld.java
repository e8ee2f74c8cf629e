package dev.threadlint.rules.lock;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.threadlint.deadlock.MonitorDemands;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.ProjectModel;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Location;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.flow.CfgNode;
import dev.threadlint.model.ConcurrencyModel;
import dev.threadlint.model.HeldLocks;
import dev.threadlint.model.LockId;
import dev.threadlint.model.LockNames;
import dev.threadlint.model.Site;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.models.LockVocabulary;
import dev.threadlint.protocol.BodyProtocol;
import dev.threadlint.protocol.FileProtocol;
import dev.threadlint.protocol.Holding;
import dev.threadlint.protocol.Resource;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code wait/notify/notifyAll} on an object whose monitor the code does not hold (no enclosing
 * {@code synchronized} on it, not a synchronized method of it), and {@code Condition} await/signal
 * where the lock that created the condition is not held on any path. Held monitors come from the
 * model's one query. Helpers that leave the monitor of {@code this} to their callers are judged at
 * their callers, through the model's call graph ({@link MonitorDemands}), also when the caller
 * calls them on another object and does not hold that object's monitor.
 */
public final class MonitorNotHeld implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "monitor-not-held",
              Family.LOCK,
              Severity.ERROR,
              "wait/notify without the monitor, await/signal without the lock",
              "Object.wait, notify and notifyAll require the caller to own the object's monitor,"
                  + " and Condition.await and signal require the lock the condition belongs to;"
                  + " without it they throw IllegalMonitorStateException. Call them inside"
                  + " synchronized (obj) { ... } on the same object, or between lock() and"
                  + " unlock() of the condition's lock. A helper that waits or notifies on its own"
                  + " object and leaves the monitor to its callers is judged at each call: on"
                  + " this, or on another object (door.awaitReady() from another class needs"
                  + " synchronized (door) around it).")
          .equivalent(Tool.SPOTBUGS, "MWN_MISMATCHED_WAIT", "MWN_MISMATCHED_NOTIFY")
          .fix(
              "Call wait/notify inside synchronized (obj) { ... } on the same object, and await/signal between lock() and unlock() of the lock that created the condition.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      String name = call.getNameAsString();
      if (LockVocabulary.MONITOR_METHODS.contains(name) && call.getArguments().size() <= 2) {
        checkMonitor(file, call, sink);
      } else if (LockVocabulary.CONDITION_METHODS.contains(name) && call.getScope().isPresent()) {
        checkCondition(file, call, sink);
      }
    }
  }

  private void checkMonitor(FileContext file, MethodCallExpr call, FindingSink sink) {
    Optional<CallableDeclaration<?>> method = enclosingMethodWithoutNestedBody(call);
    if (method.isEmpty() || method.get().isPrivate() || declaresOwn(call)) {
      return;
    }
    Optional<Expression> scope = call.getScope().map(FileContext::unwrap);
    boolean onThis =
        scope.isEmpty() || (scope.get() instanceof ThisExpr t && t.getTypeName().isEmpty());
    if (onThis && !(method.get().isPublic() || method.get().isProtected())) {
      return; // a package-private helper: the model judges its callers (checkProject)
    }
    Optional<LockId> monitor =
        onThis
            ? Optional.of(LockId.thisMonitor(LockNames.ownerOf(call)))
            : scope.flatMap(s -> LockNames.monitor(file, s));
    if (monitor.isEmpty()
        || monitor.get().isLocalField()
        || HeldLocks.unnamedMonitorHeld(file, call)
        || scope
            .flatMap(file::variableOf)
            .filter(v -> v.kind() == Variable.Kind.PARAMETER)
            .isPresent()) {
      // an object we cannot name, a monitor that may be it, or one the caller hands over with
      // its monitor held (a utility's awaitNanos(mutex, timeout)): do not guess
      return;
    }
    Set<LockId> held = new HashSet<>(HeldLocks.at(file, call));
    held.addAll(HeldLocks.assumedHeld(file, method.get()));
    if (held.stream()
        .anyMatch(
            lock ->
                lock.base().equals(monitor.get().base())
                    // synchronized on a local or a parameter: it may alias the receiver
                    || lock.kind() == LockId.Kind.LOCAL)) {
      return;
    }
    String target = onThis ? "this" : scope.get().toString();
    sink.report(
        finding(
            file,
            call,
            String.format(
                "'%s()' is called without holding the monitor of '%s' (it throws"
                    + " IllegalMonitorStateException); call it inside synchronized (%s)",
                call.getNameAsString(), target, target)));
  }

  /**
   * Helpers that wait or notify on {@code this} and leave the monitor to their callers: reported at
   * each call that does not hold it (naming the helper), or at the helper when nobody calls it.
   */
  @Override
  public void checkProject(ProjectModel project, FindingSink sink) {
    MonitorDemands demands = new MonitorDemands(ConcurrencyModel.of(project));
    RuleMetadata meta = metadata();
    for (MonitorDemands.Unheld unheld : demands.unheld()) {
      List<MonitorDemands.Step> chain = unheld.chain();
      List<Location> flow = new ArrayList<>();
      for (int i = 0; i < chain.size(); i++) {
        MonitorDemands.Step step = chain.get(i);
        flow.add(
            step.site()
                .location(
                    i == chain.size() - 1
                        ? step.what() + " needs the monitor of 'this'"
                        : "calls " + step.what() + " without the monitor of 'this'"));
      }
      reportUnheld(
          sink,
          unheld,
          "'%s' calls %s at %s:%d, which needs the monitor of 'this', but it is not held here (it"
              + " throws IllegalMonitorStateException); call it inside synchronized (this)",
          "needs the monitor of 'this'",
          flow);
    }
    for (MonitorDemands.Unheld unheld : demands.unheldOnOtherObjects()) {
      reportUnheld(
          sink,
          unheld,
          "'%s' calls %s at %s:%d, which needs the monitor of its object, but this call does not"
              + " hold the receiver's monitor (it throws IllegalMonitorStateException); call it"
              + " inside synchronized on the receiver",
          "needs the monitor of its object",
          List.of());
    }
    for (MonitorDemands.Step step : demands.uncalled()) {
      sink.report(
          finding(
              step.site(),
              String.format(
                  "'%s' is called without holding the monitor of 'this' (it throws"
                      + " IllegalMonitorStateException); call it inside synchronized (this)",
                  step.what())),
          List.of());
    }
  }

  /**
   * Reports a call that lacks the monitor its callee needs, at the call, naming the first body of
   * the chain and the wait/notify at its end ({@code message} takes both and that site's file and
   * line).
   */
  private void reportUnheld(
      FindingSink sink,
      MonitorDemands.Unheld unheld,
      String message,
      String needs,
      List<Location> flow) {
    RuleMetadata meta = metadata();
    List<MonitorDemands.Step> chain = unheld.chain();
    MonitorDemands.Step last = chain.get(chain.size() - 1);
    Site site = unheld.call().site();
    sink.report(
        finding(
                site,
                String.format(
                    message,
                    chain.get(0).what(),
                    last.what(),
                    fileName(last.site().path()),
                    last.site().line()))
            .withRelated(List.of(last.site().location(needs)))
            .withFlow(flow),
        List.of());
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private void checkCondition(FileContext file, MethodCallExpr call, FindingSink sink) {
    Expression scope = call.getScope().get();
    TypeRef type = file.typeOf(scope);
    Optional<Variable> condition = file.variableOf(scope);
    if (!type.isKnown() || !FileContext.couldBe(type, JdkTypes.CONDITION) || condition.isEmpty()) {
      return;
    }
    Optional<CallableDeclaration<?>> method = enclosingMethodWithoutNestedBody(call);
    if (method.isEmpty() || method.get().isPrivate()) {
      return;
    }
    Optional<Variable> lock = owningLock(file, condition.get());
    if (lock.isEmpty()) {
      return;
    }
    Optional<BodyProtocol> body =
        FileProtocol.of(file).stream().filter(b -> b.owner() == method.get()).findFirst();
    if (!definitelyNotHeld(body, call, lock.get())) {
      return;
    }
    sink.report(
        finding(
            file,
            call,
            String.format(
                "'%s.%s()' is called without holding '%s', the lock that created the condition"
                    + " (it throws IllegalMonitorStateException); lock it first",
                condition.get().name(), call.getNameAsString(), lock.get().name())),
        List.of(
            new TypeCondition(type, JdkTypes.CONDITION),
            new TypeCondition(lock.get().type(), JdkTypes.LOCK)));
  }

  /** No path to the call holds the lock: the body never locks it, or every path has let go. */
  private static boolean definitelyNotHeld(
      Optional<BodyProtocol> body, MethodCallExpr call, Variable lock) {
    if (body.isEmpty()) {
      return true;
    }
    Optional<Resource> resource =
        body.get().resources().stream()
            .filter(r -> r.variable().equals(lock) && r.view().isEmpty())
            .findFirst();
    if (resource.isEmpty()) {
      return true; // this method never takes the lock
    }
    if (!body.get().isSolved()) {
      return false;
    }
    boolean reached = false;
    for (CfgNode node : body.get().graph().nodes()) {
      if (!node.evaluatesAst()
          || Bodies.findAllInSameBody(node.ast(), MethodCallExpr.class).stream()
              .noneMatch(c -> c == call)) {
        continue;
      }
      Optional<Set<Holding>> holdings = body.get().holdingsAt(node, resource.get());
      if (holdings.isEmpty()) {
        continue;
      }
      reached = true;
      if (holdings.get().stream().anyMatch(h -> h.isHeld() || h instanceof Holding.Untracked)) {
        return false;
      }
    }
    return reached;
  }

  /** The lock of {@code cond = lock.newCondition()} when the condition's initializer shows it. */
  private static Optional<Variable> owningLock(FileContext file, Variable condition) {
    if (!(condition.declaration() instanceof VariableDeclarator declarator)) {
      return Optional.empty();
    }
    Optional<Expression> init = declarator.getInitializer().map(FileContext::unwrap);
    if (init.isEmpty()
        || !(init.get() instanceof MethodCallExpr newCondition)
        || !newCondition.getNameAsString().equals("newCondition")
        || newCondition.getScope().isEmpty()) {
      return Optional.empty();
    }
    return file.variableOf(newCondition.getScope().get())
        .map(v -> dev.threadlint.protocol.Aliases.canonical(file, v))
        .filter(v -> v.type().isKnown() && FileContext.couldBe(v.type(), JdkTypes.LOCK));
  }

  /** The method around the call, unless a lambda or anonymous class lies in between. */
  private static Optional<CallableDeclaration<?>> enclosingMethodWithoutNestedBody(Node node) {
    Node current = node.getParentNode().orElse(null);
    while (current != null) {
      if (current instanceof CallableDeclaration<?> callable) {
        return Optional.of(callable);
      }
      if (Bodies.isNestedBody(current)
          || (current instanceof ObjectCreationExpr creation
              && creation.getAnonymousClassBody().isPresent())) {
        return Optional.empty();
      }
      current = current.getParentNode().orElse(null);
    }
    return Optional.empty();
  }

  /** A class that declares its own wait/notify overloads calls those. */
  private static boolean declaresOwn(MethodCallExpr call) {
    return call.getScope().isEmpty()
        && call.findAncestor(com.github.javaparser.ast.body.ClassOrInterfaceDeclaration.class)
            .filter(c -> !c.getMethodsByName(call.getNameAsString()).isEmpty())
            .isPresent();
  }
}
