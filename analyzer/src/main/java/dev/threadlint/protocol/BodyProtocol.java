package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.flow.Bodies;
import dev.threadlint.flow.CfgNode;
import dev.threadlint.flow.ControlFlowGraph;
import dev.threadlint.flow.Dataflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The protocol of one body: its resource operations, the fixpoint of {@link ProtocolAnalysis} over
 * its control-flow graph, and the events found on it. Also answers the hand-off questions the rules
 * ask before calling a held permit a leak.
 */
public final class BodyProtocol {
  /** Methods on a resource that neither take, give nor leak it. */
  private static final Set<String> NEUTRAL =
      Set.of(
          "availablePermits",
          "drainPermits",
          "isFair",
          "hasQueuedThreads",
          "getQueueLength",
          "isLocked",
          "isHeldByCurrentThread",
          "getHoldCount",
          "newCondition",
          "toString",
          "readLock",
          "writeLock",
          "isWriteLocked",
          "getReadLockCount",
          "isWriteLockedByCurrentThread",
          "validate",
          "tryOptimisticRead",
          "hashCode");

  private final FileContext file;
  private final Node owner;
  private final List<ResourceOp> ops;
  private final ControlFlowGraph graph;
  private final Optional<Dataflow.Result<PathSet>> solution;
  private final List<ProtocolEvent> events;
  private final Map<CfgNode, List<ResourceOp>> byNode;

  private BodyProtocol(
      FileContext file,
      Node owner,
      List<ResourceOp> ops,
      ControlFlowGraph graph,
      Optional<Dataflow.Result<PathSet>> solution,
      List<ProtocolEvent> events,
      Map<CfgNode, List<ResourceOp>> byNode) {
    this.byNode = byNode;
    this.file = file;
    this.owner = owner;
    this.ops = ops;
    this.graph = graph;
    this.solution = solution;
    this.events = events;
  }

  /** Analyses a body when it has resource operations; empty otherwise (the common case). */
  static Optional<BodyProtocol> analyze(FileContext file, Node owner) {
    return analyze(file, owner, HelperSummaries.NONE);
  }

  /** Analyses a body, treating calls of summarised methods of the class as what they do. */
  static Optional<BodyProtocol> analyze(FileContext file, Node owner, HelperSummaries helpers) {
    List<ResourceOp> ops = new ArrayList<>();
    for (MethodCallExpr call : Bodies.findAllInSameBody(file, owner, MethodCallExpr.class)) {
      if (call != owner) {
        Optional<ResourceOp> op = ResourceOps.of(file, call, ops.size());
        if (op.isEmpty()) {
          op =
              helpers
                  .of(call)
                  .filter(h -> h.declaration() != owner)
                  .filter(
                      h ->
                          h.effect() != HelperSummary.Effect.ACQUIRES_WHEN_NON_NULL
                              || HandleUses.onlyNullTested(
                                  owner,
                                  call,
                                  other ->
                                      helpers
                                          .of(other)
                                          .filter(
                                              r ->
                                                  r.effect() == HelperSummary.Effect.RELEASES
                                                      && r.resource().equals(h.resource()))
                                          .isPresent()))
                  .map(
                      h ->
                          new ResourceOp(
                              ops.size(), h.kind(), h.resource(), h.permits(), call, h, null));
        }
        if (op.isEmpty()) {
          op = HandOffs.of(file, call, ops.size());
        }
        op.ifPresent(ops::add);
      }
    }
    if (ops.isEmpty()) {
      return Optional.empty();
    }
    ControlFlowGraph graph = ControlFlowGraph.of(owner, dev.threadlint.flow.ThrowModel.of(file));
    Map<CfgNode, List<ResourceOp>> byNode = byNode(graph, ops);
    Optional<Dataflow.Result<PathSet>> solution =
        solve(graph, new ProtocolAnalysis(file, byNode, graph.throwModel()));
    List<ProtocolEvent> events =
        solution
            .map(result -> EventCollector.collect(graph, result, byNode, ops))
            .orElse(List.of());
    if (solution.isPresent() && ops.stream().anyMatch(ResourceOp::isHandOff)) {
      List<ProtocolEvent> withCallbacks = new ArrayList<>(events);
      for (ProtocolEvent leak : CallbackCheck.leaks(file, ops)) {
        // judged only when this body took the permit it hands on
        if (heldAt(byNode, solution.get(), ((ProtocolEvent.CallbackLeak) leak).handOff())) {
          withCallbacks.add(leak);
        }
      }
      events = List.copyOf(withCallbacks);
    }
    return Optional.of(
        new BodyProtocol(file, owner, List.copyOf(ops), graph, solution, events, byNode));
  }

