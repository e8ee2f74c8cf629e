package dev.threadlint.lifecycle;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.stmt.TryStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.flow.Bodies;
import dev.threadlint.flow.CfgNode;
import dev.threadlint.flow.ControlFlowGraph;
import dev.threadlint.flow.Dataflow;
import dev.threadlint.flow.GraphTooLargeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Local threads and executors of every body of a file that are still running on some path out of
 * it. Computed once per file and shared by the thread rules.
 */
public final class BodyLifecycle {
  private static final Set<String> THREAD_CALLS =
      Set.of(
          "start",
          "join",
          "setDaemon",
          "isDaemon",
          "getName",
          "setName",
          "isAlive",
          "interrupt",
          "isInterrupted",
          "setPriority",
          "getPriority",
          "getId",
          "threadId",
          "getState",
          "setUncaughtExceptionHandler",
          "setContextClassLoader",
          "toString");
  private static final Set<String> EXECUTOR_CALLS =
      Set.of(
          "submit",
          "execute",
          "invokeAll",
          "invokeAny",
          "schedule",
          "scheduleAtFixedRate",
          "scheduleWithFixedDelay",
          "shutdown",
          "shutdownNow",
          "close",
          "awaitTermination",
          "isShutdown",
          "isTerminated",
          "toString",
          "setCorePoolSize",
          "setMaximumPoolSize",
          "allowCoreThreadTimeOut",
          "prestartAllCoreThreads",
          "getActiveCount",
          "getQueue",
          "setKeepAliveTime",
          "setRejectedExecutionHandler",
          "getPoolSize",
          "getCompletedTaskCount",
          "setRemoveOnCancelPolicy",
          "setExecuteExistingDelayedTasksAfterShutdownPolicy");

  /**
   * A local still running where the body ends.
   *
   * @param tracked the thread or executor
   * @param site the start call (threads) or the creation (executors)
   * @param exceptional only on a path that leaves by an exception
   */
  public record Open(Tracked tracked, Node site, boolean exceptional) {}

  private BodyLifecycle() {}

  /** Every open local of every body in the file. */
  public static List<Open> of(FileContext file) {
    return file.memo(BodyLifecycle.class, () -> compute(file));
  }

  private static List<Open> compute(FileContext file) {
    List<Open> open = new ArrayList<>();
    for (Node owner :
        file.allOfKinds(
            List.of(CallableDeclaration.class, LambdaExpr.class, InitializerDeclaration.class))) {
      Map<Variable, Tracked> tracked = trackedLocals(file, owner);
      if (tracked.isEmpty()) {
        continue;
      }
      try {
        open.addAll(analyze(file, owner, tracked));
      } catch (GraphTooLargeException e) {
        // too large to judge: report nothing for this body
      }
    }
    return open;
  }

  private static List<Open> analyze(FileContext file, Node owner, Map<Variable, Tracked> tracked) {
    Map<Variable, Set<Node>> escapes = new HashMap<>();
    for (Variable v : tracked.keySet()) {
      escapes.put(v, escapingUses(file, owner, tracked.get(v)));
    }
    ControlFlowGraph graph = ControlFlowGraph.of(owner);
    Optional<Dataflow.Result<Map<Variable, Set<Status>>>> result =
        Dataflow.solve(graph, new LifecycleAnalysis(file, tracked, escapes));
    if (result.isEmpty()) {
      return List.of();
    }
    List<Open> open = new ArrayList<>();
    Set<Integer> reported = new HashSet<>();
    collect(graph, result.get().in(graph.exit()), tracked, false, reported, open);
    collect(graph, result.get().in(graph.exceptionalExit()), tracked, true, reported, open);
    return open;
  }

  private static void collect(
      ControlFlowGraph graph,
      Map<Variable, Set<Status>> exit,
      Map<Variable, Tracked> tracked,
      boolean exceptional,
      Set<Integer> reported,
      List<Open> open) {
    if (exit == null) {
      return;
    }
    for (Map.Entry<Variable, Set<Status>> entry : exit.entrySet()) {
      for (Status status : entry.getValue()) {
        if (status.kind() == Status.Kind.OPEN && reported.add(status.site())) {
          CfgNode node = graph.nodes().get(status.site());
          Tracked t = tracked.get(entry.getKey());
          open.add(new Open(t, siteIn(node, t), exceptional));
        }
      }
    }
  }

  /** The start call of the thread, or the creation of the executor, within a node. */
  private static Node siteIn(CfgNode node, Tracked tracked) {
    if (tracked.kind() == Tracked.Kind.THREAD) {
      for (MethodCallExpr call : Bodies.findAllInSameBody(node.ast(), MethodCallExpr.class)) {
        if (call.getNameAsString().equals("start")) {
          return call;
        }
      }
    }
    return node.ast();
  }

