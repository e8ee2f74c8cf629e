package dev.threadlint.flow;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

/**
 * Builds a {@link ControlFlowGraph} backwards: each statement is built knowing the node that
 * follows it, and returns its own entry. {@code finally} blocks (and the implicit ones: monitor
 * exit of {@code synchronized}, resource close of try-with-resources) are copied onto every way out
 * of their try — normal completion, each {@code return}, {@code break} and {@code continue} that
 * leaves it, and exceptions — so that a dataflow over the graph sees each exit with exactly the
 * code that runs on it.
 *
 * <p>Exceptional edges: a node that calls a method or constructor (outside nested lambdas and
 * classes), and every {@code throw}, has an {@link EdgeKind#EXCEPTION} edge to the innermost
 * handler: the catch dispatch of the enclosing try, its finally, or the exceptional exit. Which
 * calls can throw is the {@link ThrowModel}'s answer; implicit runtime exceptions of field access
 * and arithmetic are not modelled.
 */
final class CfgBuilder {
  static final int ENTRY = 0;
  static final int EXIT = 1;
  static final int EXCEPTIONAL_EXIT = 2;

  /**
   * Finally blocks are copied per exit, which multiplies with nesting; generated code can make that
   * explode, so a body past this size gets no graph (and its rules stay silent).
   */
  static final int MAX_NODES = 50_000;

  private final ThrowModel throwModel;
  private final List<CfgNode> nodes = new ArrayList<>();
  private final List<List<CfgEdge>> successors = new ArrayList<>();

  /** A way out that a jump statement may take, innermost first in {@link Context#frames}. */
  private sealed interface Frame permits LoopFrame, BreakFrame, FinallyFrame {}

  private record LoopFrame(List<String> labels, int breakTarget, int continueTarget)
      implements Frame {}

  /** A labelled statement or a switch: a break target without continue. */
  private record BreakFrame(String label, int breakTarget) implements Frame {}

  /** Code every jump out of a try must run first; builds a fresh copy before a successor. */
  private record FinallyFrame(IntUnaryOperator copyBefore) implements Frame {}

  /** Where jumps and exceptions go from the statement being built. */
  private record Context(List<Frame> frames, int exceptionTarget) {
    Context with(Frame frame) {
      List<Frame> inner = new ArrayList<>(frames.size() + 1);
      inner.add(frame);
      inner.addAll(frames);
      return new Context(List.copyOf(inner), exceptionTarget);
    }

    Context throwingTo(int target) {
      return new Context(frames, target);
    }
  }

  CfgBuilder(ThrowModel throwModel) {
    this.throwModel = throwModel;
  }

  ControlFlowGraph build(Node owner) {
    add(CfgNode.Kind.ENTRY, null);
    add(CfgNode.Kind.EXIT, null);
    add(CfgNode.Kind.EXCEPTIONAL_EXIT, null);
    Context context = new Context(List.of(), EXCEPTIONAL_EXIT);
    int first = buildBody(owner, context);
    edge(ENTRY, first, EdgeKind.NORMAL);
    return new ControlFlowGraph(owner, nodes, successors, throwModel);
  }

  private int buildBody(Node owner, Context context) {
    if (owner instanceof MethodDeclaration method) {
      return method.getBody().map(b -> statement(b, EXIT, context)).orElse(EXIT);
    }
    if (owner instanceof ConstructorDeclaration constructor) {
      return statement(constructor.getBody(), EXIT, context);
    }
    if (owner instanceof InitializerDeclaration initializer) {
      return statement(initializer.getBody(), EXIT, context);
    }
    if (owner instanceof LambdaExpr lambda) {
      return statement(lambda.getBody(), EXIT, context);
    }
    if (owner instanceof Statement statement) {
      return statement(statement, EXIT, context);
    }
    throw new IllegalArgumentException("not a body: " + owner.getClass().getSimpleName());
  }