  private static boolean heldAt(
      Map<CfgNode, List<ResourceOp>> byNode, Dataflow.Result<PathSet> result, ResourceOp op) {
    for (Map.Entry<CfgNode, List<ResourceOp>> entry : byNode.entrySet()) {
      PathSet in = result.in(entry.getKey());
      if (entry.getValue().contains(op) && in != null) {
        if (in.paths().stream().anyMatch(p -> p.holding(op.resource()).isHeld())) {
          return true;
        }
      }
    }
    return false;
  }

  private static Optional<Dataflow.Result<PathSet>> solve(
      ControlFlowGraph graph, ProtocolAnalysis analysis) {
    return Dataflow.solve(graph, analysis)
        .filter(
            result ->
                graph.nodes().stream()
                    .map(result::in)
                    .noneMatch(state -> state != null && state.overflow()));
  }

  /** The operations each node of the graph evaluates, in evaluation order. */
  static Map<CfgNode, List<ResourceOp>> byNode(ControlFlowGraph graph, List<ResourceOp> ops) {
    Map<CfgNode, List<ResourceOp>> byNode = new HashMap<>();
    for (CfgNode node : graph.nodes()) {
      if (node.evaluatesAst()) {
        List<ResourceOp> inNode = new ArrayList<>();
        for (MethodCallExpr call : Bodies.findAllInSameBody(node.ast(), MethodCallExpr.class)) {
          ops.stream().filter(op -> op.call() == call).findFirst().ifPresent(inNode::add);
        }
        if (!inNode.isEmpty()) {
          byNode.put(node, inNode);
        }
      }
    }
    return byNode;
  }

  /**
   * True when a body that starts holding one permit of {@code resource} gives it back on every way
   * out, normal or exceptional (a callback's lambda); true as well when it cannot be judged.
   */
  static boolean releasesOnEveryPath(FileContext file, Node body, Resource resource) {
    List<ResourceOp> ops = new ArrayList<>();
    for (MethodCallExpr call : Bodies.findAllInSameBody(body, MethodCallExpr.class)) {
      ResourceOps.of(file, call, ops.size()).ifPresent(ops::add);
    }
    ControlFlowGraph graph = ControlFlowGraph.of(body, dev.threadlint.flow.ThrowModel.of(file));
    PathState entry = PathState.EMPTY.with(resource, new Holding.Held(1, -1, false));
    Optional<Dataflow.Result<PathSet>> solution =
        solve(graph, new ProtocolAnalysis(file, byNode(graph, ops), graph.throwModel(), entry));
    if (solution.isEmpty()) {
      return true;
    }
    for (CfgNode exit : List.of(graph.exit(), graph.exceptionalExit())) {
      PathSet state = solution.get().in(exit);
      if (state != null && state.paths().stream().anyMatch(p -> p.holding(resource).isHeld())) {
        return false;
      }
    }
    return true;
  }

  public Node owner() {
    return owner;
  }

  public List<ResourceOp> ops() {
    return ops;
  }

  public List<ProtocolEvent> events() {
    return events;
  }

  /** True when the fixpoint was computed (no overflow): events are only trusted then. */
  public boolean isSolved() {
    return solution.isPresent();
  }

  /** Distinct resources this body operates on, in order of first use. */
  public Set<Resource> resources() {
    Set<Resource> resources = new LinkedHashSet<>();
    ops.forEach(op -> resources.add(op.resource()));
    return resources;
  }

  /**
   * True when this body (not a nested lambda) releases the resource somewhere, or hands a permit it
   * holds to a callback that releases it.
   */
  public boolean releases(Resource resource) {
    return ops.stream()
        .anyMatch(
            op ->
                op.resource().equals(resource)
                    && op.kind() == ResourceOp.Kind.RELEASE
                    && (!op.isHandOff()
                        || (solution.isPresent() && heldAt(byNode, solution.get(), op))));
  }

  /**
   * True when the body's first operation on the resource releases it: it runs with the lock or
   * permit already held and lets it go for a while ({@code lock.unlock(); wait(); lock.lock();}),
   * so the acquire that ends it takes back the caller's hold rather than leaking one.
   */
  public boolean entersHolding(Resource resource) {
    return ops.stream()
        .filter(op -> op.resource().equals(resource) && !op.isHandOff())
        .min(java.util.Comparator.comparingInt(BodyProtocol::position))
        .filter(op -> op.kind() == ResourceOp.Kind.RELEASE)
        .isPresent();
  }

  private static int position(ResourceOp op) {
    return op.call().getBegin().map(p -> p.line * 10_000 + p.column).orElse(Integer.MAX_VALUE);
  }

