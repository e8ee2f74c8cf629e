package dev.threadlint.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.TryStmt;
import java.util.List;
import java.util.Optional;

/**
 * Structural "always runs before" between two nodes of one body, without a control-flow graph:
 * {@code first} precedes {@code second} when the statement holding {@code first} and a later
 * statement holding {@code second} are siblings in one block. Then every normal path to {@code
 * second} passed {@code first}. Conservative: branches, loops back-edges and try blocks give no
 * answer rather than a wrong one.
 */
public final class Dominance {
  private Dominance() {}

  /** True when {@code first} runs on every path before {@code second} in the same body. */
  public static boolean precedes(Node first, Node second) {
    if (bodyOf(first) != bodyOf(second)) {
      return false;
    }
    Optional<Statement> holder = first.findAncestor(Statement.class);
    if (holder.isEmpty()) {
      return false;
    }
    Node parent = holder.get().getParentNode().orElse(null);
    List<Statement> siblings;
    if (parent instanceof BlockStmt block) {
      siblings = block.getStatements();
    } else if (parent instanceof SwitchEntry entry) {
      siblings = entry.getStatements();
    } else {
      return false;
    }
    int index = indexOf(siblings, holder.get());
    for (int i = index + 1; i < siblings.size(); i++) {
      if (isAncestorOrSelf(siblings.get(i), second)) {
        return true;
      }
    }
    return false;
  }

  /** The nearest loop around a node within its own body ({@link #bodyOf}), if any. */
  public static java.util.Optional<Node> enclosingLoop(Node node) {
    Node body = bodyOf(node);
    Node current = node.getParentNode().orElse(null);
    while (current != null && current != body) {
      if (current instanceof com.github.javaparser.ast.stmt.WhileStmt
          || current instanceof com.github.javaparser.ast.stmt.DoStmt
          || current instanceof com.github.javaparser.ast.stmt.ForStmt
          || current instanceof com.github.javaparser.ast.stmt.ForEachStmt) {
        return java.util.Optional.of(current);
      }
      current = current.getParentNode().orElse(null);
    }
    return java.util.Optional.empty();
  }

  /**
   * The method, constructor, initializer, lambda or anonymous-class member whose body holds the
   * node: code in a lambda does not run where the lambda is written.
   */
  public static Node bodyOf(Node node) {
    Node current = node.getParentNode().orElse(null);
    while (current != null) {
      if (current instanceof CallableDeclaration<?>
          || current instanceof LambdaExpr
          || current instanceof InitializerDeclaration
          || (current instanceof ObjectCreationExpr creation
              && creation.getAnonymousClassBody().isPresent()
              && !isAncestorOrSelf(creation.getType(), node)
              && creation.getArguments().stream().noneMatch(a -> isAncestorOrSelf(a, node)))) {
        return current;
      }
      current = current.getParentNode().orElse(null);
    }
    return null;
  }

  /**
   * True when some assignment to {@code variable} lies strictly between the two nodes in source.
   */
  public static boolean assignedBetween(
      FileContext file, Variable variable, Node first, Node second) {
    Node body = bodyOf(first);
    if (body == null) {
      return true;
    }
    for (AssignExpr assign : body.findAll(AssignExpr.class)) {
      if (isBetween(assign, first, second)
          && file.variableOf(assign.getTarget()).filter(variable::equals).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code node} starts after {@code first} ends and before {@code second} starts. */
  public static boolean isBetween(Node node, Node first, Node second) {
    if (node.getRange().isEmpty() || first.getRange().isEmpty() || second.getRange().isEmpty()) {
      return true;
    }
    return node.getRange().get().begin.isAfter(first.getRange().get().end)
        && node.getRange().get().begin.isBefore(second.getRange().get().begin);
  }

  /** True when the node is inside the {@code finally} block of a try of its own body. */
  public static boolean isInFinally(Node node) {
    Node body = bodyOf(node);
    Node child = node;
    Node parent = node.getParentNode().orElse(null);
    while (parent != null && child != body) {
      if (parent instanceof TryStmt tryStmt
          && tryStmt.getFinallyBlock().isPresent()
          && tryStmt.getFinallyBlock().get() == child) {
        return true;
      }
      child = parent;
      parent = parent.getParentNode().orElse(null);
    }
    return false;
  }

  /** True when {@code ancestor} is {@code node} or contains it. */
  public static boolean isAncestorOrSelf(Node ancestor, Node node) {
    Node current = node;
    while (current != null) {
      if (current == ancestor) {
        return true;
      }
      current = current.getParentNode().orElse(null);
    }
    return false;
  }

  private static int indexOf(List<Statement> statements, Statement statement) {
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i) == statement) {
        return i;
      }
    }
    return -1;
  }
}
