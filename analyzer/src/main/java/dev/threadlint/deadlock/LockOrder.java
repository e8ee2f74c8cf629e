package dev.threadlint.deadlock;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.models.JdkTypes;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The order in which one file takes its locks: an edge A → B wherever B is taken while A is held,
 * by nesting ({@code synchronized} blocks, {@code lock(); try {…} finally {unlock();}}) or by
 * calling a method of the same class that takes B.
 *
 * <p>Only locks whose identity is certain take part: {@code this} and {@code Outer.this} of a named
 * class, class literals, and final fields holding a monitor object or a {@code Lock}. Locks in
 * locals and parameters, non-final fields, and read/write views are left out. Bodies that run
 * elsewhere (lambdas, anonymous and local classes) start with nothing held.
 */
public final class LockOrder {
  /**
   * One ordered acquisition.
   *
   * @param outer the lock held
   * @param inner the lock taken while it is held
   * @param site where the inner lock is taken (or the call that takes it)
   * @param held every lock held at the site
   */
  public record Edge(String outer, String inner, Node site, Set<String> held) {}

  /**
   * A call on another object made while locks are held; which locks it takes is known only once
   * every file is in.
   *
   * @param held the locks held at the call
   * @param call the call, whose receiver is not {@code this}
   */
  public record CallUnderLock(List<String> held, MethodCallExpr call) {}

  private final FileContext file;
  private final List<Edge> edges = new ArrayList<>();
  private final List<CallUnderLock> calls = new ArrayList<>();
  private final Map<MethodDeclaration, Set<String>> taken = new IdentityHashMap<>();

  private LockOrder(FileContext file) {
    this.file = file;
  }

  /**
   * The file's lock order, computed once and shared by the file-local rule and the fact extractor
   * (both run on the worker that owns the file).
   */
  public static LockOrder of(FileContext file) {
    return file.memo(LockOrder.class, () -> new LockOrder(file).compute());
  }

  private LockOrder compute() {
    for (CallableDeclaration<?> callable : file.unit().findAll(CallableDeclaration.class)) {
      if (runsElsewhere(callable)) {
        continue;
      }
      List<String> held = new ArrayList<>(entryLock(callable));
      callable.getChildNodes().stream()
          .filter(BlockStmt.class::isInstance)
          .forEach(body -> walk(body, held));
    }
    return this;
  }

  /** Every ordered acquisition in the file. */
  public List<Edge> edges() {
    return List.copyOf(edges);
  }

  /** The calls on other objects made while locks are held. */
  public List<CallUnderLock> calls() {
    return List.copyOf(calls);
  }

  /** The locks a method takes when called: its monitor and the blocks and regions in it. */
  public Set<String> takenIn(MethodDeclaration method) {
    return taken.computeIfAbsent(method, this::locksTakenIn);
  }

  private void walk(Node node, List<String> held) {
    if (!held.isEmpty()
        && (node instanceof LambdaExpr
            || node instanceof LocalClassDeclarationStmt
            || (node instanceof ObjectCreationExpr creation
                && creation.getAnonymousClassBody().isPresent()))) {
      // runs elsewhere, later: it orders its own locks, without the ones held here
      node.getChildNodes().forEach(child -> walk(child, List.of()));
      return;
    }
    if (node instanceof SynchronizedStmt sync) {
      Optional<String> lock = monitorName(sync.getExpression());
      walk(sync.getExpression(), held);
      if (lock.isPresent()) {
        take(lock.get(), sync, held);
        walk(sync.getBody(), with(held, lock.get()));
      } else {
        // a monitor without a certain identity (a local, a parameter): it orders nothing, but a
        // call on an object of its type may re-enter it rather than wait for it
        List<String> inside = held;
        TypeRef type = file.typeOf(sync.getExpression());
        if (type.isKnown()) {
          for (String candidate : type.candidates()) {
            inside = with(inside, MAYBE + candidate);
          }
        }
        walk(sync.getBody(), inside);
      }
      return;
    }
    if (node instanceof BlockStmt block) {
      walkBlock(block, held);
      return;
    }
    if (node instanceof MethodCallExpr call && !held.isEmpty()) {
      for (String lock : takenBy(call)) {
        take(lock, call, held);
      }
      if (call.getScope().isPresent() && !(call.getScope().get() instanceof ThisExpr)) {
        calls.add(new CallUnderLock(List.copyOf(held), call));
      }
    }
    for (Node child : node.getChildNodes()) {
      walk(child, held);
    }
  }