  /** True when this body acquires or try-acquires the resource somewhere. */
  public boolean acquires(Resource resource) {
    return ops.stream()
        .anyMatch(op -> op.resource().equals(resource) && op.kind() != ResourceOp.Kind.RELEASE);
  }

  /**
   * True when the resource may be handed to other code here: its variable is used other than as the
   * receiver of protocol or neutral calls (passed, returned, stored, captured by a lambda or class
   * that this body creates).
   */
  public boolean mayHandOff(Resource resource) {
    if (resource.isChain()) {
      return chainMayHandOff(resource);
    }
    for (Node use :
        owner.findAll(Node.class, n -> n instanceof NameExpr || n instanceof FieldAccessExpr)) {
      if (!refersTo((Expression) use, resource) || isAliasInitializer(use)) {
        continue;
      }
      if (insideNestedBody(use)) {
        if (insideHandOffCallback(use)) {
          continue; // modelled: the hand-off is this body's release
        }
        return true;
      }
      Optional<Node> parent = use.getParentNode();
      boolean receiver =
          parent.isPresent()
              && parent.get() instanceof MethodCallExpr call
              && call.getScope().filter(s -> s == use).isPresent()
              && (isProtocolCall(call) || NEUTRAL.contains(call.getNameAsString()));
      boolean viewReceiver =
          parent.isPresent()
              && parent.get() instanceof MethodCallExpr view
              && ResourceOps.isViewCall(view)
              && view.getParentNode().filter(MethodCallExpr.class::isInstance).isPresent();
      if (!receiver && !viewReceiver) {
        return true;
      }
    }
    return false;
  }

  /**
   * A lock reached through a getter is handed off when the getter's result is used other than to
   * take a view of it ({@code service.getLock()} passed or stored).
   */
  private boolean chainMayHandOff(Resource resource) {
    for (MethodCallExpr call : owner.findAll(MethodCallExpr.class)) {
      if (call.getNameAsString().equals(resource.chainGetter())
          && call.getArguments().isEmpty()
          && call.getScope().filter(s -> refersTo(s, resource)).isPresent()) {
        boolean viewed =
            call.getParentNode()
                .filter(p -> p instanceof MethodCallExpr v && ResourceOps.isViewCall(v))
                .isPresent();
        if (!viewed || insideNestedBody(call)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The paths reaching a node, or empty when none does (or the body was not solved). */
  public Optional<Set<Holding>> holdingsAt(CfgNode node, Resource resource) {
    if (solution.isEmpty() || solution.get().in(node) == null) {
      return Optional.empty();
    }
    Set<Holding> holdings = new LinkedHashSet<>();
    for (PathState path : solution.get().in(node).paths()) {
      holdings.add(path.holding(resource));
    }
    return Optional.of(holdings);
  }

  /** The fixpoint's state on entry to a node, when solved and reachable. */
  Optional<PathSet> stateAt(CfgNode node) {
    return solution.map(result -> result.in(node));
  }

  public ControlFlowGraph graph() {
    return graph;
  }

  private boolean isProtocolCall(MethodCallExpr call) {
    return ops.stream().anyMatch(op -> op.call() == call);
  }

  private boolean refersTo(Expression use, Resource resource) {
    if (use instanceof FieldAccessExpr access
        && !(access.getScope() instanceof com.github.javaparser.ast.expr.ThisExpr)) {
      return false;
    }
    if (use instanceof FieldAccessExpr access
        && !access.getNameAsString().equals(resource.variable().name())) {
      return false;
    }
    return file.variableOf(use)
        .map(v -> Aliases.canonical(file, v))
        .filter(resource.variable()::equals)
        .isPresent();
  }

  /**
   * The {@code this.lock} in {@code final Lock lock = this.lock;}: making the alias is no hand-off.
   */
  private boolean isAliasInitializer(Node use) {
    return use.getParentNode()
        .filter(
            p ->
                p instanceof com.github.javaparser.ast.body.VariableDeclarator d
                    && d.getInitializer().filter(i -> i == use).isPresent())
        .isPresent();
  }

  /** True when the use is in the callback of one of this body's hand-offs. */
  private boolean insideHandOffCallback(Node use) {
    for (ResourceOp op : ops) {
      if (op.isHandOff() && dev.threadlint.facts.Dominance.isAncestorOrSelf(op.callback(), use)) {
        return true;
      }
    }
    return false;
  }

  private boolean insideNestedBody(Node use) {
    Node current = use.getParentNode().orElse(null);
    while (current != null && current != owner) {
      if (Bodies.isNestedBody(current)
          || (current instanceof com.github.javaparser.ast.expr.ObjectCreationExpr creation
              && creation.getAnonymousClassBody().isPresent())) {
        return true;
      }
      current = current.getParentNode().orElse(null);
    }
    return false;
  }
}
