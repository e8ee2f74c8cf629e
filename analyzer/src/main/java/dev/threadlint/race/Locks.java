package dev.threadlint.race;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.flow.CfgNode;
import dev.threadlint.protocol.Aliases;
import dev.threadlint.protocol.BodyProtocol;
import dev.threadlint.protocol.FileProtocol;
import dev.threadlint.protocol.Holding;
import dev.threadlint.protocol.Resource;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The locks held at a point of the code, by name: {@code this}, {@code class:Name}, {@code
 * field:name} (a monitor or a Lock in a field; a read view is {@code field:name.read}), or {@code
 * local:name}. Monitors come from enclosing synchronized blocks and methods; Locks and one-permit
 * semaphores from the protocol analysis, where every path to the point holds them.
 */
final class Locks {
  private Locks() {}

  static Set<String> at(FileContext file, Node node) {
    Set<String> held = new HashSet<>();
    Node body = Dominance.bodyOf(node);
    Node current = node.getParentNode().orElse(null);
    while (current != null) {
      if (current instanceof SynchronizedStmt sync) {
        name(file, sync.getExpression()).ifPresent(held::add);
      }
      if (current == body) {
        break;
      }
      current = current.getParentNode().orElse(null);
    }
    if (body instanceof MethodDeclaration method && method.isSynchronized()) {
      held.add(method.isStatic() ? "class:" + owner(method) : "this");
    }
    protocolLocks(file, node, body, held);
    return held;
  }

  /** The name of a monitor expression, if it has one we can compare. */
  static Optional<String> name(FileContext file, Expression expression) {
    Expression bare = FileContext.unwrap(expression);
    if (bare instanceof ThisExpr self) {
      return Optional.of(self.getTypeName().map(t -> "this:" + t.asString()).orElse("this"));
    }
    if (bare instanceof ClassExpr type) {
      return Optional.of("class:" + type.getType().asString());
    }
    return file.variableOf(bare).map(v -> Aliases.canonical(file, v)).map(Locks::variableName);
  }

  static String variableName(Variable v) {
    return (v.isField() ? "field:" : "local:") + v.name();
  }

  private static void protocolLocks(FileContext file, Node node, Node body, Set<String> held) {
    java.util.Map<Node, BodyProtocol> byOwner =
        file.memo(
            Locks.class,
            () -> {
              java.util.Map<Node, BodyProtocol> map = new java.util.IdentityHashMap<>();
              FileProtocol.of(file).forEach(b -> map.put(b.owner(), b));
              return map;
            });
    Optional<BodyProtocol> protocol = Optional.ofNullable(byOwner.get(body));
    if (protocol.isEmpty() || !protocol.get().isSolved()) {
      return;
    }
    java.util.List<CfgNode> nodes = java.util.List.of();
    Node current = node;
    while (current != null && current != body && nodes.isEmpty()) {
      nodes = protocol.get().graph().nodesOf(current);
      current = current.getParentNode().orElse(null);
    }
    if (nodes.isEmpty()) {
      return;
    }
    for (Resource resource : protocol.get().resources()) {
      if (resource.type() == Resource.Type.SEMAPHORE && !isBinary(resource.variable())) {
        continue;
      }
      boolean allHeld = false;
      for (CfgNode cfgNode : nodes) {
        Optional<Set<Holding>> holdings = protocol.get().holdingsAt(cfgNode, resource);
        if (holdings.isEmpty()) {
          continue;
        }
        allHeld = holdings.get().stream().allMatch(Holding::isHeld);
        if (!allHeld) {
          break;
        }
      }
      if (allHeld) {
        String name = variableName(resource.variable());
        held.add(resource.view().isEmpty() ? name : name + "." + resource.view());
      }
    }
  }

  /** A semaphore created with one permit is a mutex. */
  private static boolean isBinary(Variable semaphore) {
    return semaphore.declaration() instanceof VariableDeclarator declarator
        && declarator
            .getInitializer()
            .filter(
                i ->
                    i instanceof ObjectCreationExpr c
                        && c.getArguments().size() >= 1
                        && c.getArgument(0) instanceof IntegerLiteralExpr n
                        && n.getValue().equals("1"))
            .isPresent();
  }

  private static String owner(Node node) {
    return node.findAncestor(TypeDeclaration.class).map(t -> t.getNameAsString()).orElse("?");
  }
}
