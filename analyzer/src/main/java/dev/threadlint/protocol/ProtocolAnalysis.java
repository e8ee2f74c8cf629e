package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.flow.Bodies;
import dev.threadlint.flow.CfgEdge;
import dev.threadlint.flow.CfgNode;
import dev.threadlint.flow.EdgeKind;
import dev.threadlint.flow.ForwardAnalysis;
import dev.threadlint.flow.ThrowModel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The permit and lock protocol of one body as a forward dataflow: on each path, what every resource
 * holds. Try-acquires are followed into the branch that tests them, directly ({@code if
 * (sem.tryAcquire())}, {@code if (!lock.tryLock()) return;}) or through a boolean local; on an
 * exceptional edge an acquire did not happen and a release did.
 */
final class ProtocolAnalysis implements ForwardAnalysis<PathSet> {
  private final FileContext file;
  private final Map<CfgNode, List<ResourceOp>> opsByNode;
  private final ThrowModel throwModel;
  private final Map<ReturnStmt, PathState.Exit> exits = new java.util.IdentityHashMap<>();

  private final PathState entry;

  ProtocolAnalysis(
      FileContext file, Map<CfgNode, List<ResourceOp>> opsByNode, ThrowModel throwModel) {
    this(file, opsByNode, throwModel, PathState.EMPTY);
  }

  /** An analysis that starts from {@code entry}: a callback that begins holding a permit. */
  ProtocolAnalysis(
      FileContext file,
      Map<CfgNode, List<ResourceOp>> opsByNode,
      ThrowModel throwModel,
      PathState entry) {
    this.file = file;
    this.opsByNode = opsByNode;
    this.throwModel = throwModel;
    this.entry = entry;
  }

  @Override
  public PathSet entryState() {
    return new PathSet(Set.of(entry), false);
  }

  @Override
  public PathSet join(PathSet left, PathSet right) {
    return left.join(right);
  }

  @Override
  public PathSet transfer(CfgNode node, PathSet in, CfgEdge edge) {
    if (in.overflow()) {
      return in;
    }
    if (node.kind() == CfgNode.Kind.CATCH_DISPATCH) {
      return dispatch((TryStmt) node.ast(), in, edge);
    }
    if (node.kind() == CfgNode.Kind.CATCH) {
      return map(in, path -> path.pending(PathState.Pending.NONE));
    }
    if (!node.evaluatesAst()) {
      return in;
    }
    List<ResourceOp> ops = opsByNode.getOrDefault(node, List.of());
    PathState.Pending thrown = null;
    if (edge.kind() == EdgeKind.EXCEPTION) {
      thrown = exceptionOf(node, ops, throwModel);
      if (thrown == null) {
        return null;
      }
    }
    // at the exits the kind of exception no longer matters: keep the state small
    PathState.Pending pending =
        edge.to().kind() == CfgNode.Kind.EXCEPTIONAL_EXIT ? PathState.Pending.NONE : thrown;
    Set<PathState> out = new HashSet<>();
    for (PathState path : in.paths()) {
      if (edge.kind() == EdgeKind.EXCEPTION) {
        out.add(applyExceptional(path, ops).pending(pending));
      } else if (node.kind() == CfgNode.Kind.CONDITION) {
        condition(node, path, ops, edge.kind() == EdgeKind.TRUE, out::add);
      } else {
        statement(node, path, ops, out::add);
      }
    }
    if (node.ast() instanceof ReturnStmt ret && edge.kind() != EdgeKind.EXCEPTION) {
      PathState.Exit exit = exits.computeIfAbsent(ret, ProtocolAnalysis::exitOf);
      Set<PathState> tagged = new HashSet<>();
      out.forEach(p -> tagged.add(p.exit(exit)));
      out = tagged;
    }
    return out.isEmpty() ? null : PathSet.of(out);
  }

  /** Classifies a return: the body's last statement (main), a failure report, or an early one. */
  private static PathState.Exit exitOf(ReturnStmt ret) {
    int line = ret.getBegin().map(p -> p.line).orElse(0);
    boolean main =
        ret.getParentNode().orElse(null) instanceof BlockStmt block
            && block.getParentNode().filter(FlowOwners::isBodyOwner).isPresent()
            && block.getStatements().getLast().filter(last -> last == ret).isPresent();
    return new PathState.Exit(line, !main && FailureBlocks.isInFailureBlock(ret), main);
  }

