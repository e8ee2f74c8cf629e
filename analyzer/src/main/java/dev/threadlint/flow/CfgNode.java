package dev.threadlint.flow;

import com.github.javaparser.ast.Node;
import java.util.Objects;

/**
 * One node of a {@link ControlFlowGraph}: a simple statement, a branch condition, or a synthetic
 * point (entry, exits, catch dispatch, monitor exit, resource close). The AST element is shared by
 * every copy of a {@code finally} block, so one statement may have several nodes.
 *
 * @param id index in the graph
 * @param kind what the node stands for
 * @param ast the statement or expression evaluated here; the enclosing construct for synthetic
 *     nodes; {@code null} for entry and exits
 */
public record CfgNode(int id, Kind kind, Node ast) {

  /** What a node stands for. */
  public enum Kind {
    /** Where the body starts. */
    ENTRY,
    /** Normal completion: a {@code return} or falling off the end. */
    EXIT,
    /** An exception leaves the body. */
    EXCEPTIONAL_EXIT,
    /** A simple statement or an expression evaluated for its effects (for-update, resource). */
    STATEMENT,
    /** A boolean condition: its out-edges are {@link EdgeKind#TRUE} and {@link EdgeKind#FALSE}. */
    CONDITION,
    /** A switch selector: one edge per case, plus the fall-out edge. */
    SWITCH,
    /** A for-each step: TRUE takes the next element, FALSE leaves the loop. */
    FOREACH_NEXT,
    /** Where a caught exception is dispatched to the catch clauses. */
    CATCH_DISPATCH,
    /**
     * Entry of a catch clause; {@code ast} is the {@link
     * com.github.javaparser.ast.stmt.CatchClause}.
     */
    CATCH,
    /** Monitor taken at the start of a synchronized block; {@code ast} is the statement. */
    MONITOR_ENTER,
    /** Monitor released on a way out of a synchronized block. */
    MONITOR_EXIT,
    /** A try-with-resources resource closed on a way out; {@code ast} is the resource. */
    RESOURCE_CLOSE,
    /** A no-op join point (loop heads). */
    JOIN
  }

  public CfgNode {
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * True when this node evaluates its AST element (a statement, condition or switch selector).
   * Other kinds only point at the construct they belong to: a loop head's AST is the whole loop.
   */
  public boolean evaluatesAst() {
    return kind == Kind.STATEMENT || kind == Kind.CONDITION || kind == Kind.SWITCH;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CfgNode n && n.id == id;
  }

  @Override
  public int hashCode() {
    return id;
  }

  @Override
  public String toString() {
    String text = ast == null ? "" : " " + ast.toString().lines().findFirst().orElse("");
    return id + ":" + kind + text;
  }
}
