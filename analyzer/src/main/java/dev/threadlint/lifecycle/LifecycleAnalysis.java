package dev.threadlint.lifecycle;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.flow.Bodies;
import dev.threadlint.flow.CfgEdge;
import dev.threadlint.flow.CfgNode;
import dev.threadlint.flow.EdgeKind;
import dev.threadlint.flow.ForwardAnalysis;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows each tracked local through one body: created, made daemon, started, joined or shut down,
 * or handed elsewhere. The state maps each variable to the statuses it may have on the paths
 * reaching a node (a union at joins), so "open on some path" is visible at the exits.
 */
final class LifecycleAnalysis implements ForwardAnalysis<Map<Variable, Set<Status>>> {
  private final FileContext file;
  private final Map<Variable, Tracked> tracked;
  private final Map<Variable, Set<Node>> escapes;

  LifecycleAnalysis(
      FileContext file, Map<Variable, Tracked> tracked, Map<Variable, Set<Node>> escapes) {
    this.file = file;
    this.tracked = tracked;
    this.escapes = escapes;
  }

  @Override
  public Map<Variable, Set<Status>> entryState() {
    return Map.of();
  }

  @Override
  public Map<Variable, Set<Status>> join(
      Map<Variable, Set<Status>> left, Map<Variable, Set<Status>> right) {
    Map<Variable, Set<Status>> joined = new HashMap<>(left);
    right.forEach(
        (v, s) ->
            joined.merge(
                v,
                s,
                (a, b) -> {
                  Set<Status> union = new HashSet<>(a);
                  union.addAll(b);
                  return Set.copyOf(union);
                }));
    return Map.copyOf(joined);
  }

  @Override
  public Map<Variable, Set<Status>> transfer(
      CfgNode node, Map<Variable, Set<Status>> in, CfgEdge edge) {
    if (node.kind() == CfgNode.Kind.RESOURCE_CLOSE) {
      return closeResource(node, in);
    }
    if (!node.evaluatesAst()) {
      return in;
    }
    boolean exceptional = edge.kind() == EdgeKind.EXCEPTION;
    Map<Variable, Set<Status>> state = new HashMap<>(in);
    for (Map.Entry<Variable, Set<Node>> entry : escapes.entrySet()) {
      if (!exceptional && entry.getValue().stream().anyMatch(use -> contains(node.ast(), use))) {
        state.put(entry.getKey(), Set.of(Status.ESCAPED));
      }
    }
    for (MethodCallExpr call : Bodies.findAllInSameBody(node.ast(), MethodCallExpr.class)) {
      Optional<Variable> receiver =
          call.getScope().flatMap(file::variableOf).filter(tracked::containsKey);
      if (receiver.isEmpty() || !state.containsKey(receiver.get())) {
        continue;
      }
      Variable v = receiver.get();
      String name = call.getNameAsString();
      if (name.equals("join")
          || name.equals("shutdown")
          || name.equals("shutdownNow")
          || name.equals("close")) {
        state.put(v, map(state.get(v), s -> s.kind() == Status.Kind.OPEN ? Status.DONE : s));
      } else if (exceptional) {
        continue; // the call threw: a start did not happen
      } else if (name.equals("start") && call.getArguments().isEmpty()) {
        int site = node.id();
        state.put(
            v,
            map(
                state.get(v),
                s -> s.kind() == Status.Kind.NEW ? new Status(Status.Kind.OPEN, site) : s));
      } else if (name.equals("setDaemon") && call.getArguments().size() == 1) {
        boolean daemon =
            call.getArgument(0) instanceof BooleanLiteralExpr literal && literal.getValue();
        if (daemon) {
          state.put(v, map(state.get(v), s -> s.kind() == Status.Kind.NEW ? Status.DAEMON : s));
        } else if (!(call.getArgument(0) instanceof BooleanLiteralExpr)) {
          state.put(v, Set.of(Status.ESCAPED)); // unknown: do not judge
        }
      }
    }
    if (!exceptional) {
      creations(node, state);
    }
    return Map.copyOf(state);
  }

  /** {@code Thread t = new Thread(..)}, {@code t = new Thread(..)}, executors likewise. */
  private void creations(CfgNode node, Map<Variable, Set<Status>> state) {
    for (VariableDeclarationExpr declaration :
        Bodies.findAllInSameBody(node.ast(), VariableDeclarationExpr.class)) {
      for (VariableDeclarator declarator : declaration.getVariables()) {
        tracked.values().stream()
            .filter(t -> t.variable().declaration() == declarator)
            .filter(
                t ->
                    declarator
                        .getInitializer()
                        .filter(init -> Creations.of(file, init).isPresent())
                        .isPresent())
            .findFirst()
            .ifPresent(t -> state.put(t.variable(), Set.of(initial(t, node))));
      }
    }
    for (AssignExpr assign : Bodies.findAllInSameBody(node.ast(), AssignExpr.class)) {
      Optional<Variable> target = file.variableOf(assign.getTarget()).filter(tracked::containsKey);
      if (target.isPresent()) {
        Tracked t = tracked.get(target.get());
        state.put(
            t.variable(),
            Creations.of(file, assign.getValue()).isPresent()
                ? Set.of(initial(t, node))
                : Set.of(Status.ESCAPED));
      }
    }
  }

  private static Status initial(Tracked t, CfgNode node) {
    return t.kind() == Tracked.Kind.THREAD ? Status.NEW : new Status(Status.Kind.OPEN, node.id());
  }

  private Map<Variable, Set<Status>> closeResource(CfgNode node, Map<Variable, Set<Status>> in) {
    Map<Variable, Set<Status>> state = new HashMap<>(in);
    for (VariableDeclarator declarator : node.ast().findAll(VariableDeclarator.class)) {
      tracked.keySet().stream()
          .filter(v -> v.declaration() == declarator && state.containsKey(v))
          .findFirst()
          .ifPresent(v -> state.put(v, Set.of(Status.DONE)));
    }
    return Map.copyOf(state);
  }

  private static Set<Status> map(Set<Status> statuses, java.util.function.UnaryOperator<Status> f) {
    Set<Status> out = new HashSet<>();
    statuses.forEach(s -> out.add(f.apply(s)));
    return Set.copyOf(out);
  }

  private static boolean contains(Node ancestor, Node node) {
    Node current = node;
    while (current != null) {
      if (current == ancestor) {
        return true;
      }
      current = current.getParentNode().orElse(null);
    }
    return false;
  }
}
