package dev.threadlint.model;

import com.github.javaparser.Range;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Names;
import java.util.Optional;

/** Turns nodes of one file into {@link Site}s. */
final class Sites {
  private final FileContext file;

  Sites(FileContext file) {
    this.file = file;
  }

  /**
   * One string per enclosing member: every access and call of a method names it, and the summaries
   * of the whole project stay in memory until the project phase ends.
   */
  private final java.util.Map<String, String> members = new java.util.HashMap<>();

  /**
   * The member string of each node that decides it ({@link #memberAnchor}): every node below one
   * names the same member, so the string is built once per member rather than once per site.
   */
  private final java.util.Map<Node, String> byAnchor = new java.util.IdentityHashMap<>();

  Site of(Node node) {
    Optional<Range> range = node.getRange();
    String path = file.file().relativePath();
    Node anchor = memberAnchor(node);
    String member =
        anchor == null
            ? members.computeIfAbsent(FileContext.memberOf(node), Names::shared)
            : byAnchor.computeIfAbsent(
                anchor, a -> members.computeIfAbsent(FileContext.memberOf(a), Names::shared));
    if (range.isEmpty()) {
      return new Site(path, 1, 1, 1, 1, member);
    }
    Range r = range.get();
    if (node instanceof MethodCallExpr call && call.getName().getRange().isPresent()) {
      r = new Range(call.getName().getRange().get().begin, r.end);
    }
    return new Site(path, r.begin.line, r.begin.column, r.end.line, r.end.column, member);
  }

  /**
   * The node, or nearest ancestor, at which {@link FileContext#memberOf} first stops going up
   * unchanged: a method, constructor, initializer, field variable or type. Null when there is none.
   */
  private static Node memberAnchor(Node node) {
    for (Node current = node; current != null; current = current.getParentNode().orElse(null)) {
      if (current instanceof com.github.javaparser.ast.body.CallableDeclaration<?>
          || current instanceof com.github.javaparser.ast.body.InitializerDeclaration
          || current instanceof com.github.javaparser.ast.body.TypeDeclaration<?>
          || (current instanceof com.github.javaparser.ast.body.VariableDeclarator
              && current.getParentNode().orElse(null)
                  instanceof com.github.javaparser.ast.body.FieldDeclaration)) {
        return current;
      }
    }
    return null;
  }

  static int line(Node node) {
    return node.getBegin().map(p -> p.line).orElse(0);
  }
}
