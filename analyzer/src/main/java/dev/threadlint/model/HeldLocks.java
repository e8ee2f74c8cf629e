package dev.threadlint.model;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.flow.Bodies;
import dev.threadlint.flow.CfgNode;
import dev.threadlint.models.IntentAnnotations;
import dev.threadlint.models.LockVocabulary;
import dev.threadlint.protocol.BodyProtocol;
import dev.threadlint.protocol.FileProtocol;
import dev.threadlint.protocol.Holding;
import dev.threadlint.protocol.Resource;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one "locks held here" query: enclosing {@code synchronized} blocks and methods, {@code Lock}
 * regions, read and write views, {@code StampedLock} write locks and one-permit semaphores held on
 * every path to the node (from the protocol analysis), plus what the body assumes its callers hold
 * ({@link #assumedHeld}). Callers' locks are added over the call graph by {@link ConcurrencyModel}.
 * A lambda or anonymous class starts with nothing held: it runs later.
 */
public final class HeldLocks {
  private HeldLocks() {}

  /** The locks held at a node, inside its own body. */
  public static Set<LockId> at(FileContext file, Node node) {
    Set<LockId> held = new LinkedHashSet<>();
    Node body = Dominance.bodyOf(node);
    Node current = node.getParentNode().orElse(null);
    Node child = node;
    while (current != null && current != body) {
      if (current instanceof SynchronizedStmt sync && sync.getBody() == child) {
        LockNames.monitor(file, sync.getExpression()).ifPresent(held::add);
      }
      if (current instanceof TryStmt guarded && guarded.getTryBlock() == child) {
        lockedRegion(file, guarded).ifPresent(held::add);
      }
      if (current instanceof BlockStmt block && child instanceof Statement statement) {
        held.addAll(lockedBeforeRegion(file, block, statement));
      }
      child = current;
      current = current.getParentNode().orElse(null);
    }
    if (body instanceof MethodDeclaration method && method.isSynchronized()) {
      String owner = LockNames.ownerOf(method);
      held.add(method.isStatic() ? LockId.classMonitor(owner) : LockId.thisMonitor(owner));
    }
    if (body != null) {
      regionLocks(file, node, body, held);
    }
    return held;
  }

  /**
   * True when some monitor is held at the node inside its own body, whichever object it is: an
   * enclosing {@code synchronized} block (named or not) or a synchronized method. For rules that
   * need any monitor held, not a particular one (a notify, a block that pins a virtual thread).
   */
  public static boolean anyMonitorHeld(Node node) {
    Node body = Dominance.bodyOf(node);
    Node current = node.getParentNode().orElse(null);
    Node child = node;
    while (current != null && current != body) {
      if (current instanceof SynchronizedStmt sync && sync.getBody() == child) {
        return true;
      }
      child = current;
      current = current.getParentNode().orElse(null);
    }
    return body instanceof MethodDeclaration method && method.isSynchronized();
  }

  /**
   * True when an enclosing {@code synchronized} block of the node's body locks an object that has
   * no {@link LockId} ({@code synchronized (next())}): it may be any object, so rules that need a
   * particular monitor held must not say it is not.
   */
  public static boolean unnamedMonitorHeld(FileContext file, Node node) {
    Node body = Dominance.bodyOf(node);
    Node current = node.getParentNode().orElse(null);
    Node child = node;
    while (current != null && current != body) {
      if (current instanceof SynchronizedStmt sync
          && sync.getBody() == child
          && LockNames.monitor(file, sync.getExpression()).isEmpty()) {
        return true;
      }
      child = current;
      current = current.getParentNode().orElse(null);
    }
    return false;
  }

  /**
   * The locks a body assumes its callers hold: {@code @GuardedBy("x")} on the method, {@code assert
   * Thread.holdsLock(x)} and {@code assert lock.isHeldByCurrentThread()} among its statements.
   */
  public static Set<LockId> assumedHeld(FileContext file, Node body) {
    if (!(body instanceof CallableDeclaration<?> callable)) {
      return Set.of();
    }
    // asked for the body of every node a rule queries: read once per body
    Map<Node, Set<LockId>> byBody =
        file.memo(AssumedHeld.class, () -> new IdentityHashMap<Node, Set<LockId>>());
    Set<LockId> known = byBody.get(body);
    if (known == null) {
      known = java.util.Collections.unmodifiableSet(assumedHeldIn(file, callable));
      byBody.put(body, known);
    }
    return known;
  }

  /** The memo key of {@link #assumedHeld}. */
  private enum AssumedHeld {}

  private static Set<LockId> assumedHeldIn(FileContext file, CallableDeclaration<?> callable) {
    Node body = callable;
    Set<LockId> held = new LinkedHashSet<>();
    callable.getAnnotations().stream()
        .filter(a -> IntentAnnotations.GUARDED_BY.contains(a.getName().getIdentifier()))
        .forEach(
            a ->
                a.findAll(StringLiteralExpr.class)
                    .forEach(s -> guardName(file, callable, s.getValue()).ifPresent(held::add)));
    for (AssertStmt assertion : Bodies.findAllInSameBody(file, body, AssertStmt.class)) {
      if (FileContext.unwrap(assertion.getCheck()) instanceof MethodCallExpr call) {
        if (call.getNameAsString().equals("holdsLock") && call.getArguments().size() == 1) {
          LockNames.monitor(file, call.getArgument(0)).ifPresent(held::add);
        } else if (call.getNameAsString().equals("isHeldByCurrentThread")
            && call.getScope().isPresent()) {
          LockNames.lockObject(file, call.getScope().get()).ifPresent(held::add);
        }
      }
    }
    return held;
  }

  /**
   * The lock a {@code @GuardedBy} value names, read in the context of a member of the class: {@code
   * this}, {@code Foo.class}, {@code lock}, {@code this.lock}, {@code Foo.this}.
   */
  public static Optional<LockId> guardName(FileContext file, Node member, String value) {
    String guard = value.strip();
    if (guard.isEmpty() || guard.contains("(")) {
      return Optional.empty();
    }
    com.github.javaparser.ast.expr.Expression expression;
    try {
      expression = com.github.javaparser.StaticJavaParser.parseExpression(guard);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (expression instanceof com.github.javaparser.ast.expr.ThisExpr) {
      return Optional.of(LockId.thisMonitor(LockNames.ownerOf(member)));
    }
    if (expression instanceof com.github.javaparser.ast.expr.ClassExpr literal) {
      String written = literal.getType().asString();
      String simple = written.substring(written.lastIndexOf('.') + 1);
      return Optional.of(LockId.classMonitor(file.types().declaredType(simple).orElse(written)));
    }
    String name = guard.startsWith("this.") ? guard.substring(5) : guard;
    if (!name.chars().allMatch(Character::isJavaIdentifierPart)) {
      return Optional.empty();
    }
    return file.scopes()
        .lookupField(name, member)
        .flatMap(v -> LockNames.ofVariable(file, v, true));
  }

  /**
   * {@code x.lock(); try { ... } finally { x.unlock(); }}, for lock expressions the protocol does
   * not track as variables ({@code getLock().lock()}, {@code rw.readLock().lock()}): the statement
   * before the try takes a lock that its finally block releases.
   */
  private static Optional<LockId> lockedRegion(FileContext file, TryStmt guarded) {
    if (guarded.getFinallyBlock().isEmpty()
        || !(guarded.getParentNode().orElse(null) instanceof BlockStmt block)) {
      return Optional.empty();
    }
    int index = block.getStatements().indexOf(guarded);
    if (index <= 0
        || !(block.getStatement(index - 1) instanceof ExpressionStmt statement)
        || !(statement.getExpression() instanceof MethodCallExpr call)
        || !LockVocabulary.LOCK_ACQUIRES.contains(call.getNameAsString())
        || !call.getArguments().isEmpty()
        || call.getScope().isEmpty()) {
      return Optional.empty();
    }
    Optional<LockId> lock = LockNames.lockObject(file, call.getScope().get());
    if (lock.isEmpty()) {
      return Optional.empty();
    }
    boolean released =
        guarded.getFinallyBlock().get().findAll(MethodCallExpr.class).stream()
            .anyMatch(
                c ->
                    c.getNameAsString().equals("unlock")
                        && c.getScope().isPresent()
                        && LockNames.lockObject(file, c.getScope().get()).equals(lock));
    return released ? lock : Optional.empty();
  }

  /**
   * {@code a.lock(); b.lock(); try { ... } finally { b.unlock(); a.unlock(); }}: between a {@code
   * lock()} statement and the try whose finally releases it, the lock is held, also at the second
   * {@code lock()} (for lock expressions the protocol does not track as variables, such as {@code
   * other.lock}).
   */
  private static Set<LockId> lockedBeforeRegion(
      FileContext file, BlockStmt block, Statement statement) {
    List<Integer> locks = lockStatements(file, block);
    if (locks.isEmpty() || statement instanceof TryStmt) {
      return Set.of(); // inside a try, lockedRegion judges the statement right before it
    }
    List<Statement> statements = block.getStatements();
    int at = -1;
    for (int i = 0; i < statements.size() && at < 0; i++) {
      if (statements.get(i) == statement) {
        at = i; // by identity: equal statements may repeat
      }
    }
    if (at <= 0) {
      return Set.of();
    }
    Set<LockId> held = new LinkedHashSet<>();
    for (int i : locks) {
      if (i >= at) {
        break;
      }
      Optional<LockId> lock = lockStatement(file, statements.get(i));
      if (lock.isEmpty() || unlockedIn(file, statements.subList(i + 1, at + 1), lock.get())) {
        continue;
      }
      for (int j = at + 1; j < statements.size(); j++) {
        if (statements.get(j) instanceof TryStmt region
            && region.getFinallyBlock().isPresent()
            && unlockedIn(file, region.getFinallyBlock().get().getStatements(), lock.get())) {
          held.add(lock.get());
          break;
        }
      }
    }
    return held;
  }

  /**
   * The positions of a block's {@code x.lock();} statements, found once per block: most blocks have
   * none, and every query of a node below the block asks.
   */
  private static List<Integer> lockStatements(FileContext file, BlockStmt block) {
    Map<BlockStmt, List<Integer>> byBlock =
        file.memo(LockStatements.class, () -> new IdentityHashMap<BlockStmt, List<Integer>>());
    return byBlock.computeIfAbsent(
        block,
        b -> {
          List<Integer> positions = new java.util.ArrayList<>();
          for (int i = 0; i < b.getStatements().size(); i++) {
            if (b.getStatement(i) instanceof ExpressionStmt expression
                && expression.getExpression() instanceof MethodCallExpr call
                && LockVocabulary.LOCK_ACQUIRES.contains(call.getNameAsString())) {
              positions.add(i);
            }
          }
          return positions.isEmpty() ? List.of() : positions;
        });
  }

  /** The memo key of {@link #lockStatements}. */
  private enum LockStatements {}

  /** The lock a statement {@code x.lock();} or {@code x.lockInterruptibly();} takes. */
  private static Optional<LockId> lockStatement(FileContext file, Statement statement) {
    if (!(statement instanceof ExpressionStmt expression)
        || !(expression.getExpression() instanceof MethodCallExpr call)
        || !LockVocabulary.LOCK_ACQUIRES.contains(call.getNameAsString())
        || !call.getArguments().isEmpty()
        || call.getScope().isEmpty()) {
      return Optional.empty();
    }
    return LockNames.lockObject(file, call.getScope().get());
  }

  private static boolean unlockedIn(FileContext file, List<Statement> statements, LockId lock) {
    for (Statement statement : statements) {
      for (MethodCallExpr c : statement.findAll(MethodCallExpr.class)) {
        if (c.getNameAsString().equals("unlock")
            && c.getScope().isPresent()
            && LockNames.lockObject(file, c.getScope().get()).filter(lock::equals).isPresent()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Where a lock held at the node (one {@link #at} returns) was taken: the enclosing {@code
   * synchronized} block or method, or the last {@code lock()} of it before the node in its body.
   */
  public static Optional<Node> takenAt(FileContext file, Node node, LockId lock) {
    Node body = Dominance.bodyOf(node);
    for (Node current = node.getParentNode().orElse(null);
        current != null && current != body;
        current = current.getParentNode().orElse(null)) {
      if (current instanceof SynchronizedStmt sync
          && LockNames.monitor(file, sync.getExpression()).filter(lock::equals).isPresent()) {
        return Optional.of(sync);
      }
    }
    if (body instanceof MethodDeclaration method
        && method.isSynchronized()
        && (lock.kind() == LockId.Kind.THIS || lock.kind() == LockId.Kind.CLASS)) {
      return Optional.of(method);
    }
    Node taken = null;
    if (body != null) {
      for (MethodCallExpr call : Bodies.findAllInSameBody(body, MethodCallExpr.class)) {
        if (LockVocabulary.LOCK_ACQUIRES.contains(call.getNameAsString())
            && call.getScope().isPresent()
            && call.getBegin().isPresent()
            && node.getBegin().isPresent()
            && call.getBegin().get().isBefore(node.getBegin().get())
            && LockNames.lockObject(file, call.getScope().get())
                .filter(l -> l.base().equals(lock.base()))
                .isPresent()) {
          taken = call;
        }
      }
    }
    return Optional.ofNullable(taken);
  }

  private static void regionLocks(FileContext file, Node node, Node body, Set<LockId> held) {
    Map<Node, BodyProtocol> byOwner =
        file.memo(
            HeldLocks.class,
            () -> {
              Map<Node, BodyProtocol> map = new IdentityHashMap<>();
              FileProtocol.of(file).forEach(b -> map.put(b.owner(), b));
              return map;
            });
    BodyProtocol protocol = byOwner.get(body);
    if (protocol == null || !protocol.isSolved()) {
      return;
    }
    List<CfgNode> nodes = List.of();
    Node current = node;
    while (current != null && current != body && nodes.isEmpty()) {
      nodes = protocol.graph().nodesOf(current);
      current = current.getParentNode().orElse(null);
    }
    if (nodes.isEmpty()) {
      return;
    }
    for (Resource resource : protocol.resources()) {
      if (resource.type() == Resource.Type.SEMAPHORE
          && !LockNames.isBinarySemaphore(resource.variable())) {
        continue;
      }
      boolean allHeld = false;
      for (CfgNode cfgNode : nodes) {
        Optional<Set<Holding>> holdings = protocol.holdingsAt(cfgNode, resource);
        if (holdings.isEmpty()) {
          continue;
        }
        allHeld = holdings.get().stream().allMatch(Holding::isHeld);
        if (!allHeld) {
          break;
        }
      }
      if (allHeld) {
        LockNames.ofVariable(file, resource.variable(), false)
            .map(
                lock ->
                    switch (resource.view()) {
                      case "read" -> lock.withView(LockId.View.READ);
                      case "write" -> lock.withView(LockId.View.WRITE);
                      default -> lock;
                    })
            .ifPresent(held::add);
      }
    }
  }
}