  // ---- statements -------------------------------------------------------------------------

  private int statements(List<Statement> list, int next, Context context) {
    int current = next;
    for (int i = list.size() - 1; i >= 0; i--) {
      current = statement(list.get(i), current, context);
    }
    return current;
  }

  private int statement(Statement s, int next, Context context) {
    if (s instanceof BlockStmt block) {
      return statements(block.getStatements(), next, context);
    }
    if (s instanceof ExpressionStmt
        || s instanceof AssertStmt
        || s instanceof ExplicitConstructorInvocationStmt) {
      return simple(s, next, context);
    }
    if (s instanceof EmptyStmt
        || s instanceof LocalClassDeclarationStmt
        || s instanceof LocalRecordDeclarationStmt) {
      return next;
    }
    if (s instanceof IfStmt ifStmt) {
      int elseEntry = ifStmt.getElseStmt().map(e -> statement(e, next, context)).orElse(next);
      int thenEntry = statement(ifStmt.getThenStmt(), next, context);
      return condition(ifStmt.getCondition(), thenEntry, elseEntry, context);
    }
    if (s instanceof WhileStmt loop) {
      return whileLoop(loop, List.of(), next, context);
    }
    if (s instanceof DoStmt loop) {
      return doLoop(loop, List.of(), next, context);
    }
    if (s instanceof ForStmt loop) {
      return forLoop(loop, List.of(), next, context);
    }
    if (s instanceof ForEachStmt loop) {
      return forEachLoop(loop, List.of(), next, context);
    }
    if (s instanceof LabeledStmt labeled) {
      return labeled(labeled, new ArrayList<>(), next, context);
    }
    if (s instanceof SwitchStmt switchStmt) {
      return switchStatement(switchStmt, next, context);
    }
    if (s instanceof BreakStmt breakStmt) {
      return jump(
          breakTarget(breakStmt.getLabel().map(l -> l.getIdentifier()), context), context, s);
    }
    if (s instanceof ContinueStmt continueStmt) {
      return jump(
          continueTarget(continueStmt.getLabel().map(l -> l.getIdentifier()), context), context, s);
    }
    if (s instanceof ReturnStmt) {
      int node = add(CfgNode.Kind.STATEMENT, s);
      int target = throughFinally(EXIT, context.frames().size(), context);
      edge(node, target, EdgeKind.NORMAL);
      exceptionEdgeIfThrows(node, s, context);
      return node;
    }
    if (s instanceof ThrowStmt) {
      int node = add(CfgNode.Kind.STATEMENT, s);
      edge(node, context.exceptionTarget(), EdgeKind.EXCEPTION);
      return node;
    }
    if (s instanceof TryStmt tryStmt) {
      return tryStatement(tryStmt, next, context);
    }
    if (s instanceof SynchronizedStmt sync) {
      return synchronizedBlock(sync, next, context);
    }
    // Anything else (yield outside a decomposed switch, unparsable statements): one node.
    return simple(s, next, context);
  }

  private int simple(Node s, int next, Context context) {
    int node = add(CfgNode.Kind.STATEMENT, s);
    edge(node, next, EdgeKind.NORMAL);
    exceptionEdgeIfThrows(node, s, context);
    return node;
  }