  /**
   * What a node can throw. A node whose only calls are protocol operations throws only what they
   * declare: InterruptedException for the interruptible ones; nothing (null) for semaphore
   * operations and tryLock() that cannot block; and lock() is kept as possibly throwing, which is
   * what makes a lock() inside its own try a problem.
   */
  private static PathState.Pending exceptionOf(
      CfgNode node, List<ResourceOp> ops, ThrowModel throwModel) {
    List<MethodCallExpr> calls = Bodies.findAllInSameBody(node.ast(), MethodCallExpr.class);
    boolean onlyOps =
        !calls.isEmpty()
            && calls.stream()
                .allMatch(
                    c -> ops.stream().anyMatch(op -> op.call() == c) || throwModel.cannotThrow(c))
            && Bodies.findInSameBody(node.ast(), n -> n instanceof ObjectCreationExpr).isEmpty();
    if (!onlyOps || ops.stream().anyMatch(op -> op.resource().isDeclared() || op.viaHelper())) {
      // a user-declared API's methods may throw anything
      return PathState.Pending.ANY;
    }
    if (ops.stream().anyMatch(ProtocolAnalysis::isInterruptible)) {
      return PathState.Pending.INTERRUPTED;
    }
    if (ops.stream()
        .anyMatch(
            op ->
                op.resource().type() == Resource.Type.LOCK
                    && op.kind() == ResourceOp.Kind.ACQUIRE)) {
      return PathState.Pending.ANY;
    }
    return null;
  }

  private static boolean isInterruptible(ResourceOp op) {
    if (op.resource().isDeclared() || op.viaHelper()) {
      return false;
    }
    String name = op.call().getNameAsString();
    int args = op.call().getArguments().size();
    return switch (name) {
      case "acquire", "lockInterruptibly", "writeLockInterruptibly", "readLockInterruptibly" ->
          true;
      case "tryAcquire" -> args >= 2;
      case "tryLock" -> args == 2;
      default -> false;
    };
  }

  /** Sends an interrupted path only to the catch clauses that can catch it. */
  private static PathSet dispatch(TryStmt tryStmt, PathSet in, CfgEdge edge) {
    boolean toCatch = edge.to().kind() == CfgNode.Kind.CATCH;
    boolean anyCatchesInterrupt =
        tryStmt.getCatchClauses().stream().anyMatch(ProtocolAnalysis::catchesInterrupt);
    Set<PathState> out = new HashSet<>();
    for (PathState path : in.paths()) {
      if (path.pending() == PathState.Pending.INTERRUPTED) {
        boolean taken =
            toCatch ? catchesInterrupt((CatchClause) edge.to().ast()) : !anyCatchesInterrupt;
        if (!taken) {
          continue;
        }
      }
      out.add(path);
    }
    return out.isEmpty() ? null : PathSet.of(out);
  }

  private static boolean catchesInterrupt(CatchClause clause) {
    String type = clause.getParameter().getType().asString();
    for (String alternative : type.split("\\|")) {
      String name = alternative.strip();
      name = name.substring(name.lastIndexOf('.') + 1);
      if (name.equals("InterruptedException")
          || name.equals("Exception")
          || name.equals("Throwable")) {
        return true;
      }
    }
    return false;
  }

  private static PathSet map(PathSet in, java.util.function.UnaryOperator<PathState> f) {
    Set<PathState> out = new HashSet<>();
    in.paths().forEach(p -> out.add(f.apply(p)));
    return PathSet.of(out);
  }

  /** An exception left the node: acquires failed (unless already held), releases happened. */
  private static PathState applyExceptional(PathState path, List<ResourceOp> ops) {
    PathState current = path;
    for (ResourceOp op : ops) {
      Holding before = current.holding(op.resource());
      if (op.kind() == ResourceOp.Kind.RELEASE) {
        current = current.with(op.resource(), Transitions.release(before, op, event -> {}));
      } else if (!(before instanceof Holding.Held) && !(before instanceof Holding.Untracked)) {
        current =
            current.with(
                op.resource(),
                new Holding.Failed(op.id(), op.kind() == ResourceOp.Kind.TRY_ACQUIRE));
      }
    }
    return current;
  }

  private void condition(
      CfgNode node, PathState path, List<ResourceOp> ops, boolean taken, Consumer<PathState> out) {
    Expression test = FileContext.unwrap((Expression) node.ast());
    Optional<Expression> nullTested = HandleUses.comparedWithNull(test);
    if (nullTested.isPresent()) {
      // p != null after p = pool.tryTake(): non-null is the flag's true
      boolean nonNull =
          taken == (((BinaryExpr) test).getOperator() == BinaryExpr.Operator.NOT_EQUALS);
      Optional<Variable> handle = flagOf(nullTested.get());
      if (handle.isPresent()) {
        Boolean value = path.flags().get(handle.get());
        if (value == null || value == nonNull) {
          out.accept(path); // only a try-acquire's result is followed, not every null test
        }
        return;
      }
      nullTested(path, ops, nullTested.get(), nonNull, out);
      return;
    }
    Optional<Variable> flag = flagOf(test);
    if (flag.isPresent()) {
      Boolean value = path.flags().get(flag.get());
      if (value != null && value != taken) {
        return; // this path cannot take the edge
      }
      out.accept(path.withFlag(flag.get(), taken));
      return;
    }
    PathState current = path;
    for (ResourceOp op : ops) {
      if (op.kind() == ResourceOp.Kind.TRY_ACQUIRE && op.call() == test) {
        current = current.with(op.resource(), tried(current.holding(op.resource()), op, taken));
      } else {
        current = Transitions.apply(current, op, event -> {});
      }
    }
    out.accept(current);
  }

