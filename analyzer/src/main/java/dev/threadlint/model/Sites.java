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

  Site of(Node node) {
    Optional<Range> range = node.getRange();
    String path = file.file().relativePath();
    String member = members.computeIfAbsent(FileContext.memberOf(node), Names::shared);
    if (range.isEmpty()) {
      return new Site(path, 1, 1, 1, 1, member);
    }
    Range r = range.get();
    if (node instanceof MethodCallExpr call && call.getName().getRange().isPresent()) {
      r = new Range(call.getName().getRange().get().begin, r.end);
    }
    return new Site(path, r.begin.line, r.begin.column, r.end.line, r.end.column, member);
  }

  static int line(Node node) {
    return node.getBegin().map(p -> p.line).orElse(0);
  }
}