  /** Splits {@code &&}, {@code ||}, {@code !} and parentheses into leaf conditions. */
  private int condition(Expression expression, int ifTrue, int ifFalse, Context context) {
    if (expression instanceof EnclosedExpr enclosed) {
      return condition(enclosed.getInner(), ifTrue, ifFalse, context);
    }
    if (expression instanceof BooleanLiteralExpr literal) {
      // while (true) has no way out but break, return and throw
      return literal.getValue() ? ifTrue : ifFalse;
    }
    if (expression instanceof UnaryExpr unary
        && unary.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
      return condition(unary.getExpression(), ifFalse, ifTrue, context);
    }
    if (expression instanceof BinaryExpr binary
        && binary.getOperator() == BinaryExpr.Operator.AND) {
      int right = condition(binary.getRight(), ifTrue, ifFalse, context);
      return condition(binary.getLeft(), right, ifFalse, context);
    }
    if (expression instanceof BinaryExpr binary && binary.getOperator() == BinaryExpr.Operator.OR) {
      int right = condition(binary.getRight(), ifTrue, ifFalse, context);
      return condition(binary.getLeft(), ifTrue, right, context);
    }
    int node = add(CfgNode.Kind.CONDITION, expression);
    edge(node, ifTrue, EdgeKind.TRUE);
    edge(node, ifFalse, EdgeKind.FALSE);
    exceptionEdgeIfThrows(node, expression, context);
    return node;
  }

  // ---- loops and labels -------------------------------------------------------------------

  private int whileLoop(WhileStmt loop, List<String> labels, int next, Context context) {
    int head = add(CfgNode.Kind.JOIN, loop);
    int body = statement(loop.getBody(), head, context.with(new LoopFrame(labels, next, head)));
    edge(head, condition(loop.getCondition(), body, next, context), EdgeKind.NORMAL);
    return head;
  }

  private int doLoop(DoStmt loop, List<String> labels, int next, Context context) {
    int check = add(CfgNode.Kind.JOIN, loop);
    int body = statement(loop.getBody(), check, context.with(new LoopFrame(labels, next, check)));
    edge(check, condition(loop.getCondition(), body, next, context), EdgeKind.NORMAL);
    return body;
  }

  private int forLoop(ForStmt loop, List<String> labels, int next, Context context) {
    int head = add(CfgNode.Kind.JOIN, loop);
    int update = expressions(loop.getUpdate(), head, context);
    int body = statement(loop.getBody(), update, context.with(new LoopFrame(labels, next, update)));
    int test = loop.getCompare().map(c -> condition(c, body, next, context)).orElse(body);
    edge(head, test, EdgeKind.NORMAL);
    return expressions(loop.getInitialization(), head, context);
  }

  private int forEachLoop(ForEachStmt loop, List<String> labels, int next, Context context) {
    int step = add(CfgNode.Kind.FOREACH_NEXT, loop);
    int body = statement(loop.getBody(), step, context.with(new LoopFrame(labels, next, step)));
    edge(step, body, EdgeKind.TRUE);
    edge(step, next, EdgeKind.FALSE);
    exceptionEdgeIfThrows(step, loop.getIterable(), context);
    return simple(loop.getIterable(), step, context);
  }

  private int expressions(NodeList<Expression> list, int next, Context context) {
    int current = next;
    for (int i = list.size() - 1; i >= 0; i--) {
      current = simple(list.get(i), current, context);
    }
    return current;
  }

  private int labeled(LabeledStmt labeled, List<String> labels, int next, Context context) {
    labels.add(labeled.getLabel().getIdentifier());
    Statement inner = labeled.getStatement();
    if (inner instanceof LabeledStmt nested) {
      return labeled(nested, labels, next, context);
    }
    List<String> names = List.copyOf(labels);
    if (inner instanceof WhileStmt loop) {
      return whileLoop(loop, names, next, context);
    }
    if (inner instanceof DoStmt loop) {
      return doLoop(loop, names, next, context);
    }
    if (inner instanceof ForStmt loop) {
      return forLoop(loop, names, next, context);
    }
    if (inner instanceof ForEachStmt loop) {
      return forEachLoop(loop, names, next, context);
    }
    Context labeledContext = context;
    for (String name : names) {
      labeledContext = labeledContext.with(new BreakFrame(name, next));
    }
    return statement(inner, next, labeledContext);
  }

