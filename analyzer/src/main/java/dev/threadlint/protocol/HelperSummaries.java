package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.flow.Bodies;
import dev.threadlint.flow.CfgNode;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link HelperSummary helper summaries} of one file's methods, and the resolution of a call to
 * the summarised method it invokes: an unqualified or {@code this.}-qualified call, resolved by
 * name and argument count in the innermost enclosing class that declares a method of that name
 * (Java's rule for simple method names), only when exactly one method there matches.
 *
 * <p>This is a small, file-local resolver; calls of helpers in other files are resolved in the
 * project phase on the concurrency model's call graph ({@link ModelHelpers}).
 */
final class HelperSummaries {
  static final HelperSummaries NONE = new HelperSummaries(Map.of(), ExternalHelpers.NONE);

  private final Map<MethodDeclaration, HelperSummary> byMethod;
  private final ExternalHelpers external;

  private HelperSummaries(
      Map<MethodDeclaration, HelperSummary> byMethod, ExternalHelpers external) {
    this.byMethod = byMethod;
    this.external = external;
  }

  boolean isEmpty() {
    return byMethod.isEmpty() && external == ExternalHelpers.NONE;
  }

  /** The summaries of this file's own methods. */
  java.util.Collection<HelperSummary> all() {
    return byMethod.values();
  }

  /** The same summaries, with calls that resolve to none of them looked up in other files. */
  HelperSummaries withExternal(ExternalHelpers other) {
    return new HelperSummaries(byMethod, other);
  }

  int size() {
    return byMethod.size();
  }

  /** The summary of the method a call invokes, when it resolves to a summarised method. */
  Optional<HelperSummary> of(MethodCallExpr call) {
    Optional<HelperSummary> local = local(call);
    return local.isPresent() ? local : external.of(call);
  }

  private Optional<HelperSummary> local(MethodCallExpr call) {
    if (byMethod.isEmpty()
        || call.getScope()
            .filter(s -> !(s instanceof ThisExpr self && self.getTypeName().isEmpty()))
            .isPresent()) {
      return Optional.empty();
    }
    String name = call.getNameAsString();
    int arity = call.getArguments().size();
    Node current = call.getParentNode().orElse(null);
    while (current != null) {
      if (current instanceof TypeDeclaration<?> type) {
        List<MethodDeclaration> named = type.getMethodsByName(name);
        if (!named.isEmpty()) {
          List<MethodDeclaration> matching =
              named.stream().filter(m -> m.getParameters().size() == arity).toList();
          return matching.size() == 1
              ? Optional.ofNullable(byMethod.get(matching.get(0)))
              : Optional.empty();
        }
      }
      current = current.getParentNode().orElse(null);
    }
    return Optional.empty();
  }

  /** Summarises every method among the analysed bodies that acquires only or releases only. */
  static HelperSummaries of(FileContext file, List<BodyProtocol> bodies) {
    Map<MethodDeclaration, HelperSummary> summaries = new IdentityHashMap<>();
    for (BodyProtocol body : bodies) {
      if (body.owner() instanceof MethodDeclaration method && method.getBody().isPresent()) {
        summarize(file, method, body).ifPresent(s -> summaries.put(method, s));
      }
    }
    return new HelperSummaries(summaries, ExternalHelpers.NONE);
  }

  /** The method's one summarisable effect; none when it touches several resources or is mixed. */
  private static Optional<HelperSummary> summarize(
      FileContext file, MethodDeclaration method, BodyProtocol body) {
    if (!body.isSolved() || body.resources().size() != 1) {
      return Optional.empty();
    }
    Resource resource = body.resources().iterator().next();
    if (!resource.variable().isField()) {
      return Optional.empty();
    }
    boolean acquires = body.acquires(resource);
    boolean releases = body.releases(resource);
    if (acquires && !releases) {
      return acquireEffect(file, method, body, resource);
    }
    if (releases && !acquires) {
      return releaseEffect(method, body, resource);
    }
    return Optional.empty();
  }

  private static Optional<HelperSummary> acquireEffect(
      FileContext file, MethodDeclaration method, BodyProtocol body, Resource resource) {
    Optional<Set<Holding>> thrown = body.holdingsAt(body.graph().exceptionalExit(), resource);
    if (thrown.isPresent()
        && thrown.get().stream().anyMatch(Holding::isHeld)
        && !onlyAllocationThrowsHolding(method, body, resource)) {
      return Optional.empty(); // it can throw holding the resource: its callers cannot tell
    }
    Optional<Set<Holding>> normal = body.holdingsAt(body.graph().exit(), resource);
    if (normal.isEmpty()) {
      return Optional.empty();
    }
    if (normal.get().stream().allMatch(h -> h instanceof Holding.Held)) {
      int permits =
          normal.get().stream()
              .map(h -> ((Holding.Held) h).count())
              .distinct()
              .reduce((a, b) -> ResourceOp.UNKNOWN)
              .orElse(ResourceOp.UNKNOWN);
      return Optional.of(
          new HelperSummary(
              method.getNameAsString(), method, resource, HelperSummary.Effect.ACQUIRES, permits));
    }
    HelperSummary.Effect effect;
    if (method.getType().asString().equals("boolean")
        && holdsExactlyWhenTrue(file, method, body, resource)) {
      effect = HelperSummary.Effect.ACQUIRES_WHEN_TRUE;
    } else if (method.getType().isReferenceType()
        && holdsExactlyWhenNonNull(method, body, resource)) {
      effect = HelperSummary.Effect.ACQUIRES_WHEN_NON_NULL;
    } else {
      return Optional.empty();
    }
    int permits =
        body.ops().stream()
            .filter(op -> op.kind() != ResourceOp.Kind.RELEASE)
            .map(ResourceOp::permits)
            .distinct()
            .reduce((a, b) -> ResourceOp.UNKNOWN)
            .orElse(ResourceOp.UNKNOWN);
    return Optional.of(
        new HelperSummary(method.getNameAsString(), method, resource, effect, permits));
  }

  /**
   * True when the only statements that can throw while the resource is held are the returns of a
   * new object ({@code return new Permit(..)}): the answer of a try-acquire helper that returns an
   * object. An allocation failing there is no way its callers could handle either.
   */
  private static boolean onlyAllocationThrowsHolding(
      MethodDeclaration method, BodyProtocol body, Resource resource) {
    if (!method.getType().isReferenceType()) {
      return false;
    }
    for (CfgNode node : body.graph().nodes()) {
      boolean throwing =
          body.graph().successors(node).stream()
              .anyMatch(e -> e.kind() == dev.threadlint.flow.EdgeKind.EXCEPTION);
      if (!throwing) {
        continue;
      }
      boolean holding =
          body.holdingsAt(node, resource)
              .filter(h -> h.stream().anyMatch(Holding::isHeld))
              .isPresent();
      boolean allocationReturn =
          node.ast() instanceof ReturnStmt ret
              && ret.getExpression()
                  .map(FileContext::unwrap)
                  .filter(ObjectCreationExpr.class::isInstance)
                  .isPresent();
      if (holding && !allocationReturn) {
        return false;
      }
    }
    return true;
  }

  /**
   * Every {@code return null} leaves the resource as it was, every other return holds it and
   * returns an object that cannot be null ({@code new Permit(..)}, {@code this}): {@code Permit
   * tryTake() { if (!permits.tryAcquire()) return null; return new Permit(); }}. A returned
   * variable or call result could be null either way, so such a method is not summarised.
   */
  private static boolean holdsExactlyWhenNonNull(
      MethodDeclaration method, BodyProtocol body, Resource resource) {
    boolean anyNonNull = false;
    for (ReturnStmt ret : Bodies.findAllInSameBody(method, ReturnStmt.class)) {
      if (ret.getExpression().isEmpty()) {
        return false;
      }
      Expression value = FileContext.unwrap(ret.getExpression().get());
      boolean tryResult =
          body.ops().stream()
              .anyMatch(
                  op ->
                      op.call() == value
                          && op.viaHelper()
                          && op.helper().effect() == HelperSummary.Effect.ACQUIRES_WHEN_NON_NULL);
      boolean nonNull =
          value instanceof ObjectCreationExpr
              || value instanceof ThisExpr
              || value instanceof StringLiteralExpr;
      if (!tryResult && !nonNull && !(value instanceof NullLiteralExpr)) {
        return false;
      }
      for (PathState path : pathsAt(body, ret)) {
        boolean held = path.holding(resource).isHeld();
        if (tryResult) {
          // a helper of this kind returns non-null exactly when it takes the permit
          if (held) {
            return false;
          }
          anyNonNull = true;
        } else if (held != nonNull) {
          return false;
        } else {
          anyNonNull |= nonNull;
        }
      }
    }
    return anyNonNull;
  }

  /**
   * Every {@code return true} (or return of a flag that is true on that path) holds the resource,
   * every {@code return false} does not; {@code return sem.tryAcquire()} is both at once.
   */
  private static boolean holdsExactlyWhenTrue(
      FileContext file, MethodDeclaration method, BodyProtocol body, Resource resource) {
    boolean anyTrue = false;
    for (ReturnStmt ret : Bodies.findAllInSameBody(method, ReturnStmt.class)) {
      if (ret.getExpression().isEmpty()) {
        return false;
      }
      Expression value = FileContext.unwrap(ret.getExpression().get());
      boolean tryResult =
          body.ops().stream()
              .anyMatch(op -> op.call() == value && op.kind() == ResourceOp.Kind.TRY_ACQUIRE);
      Optional<Variable> flag =
          value instanceof NameExpr name ? file.variableOf(name) : Optional.empty();
      for (PathState path : pathsAt(body, ret)) {
        boolean held = path.holding(resource).isHeld();
        if (tryResult) {
          // the call returns true exactly when it takes the permit; nothing may be held before
          if (held) {
            return false;
          }
          anyTrue = true;
          continue;
        }
        Boolean returned;
        if (value instanceof BooleanLiteralExpr literal) {
          returned = literal.getValue();
        } else if (flag.isPresent()) {
          returned = path.flags().get(flag.get());
        } else {
          returned = null;
        }
        if (returned == null || returned != held) {
          return false;
        }
        anyTrue |= returned;
      }
    }
    return anyTrue;
  }

  /** The flow states' paths that reach a return statement (none where the flow was not solved). */
  private static List<PathState> pathsAt(BodyProtocol body, ReturnStmt ret) {
    List<PathState> paths = new java.util.ArrayList<>();
    for (CfgNode node : body.graph().nodesOf(ret)) {
      body.stateAt(node).ifPresent(state -> paths.addAll(state.paths()));
    }
    return paths;
  }

  /**
   * A method that releases at its top level, on the path every normal return takes: {@code
   * clearDelegateContext() { lock.readLock().unlock(); ... }}.
   */
  private static Optional<HelperSummary> releaseEffect(
      MethodDeclaration method, BodyProtocol body, Resource resource) {
    BlockStmt block = method.getBody().orElseThrow();
    for (ResourceOp op : body.ops()) {
      if (op.kind() == ResourceOp.Kind.RELEASE
          && op.call().getParentNode().orElse(null) instanceof ExpressionStmt statement
          && statement.getParentNode().orElse(null) == block
          && precedesEveryReturn(method, statement)) {
        return Optional.of(
            new HelperSummary(
                method.getNameAsString(),
                method,
                resource,
                HelperSummary.Effect.RELEASES,
                op.permits()));
      }
    }
    return Optional.empty();
  }

  private static boolean precedesEveryReturn(MethodDeclaration method, ExpressionStmt statement) {
    int line = statement.getBegin().map(p -> p.line).orElse(Integer.MAX_VALUE);
    return Bodies.findAllInSameBody(method, ReturnStmt.class).stream()
        .allMatch(r -> r.getBegin().map(p -> p.line).orElse(0) > line);
  }
}