  /** {@code lock.lock(); try { … } finally { lock.unlock(); }}: held inside the try block. */
  private void walkBlock(BlockStmt block, List<String> held) {
    List<Statement> statements = block.getStatements();
    for (int i = 0; i < statements.size(); i++) {
      Statement statement = statements.get(i);
      Optional<String> lock = lockCall(statement);
      if (lock.isPresent()
          && i + 1 < statements.size()
          && statements.get(i + 1) instanceof TryStmt guarded
          && unlocksInFinally(guarded, statement)) {
        take(lock.get(), statement, held);
        List<String> inside = with(held, lock.get());
        guarded.getResources().forEach(r -> walk(r, inside));
        walk(guarded.getTryBlock(), inside);
        guarded.getCatchClauses().forEach(c -> walk(c, held));
        guarded.getFinallyBlock().ifPresent(f -> walk(f, held));
        i++;
        continue;
      }
      walk(statement, held);
    }
  }

  /** Prefix of a held monitor of that type whose identity is unknown; it makes no edge. */
  public static final String MAYBE = "maybe:";

  private void take(String lock, Node site, List<String> held) {
    if (held.contains(lock)) {
      return; // re-entered: a lock this thread holds cannot make it wait
    }
    if (lock.startsWith("this:") && held.contains(MAYBE + lock.substring("this:".length()))) {
      return; // may be the object already locked through a local
    }
    Set<String> all = new LinkedHashSet<>(held);
    for (String outer : held) {
      if (!outer.equals(lock) && !outer.startsWith(MAYBE)) {
        edges.add(new Edge(outer, lock, site, all));
      }
    }
  }

  private static List<String> with(List<String> held, String lock) {
    List<String> more = new ArrayList<>(held);
    if (!more.contains(lock)) {
      more.add(lock);
    }
    return more;
  }

  /** The locks a method of this class takes when called here: its monitor, and its blocks. */
  private Set<String> takenBy(MethodCallExpr call) {
    if (call.getScope().isPresent() && !(call.getScope().get() instanceof ThisExpr)) {
      return Set.of();
    }
    Optional<TypeDeclaration> owner = call.findAncestor(TypeDeclaration.class);
    if (owner.isEmpty()) {
      return Set.of();
    }
    TypeDeclaration<?> type = owner.get();
    Set<String> locks = new LinkedHashSet<>();
    for (MethodDeclaration target : type.getMethodsByName(call.getNameAsString())) {
      if (target.getParameters().size() == call.getArguments().size()) {
        locks.addAll(takenIn(target));
      }
    }
    return locks;
  }

  private Set<String> locksTakenIn(MethodDeclaration method) {
    Set<String> locks = new LinkedHashSet<>(entryLock(method));
    method
        .getBody()
        .ifPresent(
            body -> {
              for (SynchronizedStmt sync : body.findAll(SynchronizedStmt.class)) {
                if (!insideDeferredCode(sync, body)) {
                  monitorName(sync.getExpression()).ifPresent(locks::add);
                }
              }
              for (Statement statement : body.findAll(Statement.class)) {
                if (!insideDeferredCode(statement, body)) {
                  lockCall(statement).ifPresent(locks::add);
                }
              }
            });
    return locks;
  }

  private static boolean insideDeferredCode(Node node, Node body) {
    Node current = node.getParentNode().orElse(null);
    while (current != null && current != body) {
      if (current instanceof LambdaExpr
          || current instanceof LocalClassDeclarationStmt
          || (current instanceof ObjectCreationExpr creation
              && creation.getAnonymousClassBody().isPresent())) {
        return true;
      }
      current = current.getParentNode().orElse(null);
    }
    return false;
  }

  private static List<String> entryLock(CallableDeclaration<?> callable) {
    if (!(callable instanceof MethodDeclaration method) || !method.isSynchronized()) {
      return List.of();
    }
    Optional<String> owner = ownerName(method);
    if (owner.isEmpty()) {
      return List.of();
    }
    return List.of((method.isStatic() ? "class:" : "this:") + owner.get());
  }