  private int switchStatement(SwitchStmt switchStmt, int next, Context context) {
    int selector = add(CfgNode.Kind.SWITCH, switchStmt.getSelector());
    Context inner = context.with(new BreakFrame(null, next));
    NodeList<SwitchEntry> entries = switchStmt.getEntries();
    int[] starts = new int[entries.size()];
    boolean hasDefault = false;
    for (int i = entries.size() - 1; i >= 0; i--) {
      SwitchEntry entry = entries.get(i);
      boolean arrow = entry.getType() != SwitchEntry.Type.STATEMENT_GROUP;
      int after = arrow || i == entries.size() - 1 ? next : starts[i + 1];
      starts[i] = statements(entry.getStatements(), after, inner);
      hasDefault |= entry.isDefault() || entry.getLabels().isEmpty();
    }
    for (int start : starts) {
      edge(selector, start, EdgeKind.NORMAL);
    }
    if (!hasDefault) {
      edge(selector, next, EdgeKind.NORMAL);
    }
    exceptionEdgeIfThrows(selector, switchStmt.getSelector(), context);
    return selector;
  }

  // ---- jumps ------------------------------------------------------------------------------

  /** The frame index a break leaves to, and its target. */
  private record JumpTarget(int frameIndex, int target) {}

  private Optional<JumpTarget> breakTarget(Optional<String> label, Context context) {
    List<Frame> frames = context.frames();
    for (int i = 0; i < frames.size(); i++) {
      Frame frame = frames.get(i);
      if (frame instanceof LoopFrame loop
          && (label.isEmpty() || loop.labels().contains(label.get()))) {
        return Optional.of(new JumpTarget(i, loop.breakTarget()));
      }
      if (frame instanceof BreakFrame breakFrame
          && (label.isEmpty()
              ? breakFrame.label() == null
              : label.get().equals(breakFrame.label()))) {
        return Optional.of(new JumpTarget(i, breakFrame.breakTarget()));
      }
    }
    return Optional.empty();
  }

