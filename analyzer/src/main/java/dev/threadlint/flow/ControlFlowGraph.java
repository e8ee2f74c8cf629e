package dev.threadlint.flow;

import com.github.javaparser.ast.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control-flow graph of one body: a method, constructor, initializer or lambda (anonymous class
 * methods are methods). Built by {@link CfgBuilder}; immutable afterwards. Nested lambdas,
 * anonymous and local classes are not part of the body that contains them: they run elsewhere.
 */
public final class ControlFlowGraph {
  private final Node owner;
  private final List<CfgNode> nodes;
  private final List<List<CfgEdge>> successors;
  private final List<List<CfgEdge>> predecessors;
  private final Map<Node, List<CfgNode>> byAst;
  private final ThrowModel throwModel;

  ControlFlowGraph(
      Node owner, List<CfgNode> nodes, List<List<CfgEdge>> successors, ThrowModel throwModel) {
    this.owner = owner;
    this.throwModel = throwModel;
    this.nodes = List.copyOf(nodes);
    List<List<CfgEdge>> succ = new ArrayList<>();
    List<List<CfgEdge>> pred = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      succ.add(List.copyOf(successors.get(i)));
      pred.add(new ArrayList<>());
    }
    for (List<CfgEdge> out : successors) {
      for (CfgEdge edge : out) {
        pred.get(edge.to().id()).add(edge);
      }
    }
    this.successors = Collections.unmodifiableList(succ);
    this.predecessors = pred.stream().map(List::copyOf).toList();
    Map<Node, List<CfgNode>> index = new IdentityHashMap<>();
    for (CfgNode node : nodes) {
      if (node.ast() != null) {
        index.computeIfAbsent(node.ast(), k -> new ArrayList<>()).add(node);
      }
    }
    this.byAst = index;
  }

  /**
   * Builds the graph of a method, constructor, initializer or lambda, where every call may throw.
   * Prefer {@link #of(Node, ThrowModel)} with the file's model: fewer impossible exception paths.
   */
  public static ControlFlowGraph of(Node body) {
    return of(body, ThrowModel.ANY_CALL);
  }

  /**
   * Builds the graph with exceptional edges only where {@code throwModel} says a node can throw.
   */
  public static ControlFlowGraph of(Node body, ThrowModel throwModel) {
    return new CfgBuilder(throwModel).build(body);
  }

  /** The model that decided which nodes can throw. */
  public ThrowModel throwModel() {
    return throwModel;
  }

  /** The declaration or lambda whose body this is. */
  public Node owner() {
    return owner;
  }

  public List<CfgNode> nodes() {
    return nodes;
  }

  public CfgNode entry() {
    return nodes.get(CfgBuilder.ENTRY);
  }

  public CfgNode exit() {
    return nodes.get(CfgBuilder.EXIT);
  }

  public CfgNode exceptionalExit() {
    return nodes.get(CfgBuilder.EXCEPTIONAL_EXIT);
  }

  public List<CfgEdge> successors(CfgNode node) {
    return successors.get(node.id());
  }

  public List<CfgEdge> predecessors(CfgNode node) {
    return predecessors.get(node.id());
  }

  /** Every node evaluating this AST element (several when it sits in a duplicated finally). */
  public List<CfgNode> nodesOf(Node ast) {
    return byAst.getOrDefault(ast, List.of());
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (CfgNode node : nodes) {
      text.append(node).append(" ->");
      for (CfgEdge edge : successors(node)) {
        text.append(' ').append(edge.to().id());
        if (edge.kind() != EdgeKind.NORMAL) {
          text.append('(')
              .append(edge.kind().name().toLowerCase(java.util.Locale.ROOT))
              .append(')');
        }
      }
      text.append('\n');
    }
    return text.toString();
  }
}