  private static Map<Variable, Tracked> trackedLocals(FileContext file, Node owner) {
    Map<Variable, Tracked> tracked = new LinkedHashMap<>();
    for (VariableDeclarator declarator :
        Bodies.findAllInSameBody(file, owner, VariableDeclarator.class)) {
      if (!(declarator.getParentNode().orElse(null)
          instanceof com.github.javaparser.ast.expr.VariableDeclarationExpr)) {
        continue;
      }
      Optional<Tracked.Kind> kind =
          declarator.getInitializer().flatMap(init -> Creations.of(file, init));
      if (kind.isEmpty()) {
        kind = assignedCreation(file, owner, declarator);
      }
      if (kind.isPresent()) {
        Variable variable =
            file.scopes()
                .lookup(declarator.getNameAsString(), declarator.getName())
                .filter(v -> v.declaration() == declarator)
                .orElse(
                    new Variable(
                        declarator.getNameAsString(),
                        Variable.Kind.LOCAL,
                        declarator,
                        dev.threadlint.facts.TypeRef.UNKNOWN,
                        false,
                        false,
                        false));
        tracked.put(variable, new Tracked(variable, kind.get(), declarator, List.of()));
      }
    }
    return tracked;
  }

  private static Optional<Tracked.Kind> assignedCreation(
      FileContext file, Node owner, VariableDeclarator declarator) {
    for (AssignExpr assign : Bodies.findAllInSameBody(file, owner, AssignExpr.class)) {
      if (assign.getTarget() instanceof NameExpr name
          && name.getNameAsString().equals(declarator.getNameAsString())
          && file.variableOf(name).filter(v -> v.declaration() == declarator).isPresent()) {
        Optional<Tracked.Kind> kind = Creations.of(file, assign.getValue());
        if (kind.isPresent()) {
          return kind;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Uses that hand the object to other code: anything but the receiver of its own lifecycle and
   * query methods, or the target of an assignment. Uses inside lambdas and inner classes count.
   */
  private static Set<Node> escapingUses(FileContext file, Node owner, Tracked tracked) {
    Set<String> allowed = tracked.kind() == Tracked.Kind.THREAD ? THREAD_CALLS : EXECUTOR_CALLS;
    Set<Node> uses = new HashSet<>();
    for (NameExpr name : owner.findAll(NameExpr.class)) {
      if (!name.getNameAsString().equals(tracked.variable().name())
          || file.variableOf(name).filter(tracked.variable()::equals).isEmpty()) {
        continue;
      }
      Node parent = name.getParentNode().orElse(null);
      boolean receiver =
          parent instanceof MethodCallExpr call
              && call.getScope().filter(s -> s == name).isPresent()
              && allowed.contains(call.getNameAsString())
              && !insideNestedBody(name, owner);
      boolean assigned = parent instanceof AssignExpr assign && assign.getTarget() == name;
      if (!receiver && !assigned) {
        uses.add(name);
      }
    }
    return uses;
  }

  private static boolean insideNestedBody(Node node, Node owner) {
    Node current = node.getParentNode().orElse(null);
    while (current != null && current != owner) {
      if (Bodies.isNestedBody(current)
          || (current instanceof com.github.javaparser.ast.expr.ObjectCreationExpr c
              && c.getAnonymousClassBody().isPresent())) {
        return true;
      }
      current = current.getParentNode().orElse(null);
    }
    return false;
  }

  /** True when the body joins, shuts down or closes the object somewhere. */
  public static boolean finishesSomewhere(Open open) {
    Node body = dev.threadlint.facts.Dominance.bodyOf(open.tracked().creation());
    return body != null
        && Bodies.findAllInSameBody(body, MethodCallExpr.class).stream()
            .anyMatch(
                c ->
                    c.getScope()
                            .filter(
                                s ->
                                    s instanceof NameExpr n
                                        && n.getNameAsString()
                                            .equals(open.tracked().variable().name()))
                            .isPresent()
                        && Set.of("shutdown", "shutdownNow", "close", "join")
                            .contains(c.getNameAsString()));
  }

  /** True when the body finishes the object in a finally block or with try-with-resources. */
  public static boolean finishesInFinally(Open open) {
    Node body = dev.threadlint.facts.Dominance.bodyOf(open.tracked().creation());
    if (body == null) {
      return false;
    }
    for (TryStmt tryStmt : body.findAll(TryStmt.class)) {
      for (Expression resource : tryStmt.getResources()) {
        if (resource.findAll(VariableDeclarator.class).stream()
            .anyMatch(d -> d == open.tracked().creation())) {
          return true;
        }
      }
      if (tryStmt.getFinallyBlock().isPresent()
          && tryStmt.getFinallyBlock().get().findAll(MethodCallExpr.class).stream()
              .anyMatch(
                  c ->
                      c.getScope()
                              .filter(
                                  s ->
                                      s instanceof NameExpr n
                                          && n.getNameAsString()
                                              .equals(open.tracked().variable().name()))
                              .isPresent()
                          && Set.of("shutdown", "shutdownNow", "close", "join")
                              .contains(c.getNameAsString()))) {
        return true;
      }
    }
    return false;
  }
}