  private Optional<JumpTarget> continueTarget(Optional<String> label, Context context) {
    List<Frame> frames = context.frames();
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i) instanceof LoopFrame loop
          && (label.isEmpty() || loop.labels().contains(label.get()))) {
        return Optional.of(new JumpTarget(i, loop.continueTarget()));
      }
    }
    return Optional.empty();
  }

  private int jump(Optional<JumpTarget> target, Context context, Statement s) {
    int node = add(CfgNode.Kind.STATEMENT, s);
    // A jump with no target cannot compile; treat it as leaving the body.
    int destination =
        target.map(t -> throughFinally(t.target(), t.frameIndex(), context)).orElse(EXIT);
    edge(node, destination, EdgeKind.NORMAL);
    return node;
  }

  /**
   * The entry of the path from a jump to {@code target}: copies of every finally block between the
   * jump and the frame it leaves to (frames {@code 0..frameIndex-1}), innermost first.
   */
  private int throughFinally(int target, int frameIndex, Context context) {
    int current = target;
    List<Frame> frames = context.frames();
    for (int i = Math.min(frameIndex, frames.size()) - 1; i >= 0; i--) {
      if (frames.get(i) instanceof FinallyFrame finallyFrame) {
        current = finallyFrame.copyBefore().applyAsInt(current);
      }
    }
    return current;
  }

  // ---- try, synchronized ------------------------------------------------------------------

  private int tryStatement(TryStmt tryStmt, int next, Context context) {
    Optional<BlockStmt> finallyBlock = tryStmt.getFinallyBlock();
    IntUnaryOperator finallyCopy =
        successor -> finallyBlock.map(b -> statement(b, successor, context)).orElse(successor);
    int afterTry = finallyCopy.applyAsInt(next);
    int propagate = finallyCopy.applyAsInt(context.exceptionTarget());
    Context handlers =
        finallyBlock.isPresent()
            ? context.with(new FinallyFrame(finallyCopy)).throwingTo(propagate)
            : context.throwingTo(propagate);

    int tryTarget = propagate;
    if (!tryStmt.getCatchClauses().isEmpty()) {
      int dispatch = add(CfgNode.Kind.CATCH_DISPATCH, tryStmt);
      boolean catchesAll = false;
      for (CatchClause clause : tryStmt.getCatchClauses()) {
        int catchNode = add(CfgNode.Kind.CATCH, clause);
        edge(catchNode, statement(clause.getBody(), afterTry, handlers), EdgeKind.NORMAL);
        edge(dispatch, catchNode, EdgeKind.NORMAL);
        catchesAll |= catchesEverything(clause.getParameter().getType());
      }
      if (!catchesAll) {
        edge(dispatch, propagate, EdgeKind.NORMAL);
      }
      tryTarget = dispatch;
    }
    Context body =
        (finallyBlock.isPresent() ? context.with(new FinallyFrame(finallyCopy)) : context)
            .throwingTo(tryTarget);
    return resources(tryStmt.getResources(), 0, tryStmt.getTryBlock(), afterTry, body);
  }

  /**
   * Resource {@code index} is initialised, then the rest runs inside an implicit finally that
   * closes it: {@code try (a; b) B} is {@code a; try { b; try { B } finally close(b) } finally
   * close(a)}.
   */
  private int resources(
      NodeList<Expression> resources, int index, BlockStmt block, int next, Context context) {
    if (index == resources.size()) {
      return statement(block, next, context);
    }
    Expression resource = resources.get(index);
    IntUnaryOperator close =
        successor -> {
          int node = add(CfgNode.Kind.RESOURCE_CLOSE, resource);
          edge(node, successor, EdgeKind.NORMAL);
          return node;
        };
    int afterClose = close.applyAsInt(next);
    int closeThenThrow = close.applyAsInt(context.exceptionTarget());
    Context inner = context.with(new FinallyFrame(close)).throwingTo(closeThenThrow);
    int rest = resources(resources, index + 1, block, afterClose, inner);
    return simple(resource, rest, context);
  }

  private int synchronizedBlock(SynchronizedStmt sync, int next, Context context) {
    IntUnaryOperator release =
        successor -> {
          int node = add(CfgNode.Kind.MONITOR_EXIT, sync);
          edge(node, successor, EdgeKind.NORMAL);
          return node;
        };
    int afterBody = release.applyAsInt(next);
    int releaseThenThrow = release.applyAsInt(context.exceptionTarget());
    Context inner = context.with(new FinallyFrame(release)).throwingTo(releaseThenThrow);
    int body = statement(sync.getBody(), afterBody, inner);
    int enter = add(CfgNode.Kind.MONITOR_ENTER, sync);
    edge(enter, body, EdgeKind.NORMAL);
    exceptionEdgeIfThrows(enter, sync.getExpression(), context);
    return enter;
  }

  private static boolean catchesEverything(Type type) {
    String name = type.asString();
    return name.equals("Throwable")
        || name.equals("java.lang.Throwable")
        || name.equals("Exception")
        || name.equals("java.lang.Exception");
  }

  // ---- nodes and edges --------------------------------------------------------------------

  private int add(CfgNode.Kind kind, Node ast) {
    int id = nodes.size();
    if (id >= MAX_NODES) {
      throw new GraphTooLargeException(MAX_NODES);
    }
    nodes.add(new CfgNode(id, kind, ast));
    successors.add(new ArrayList<>());
    return id;
  }

  private void edge(int from, int to, EdgeKind kind) {
    successors.get(from).add(new CfgEdge(nodes.get(from), nodes.get(to), kind));
  }

  private void exceptionEdgeIfThrows(int node, Node ast, Context context) {
    if (throwModel.mayThrow(ast)) {
      edge(node, context.exceptionTarget(), EdgeKind.EXCEPTION);
    }
  }

  static boolean isBodyOwner(Node node) {
    return node instanceof CallableDeclaration<?>
        || node instanceof LambdaExpr
        || node instanceof InitializerDeclaration;
  }
}