  /** {@code if (pool.tryTake() != null)}: the helper took the permit on the non-null branch. */
  private static void nullTested(
      PathState path,
      List<ResourceOp> ops,
      Expression tested,
      boolean nonNull,
      Consumer<PathState> out) {
    PathState current = path;
    for (ResourceOp op : ops) {
      if (op.kind() == ResourceOp.Kind.TRY_ACQUIRE && op.call() == tested) {
        current = current.with(op.resource(), tried(current.holding(op.resource()), op, nonNull));
      } else {
        current = Transitions.apply(current, op, event -> {});
      }
    }
    out.accept(current);
  }

  private void statement(
      CfgNode node, PathState path, List<ResourceOp> ops, Consumer<PathState> out) {
    Optional<FlagAssignment> assignment = flagAssignment(node.ast(), ops);
    PathState current = path;
    for (ResourceOp op : ops) {
      if (op.kind() == ResourceOp.Kind.TRY_ACQUIRE
          && assignment.isPresent()
          && assignment.get().value() == op.call()) {
        // ok = sem.tryAcquire(): one path where it worked, one where it did not
        Holding before = current.holding(op.resource());
        Variable flag = assignment.get().flag();
        out.accept(current.with(op.resource(), tried(before, op, true)).withFlag(flag, true));
        out.accept(current.with(op.resource(), tried(before, op, false)).withFlag(flag, false));
        return;
      }
      current = Transitions.apply(current, op, event -> {});
    }
    if (assignment.isPresent()) {
      Expression value = FileContext.unwrap(assignment.get().value());
      Boolean constant = value instanceof BooleanLiteralExpr literal ? literal.getValue() : null;
      current = current.withFlag(assignment.get().flag(), constant);
    }
    out.accept(current);
  }

  private static Holding tried(Holding before, ResourceOp op, boolean succeeded) {
    if (before instanceof Holding.Untracked) {
      return before;
    }
    if (!succeeded) {
      return before instanceof Holding.Held ? before : new Holding.Failed(op.id(), true);
    }
    return Transitions.acquire(before, op);
  }

  /** A boolean local tested directly: {@code if (acquired)}. */
  private Optional<Variable> flagOf(Expression test) {
    if (test instanceof NameExpr || isThisField(test)) {
      return file.variableOf(test).filter(ProtocolAnalysis::canBeFlag);
    }
    return Optional.empty();
  }

  /**
   * A boolean that can record whether a permit is held: a local, or an instance field of this
   * object ({@code releaseRequired}, {@code this.acquired}); within one body the analysis follows
   * what this body assigns to it.
   */
  private static boolean canBeFlag(Variable variable) {
    return variable.kind() == Variable.Kind.LOCAL
        || (variable.kind() == Variable.Kind.FIELD && !variable.isStatic());
  }

  private static boolean isThisField(Expression expression) {
    return expression instanceof com.github.javaparser.ast.expr.FieldAccessExpr access
        && access.getScope() instanceof com.github.javaparser.ast.expr.ThisExpr;
  }

  /** {@code flag = value} or {@code boolean flag = value} to a local or a field of this. */
  record FlagAssignment(Variable flag, Expression value) {}

  private Optional<FlagAssignment> flagAssignment(Node ast, List<ResourceOp> ops) {
    if (!(ast instanceof ExpressionStmt statement)) {
      return Optional.empty();
    }
    Expression expression = statement.getExpression();
    if (expression instanceof AssignExpr assign
        && assign.getOperator() == AssignExpr.Operator.ASSIGN
        && (assign.getTarget() instanceof NameExpr || isThisField(assign.getTarget()))) {
      return file.variableOf(assign.getTarget())
          .filter(v -> canBeFlag(v) && isBooleanValued(assign.getValue(), ops))
          .map(v -> new FlagAssignment(v, assign.getValue()));
    }
    if (expression instanceof VariableDeclarationExpr declaration
        && declaration.getVariables().size() == 1) {
      VariableDeclarator declarator = declaration.getVariable(0);
      if (declarator.getInitializer().isPresent()
          && isBooleanValued(declarator.getInitializer().get(), ops)) {
        Variable flag =
            new Variable(
                declarator.getNameAsString(),
                Variable.Kind.LOCAL,
                declarator,
                dev.threadlint.facts.TypeRef.UNKNOWN,
                declaration.isFinal(),
                false,
                false);
        return Optional.of(new FlagAssignment(flag, declarator.getInitializer().get()));
      }
    }
    return Optional.empty();
  }

  private static boolean isBooleanValued(Expression value, List<ResourceOp> ops) {
    Expression bare = FileContext.unwrap(value);
    return bare instanceof BooleanLiteralExpr
        || (bare instanceof MethodCallExpr call
            && (call.getNameAsString().equals("tryAcquire")
                || call.getNameAsString().equals("tryLock")
                || ops.stream()
                    .anyMatch(
                        op -> op.call() == call && op.kind() == ResourceOp.Kind.TRY_ACQUIRE)));
  }
}