  /** {@code x.lock();} or {@code x.lockInterruptibly();} on a final Lock field. */
  private Optional<String> lockCall(Statement statement) {
    if (!(statement instanceof ExpressionStmt expression)
        || !(expression.getExpression() instanceof MethodCallExpr call)
        || !(call.getNameAsString().equals("lock")
            || call.getNameAsString().equals("lockInterruptibly"))
        || !call.getArguments().isEmpty()
        || call.getScope().isEmpty()) {
      return Optional.empty();
    }
    Expression scope = call.getScope().get();
    TypeRef type = file.typeOf(scope);
    if (!type.isKnown() || !FileContext.couldBe(type, JdkTypes.LOCK) || isReadView(scope)) {
      return Optional.empty();
    }
    return finalField(scope);
  }

  /** Read locks do not exclude each other: an order between two of them cannot deadlock. */
  private boolean isReadView(Expression scope) {
    return file.variableOf(FileContext.unwrap(scope))
        .map(Variable::declaration)
        .filter(
            d ->
                d instanceof VariableDeclarator declarator
                    && declarator
                        .getInitializer()
                        .filter(
                            i ->
                                i instanceof MethodCallExpr call
                                    && call.getNameAsString().equals("readLock"))
                        .isPresent())
        .isPresent();
  }

  private static boolean unlocksInFinally(TryStmt guarded, Statement lockStatement) {
    String scope =
        ((MethodCallExpr) ((ExpressionStmt) lockStatement).getExpression())
            .getScope()
            .get()
            .toString();
    return guarded
        .getFinallyBlock()
        .map(
            f ->
                f.findAll(MethodCallExpr.class).stream()
                    .anyMatch(
                        c ->
                            c.getNameAsString().equals("unlock")
                                && c.getScope()
                                    .filter(s -> s.toString().equals(scope))
                                    .isPresent()))
        .orElse(false);
  }

  /** A monitor whose identity is the same wherever it is named. */
  private Optional<String> monitorName(Expression expression) {
    Expression bare = FileContext.unwrap(expression);
    if (bare instanceof ThisExpr self) {
      if (self.getTypeName().isPresent()) {
        return enclosingNamed(self, self.getTypeName().get().getIdentifier())
            .map(type -> "this:" + type);
      }
      return ownerName(self).map(owner -> "this:" + owner);
    }
    if (bare instanceof ClassExpr type) {
      String name = type.getType().asString();
      String simple = name.substring(name.lastIndexOf('.') + 1);
      return Optional.of("class:" + declaredInFile(simple).orElse(name));
    }
    return finalField(bare);
  }

  private Optional<String> finalField(Expression expression) {
    Optional<Variable> variable = file.variableOf(FileContext.unwrap(expression));
    if (variable.isEmpty() || !variable.get().isField() || !variable.get().isFinal()) {
      return Optional.empty();
    }
    Optional<String> owner =
        variable.get().declaration().findAncestor(TypeDeclaration.class).map(LockOrder::key);
    return owner.map(o -> "field:" + o + "#" + variable.get().name());
  }

  /**
   * A type's key in lock names and method summaries: its fully qualified name, so that locks of two
   * classes with one simple name never meet.
   */
  public static String key(TypeDeclaration<?> type) {
    return type.getFullyQualifiedName().orElse(type.getNameAsString());
  }

  private static Optional<String> enclosingNamed(Node node, String simpleName) {
    Node current = node.getParentNode().orElse(null);
    while (current != null) {
      if (current instanceof TypeDeclaration<?> type && type.getNameAsString().equals(simpleName)) {
        return Optional.of(key(type));
      }
      current = current.getParentNode().orElse(null);
    }
    return Optional.empty();
  }

  private Optional<String> declaredInFile(String simpleName) {
    return file.unit().findAll(TypeDeclaration.class).stream()
        .filter(t -> t.getNameAsString().equals(simpleName))
        .map(t -> key((TypeDeclaration<?>) t))
        .findFirst();
  }

  /** The named class the node is in; empty inside anonymous classes, whose 'this' is unnamed. */
  private static Optional<String> ownerName(Node node) {
    Node current = node.getParentNode().orElse(null);
    while (current != null) {
      if (current instanceof ObjectCreationExpr creation
          && creation.getAnonymousClassBody().isPresent()) {
        return Optional.empty();
      }
      if (current instanceof TypeDeclaration<?> type) {
        return Optional.of(key(type));
      }
      current = current.getParentNode().orElse(null);
    }
    return Optional.empty();
  }

  private static boolean runsElsewhere(CallableDeclaration<?> callable) {
    return insideDeferredCode(
        callable, callable.findCompilationUnit().map(Node.class::cast).orElse(callable));
  }
}
