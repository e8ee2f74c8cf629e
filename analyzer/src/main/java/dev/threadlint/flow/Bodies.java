package dev.threadlint.flow;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Searches within one body: the descendants of a node that run as part of the same body, in source
 * (pre-)order, without entering lambdas, anonymous class bodies or local classes (their code runs
 * at another time, often on another thread).
 */
public final class Bodies {
  private Bodies() {}

  /** Every descendant (and the node itself) of the given type in the same body, in order. */
  public static <T extends Node> List<T> findAllInSameBody(Node root, Class<T> type) {
    List<T> found = new ArrayList<>();
    walk(
        root,
        n -> {
          if (type.isInstance(n)) {
            found.add(type.cast(n));
          }
          return false;
        });
    return found;
  }

  /**
   * The same, from the file's index of its tree when {@code root} is a body or type the index knows
   * (no walk of the tree); the same nodes in the same order.
   */
  public static <T extends Node> List<T> findAllInSameBody(
      dev.threadlint.facts.FileContext file, Node root, Class<T> type) {
    int start = file.indexOf(root);
    if (start < 0) {
      return findAllInSameBody(root, type);
    }
    List<T> within = file.allWithin(root, type);
    if (within.size() * 8 < file.subtreeEnd(start) - start) {
      // few of the kind in the subtree (often none): keep those whose ancestors up to the root
      // leave them in this body, instead of visiting every node of the body
      List<T> found = new ArrayList<>(within.size());
      for (T node : within) {
        if (inSameBody(node, root)) {
          found.add(node);
        }
      }
      return found;
    }
    List<T> found = new ArrayList<>(within.size());
    scan(
        file,
        start,
        n -> {
          if (type.isInstance(n)) {
            found.add(type.cast(n));
          }
          return false;
        });
    return found;
  }

  /**
   * True when a node of the subtree of {@code root} is one {@link #scan} visits: neither it nor an
   * ancestor below the root is a member of an anonymous class body, and no ancestor below the root
   * is a nested body.
   */
  private static boolean inSameBody(Node node, Node root) {
    if (node == root) {
      return true;
    }
    if (isAnonymousMember(node)) {
      return false;
    }
    for (Node above = node.getParentNode().orElse(null);
        above != root;
        above = above.getParentNode().orElse(null)) {
      if (above == null || isNestedBody(above) || isAnonymousMember(above)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAnonymousMember(Node node) {
    return node instanceof com.github.javaparser.ast.body.BodyDeclaration<?>
        && node.getParentNode().orElse(null) instanceof ObjectCreationExpr;
  }

  /**
   * The first node in the same body that matches, from the file's index of its tree when {@code
   * root} is a body or type the index knows: the nodes {@link #findInSameBody(Node, Predicate)}
   * tests, in the same order.
   */
  public static Optional<Node> findInSameBody(
      dev.threadlint.facts.FileContext file, Node root, Predicate<Node> test) {
    int start = file.indexOf(root);
    if (start < 0) {
      return findInSameBody(root, test);
    }
    return Optional.ofNullable(scan(file, start, test));
  }

  /**
   * Pre-order over the index from the body at {@code start}: a nested body is visited but not
   * entered, a member of an anonymous class body is not visited. Returns the first node for which
   * {@code stop} is true, or null.
   */
  private static Node scan(dev.threadlint.facts.FileContext file, int start, Predicate<Node> stop) {
    int end = file.subtreeEnd(start);
    int i = start;
    while (i < end) {
      Node node = file.nodeAt(i);
      if (i != start && isAnonymousMember(node)) {
        i = file.subtreeEnd(i); // a member of an anonymous class body: not this body
        continue;
      }
      if (stop.test(node)) {
        return node;
      }
      i = i != start && isNestedBody(node) ? file.subtreeEnd(i) : i + 1;
    }
    return null;
  }

  /** The first node in the same body that matches. */
  public static Optional<Node> findInSameBody(Node root, Predicate<Node> test) {
    List<Node> hit = new ArrayList<>(1);
    walk(
        root,
        n -> {
          if (test.test(n)) {
            hit.add(n);
            return true;
          }
          return false;
        });
    return hit.stream().findFirst();
  }

  /** True for nodes whose inside is a different body. */
  public static boolean isNestedBody(Node node) {
    return node instanceof LambdaExpr
        || node instanceof TypeDeclaration<?>
        || node instanceof LocalClassDeclarationStmt
        || node instanceof LocalRecordDeclarationStmt;
  }

  private static boolean isOneOf(Node node, List<? extends Node> members) {
    for (Node member : members) {
      if (member == node) {
        return true;
      }
    }
    return false;
  }

  /** Pre-order walk; {@code stop} returning true ends the walk. */
  private static void walk(Node root, Predicate<Node> stop) {
    Deque<Node> work = new ArrayDeque<>();
    work.push(root);
    while (!work.isEmpty()) {
      Node node = work.pop();
      if (stop.test(node)) {
        return;
      }
      if (node != root && isNestedBody(node)) {
        continue;
      }
      List<Node> children = node.getChildNodes();
      List<? extends Node> members = List.of();
      if (node instanceof ObjectCreationExpr creation
          && creation.getAnonymousClassBody().isPresent()) {
        // the arguments run here; the class body does not
        members = creation.getAnonymousClassBody().get();
      }
      for (int i = children.size() - 1; i >= 0; i--) {
        Node child = children.get(i);
        if (members.isEmpty() || !isOneOf(child, members)) {
          work.push(child);
        }
      }
    }
  }
}
