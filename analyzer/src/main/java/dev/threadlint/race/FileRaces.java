package dev.threadlint.race;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.models.ThreadSafety;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The concurrency model of one file (RacerD-style, per file): every field access with the locks
 * held there, and for every body the concurrent contexts it runs in — thread and executor tasks,
 * parallel-stream lambdas, run() of Runnables, and the API of each class — propagated along calls
 * to methods of the same class. Private methods inherit the locks every caller holds.
 */
public final class FileRaces {
  /** The calls that give an executor a task. */
  private static final Set<String> POOL_CALLS =
      Set.of(
          "execute",
          "submit",
          "schedule",
          "scheduleAtFixedRate",
          "scheduleWithFixedDelay",
          "invokeAll",
          "invokeAny");

  /** The calls that hand a task to another thread: pools, async stages, thread starts. */
  private static final Set<String> HANDOFF_CALLS =
      Stream.concat(
              POOL_CALLS.stream(),
              Stream.of(
                  "runAsync",
                  "supplyAsync",
                  "thenRunAsync",
                  "thenApplyAsync",
                  "thenAcceptAsync",
                  "thenComposeAsync",
                  "whenCompleteAsync",
                  "handleAsync",
                  "start",
                  "unstarted",
                  "newThread",
                  "forEach",
                  "map",
                  "filter",
                  "reduce",
                  "collect",
                  "anyMatch",
                  "allMatch",
                  "noneMatch",
                  "flatMap",
                  "mapToInt",
                  "mapToLong",
                  "peek"))
          .collect(Collectors.toUnmodifiableSet());

  private static final Set<String> JDK_POOLS =
      Set.of(
          JdkTypes.EXECUTOR,
          JdkTypes.EXECUTOR_SERVICE,
          JdkTypes.SCHEDULED_EXECUTOR_SERVICE,
          JdkTypes.THREAD_POOL_EXECUTOR,
          JdkTypes.SCHEDULED_THREAD_POOL_EXECUTOR,
          JdkTypes.FORK_JOIN_POOL);

  private final FileContext file;
  private final List<Access> accesses = new ArrayList<>();
  private final Map<Node, Set<Context>> contexts = new IdentityHashMap<>();
  private final Map<Node, Set<String>> entryLocks = new IdentityHashMap<>();

  /** For private and package-private helpers: the locks held at some (not every) call. */
  private final Map<Node, Set<String>> someCallerLocks = new IdentityHashMap<>();

  /** Helpers only constructors call: they run before the object is shared. */
  private final Set<Node> constructionOnly =
      java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  private FileRaces(FileContext file) {
    this.file = file;
  }

  public static FileRaces of(FileContext file) {
    return file.memo(FileRaces.class, () -> new FileRaces(file).compute());
  }

  public List<Access> accesses() {
    return accesses;
  }

  /**
   * The locks that at least one in-file caller of the method holds; empty when no call in the file
   * holds one (or none is visible). A public step of a locked operation called from outside without
   * the lock is configuration more often than a race.
   */
  public Set<String> locksAtSomeCaller(Node body) {
    return someCallerLocks.getOrDefault(body, Set.of());
  }

  /** True for a private method whose callers this file cannot see (other instances, references). */
  public boolean hasNoVisibleCaller(Node body) {
    return body instanceof MethodDeclaration method
        && method.isPrivate()
        && !someCallerLocks.containsKey(method)
        && !constructionOnly.contains(method);
  }

  /** The locks held where a node is written, ignoring the body boundary of lambdas. */
  public Set<String> locksAround(Node node) {
    return Locks.at(file, node);
  }

  /** The contexts a body runs in (empty: not reachable from a concurrent context here). */
  public Set<Context> contextsOf(Node body) {
    return contexts.getOrDefault(body, Set.of());
  }

  private FileRaces compute() {
    List<Node> bodies =
        file.unit()
            .findAll(
                Node.class,
                n ->
                    n instanceof CallableDeclaration<?>
                        || n instanceof LambdaExpr
                        || n instanceof InitializerDeclaration);
    roots(bodies);
    propagate(bodies);
    inheritLocks(bodies);
    collectAccesses();
    return this;
  }

  // ---- contexts ---------------------------------------------------------------------------

  private void roots(List<Node> bodies) {
    int counter = 0;
    for (Node body : bodies) {
      if (body instanceof LambdaExpr lambda) {
        Optional<Node> handoff = handoff(lambda);
        if (handoff.isPresent()) {
          add(
              body,
              new Context(
                  "E" + counter++,
                  true,
                  selfParallel(handoff.get()),
                  handoff.get(),
                  "a task started at line " + line(handoff.get())));
        }
      }
      if (body instanceof MethodDeclaration method && method.getBody().isPresent()) {
        if (isTaskMethod(method)) {
          Node origin =
              method
                  .getParentNode()
                  .filter(p -> p instanceof ObjectCreationExpr)
                  .flatMap(p -> handoff(p))
                  .orElse(method);
          add(
              body,
              new Context(
                  "E" + counter++,
                  true,
                  origin != method && selfParallel(origin),
                  origin,
                  "run() of " + typeName(method)));
        } else if (!method.isPrivate() && !isInsideAnonymous(method)) {
          String owner = typeName(method);
          add(body, new Context("API:" + owner, false, false, method, "a method of " + owner));
        }
      }
    }
    // method references handed to threads make the referenced method an entry
    for (MethodReferenceExpr reference : file.unit().findAll(MethodReferenceExpr.class)) {
      Optional<Node> handoff = handoff(reference);
      if (handoff.isPresent() && reference.getScope() instanceof ThisExpr) {
        for (MethodDeclaration target : methodsNamed(reference, reference.getIdentifier())) {
          add(
              target,
              new Context(
                  "E" + counter++,
                  true,
                  selfParallel(handoff.get()),
                  handoff.get(),
                  "a task started at line " + line(handoff.get())));
        }
      }
    }
  }

  /** The call or creation that hands a lambda or anonymous task to another thread. */
  private Optional<Node> handoff(Node task) {
    Node parent = task.getParentNode().orElse(null);
    if (parent instanceof ObjectCreationExpr creation
        && creation.getType().getNameAsString().equals("Thread")
        && creation.getArguments().stream().anyMatch(a -> a == task)) {
      return Optional.of(creation);
    }
    if (task instanceof ObjectCreationExpr creation
        && creation.getType().getNameAsString().equals("Thread")) {
      return Optional.of(creation);
    }
    if (parent instanceof MethodCallExpr call
        && call.getArguments().stream().anyMatch(a -> a == task)
        && HANDOFF_CALLS.contains(call.getNameAsString())
        && runsElsewhere(call)) {
      return Optional.of(call);
    }
    if (parent instanceof ObjectCreationExpr wrapper
        && (wrapper.getType().getNameAsString().equals("FutureTask"))) {
      return handoff(wrapper);
    }
    return Optional.empty();
  }

  /** Executors, CompletableFuture's async methods, thread builders and parallel streams. */
  private boolean runsElsewhere(MethodCallExpr call) {
    String name = call.getNameAsString();
    if (name.endsWith("Async") || name.equals("runAsync") || name.equals("supplyAsync")) {
      return true;
    }
    if (call.getScope().isEmpty()) {
      return false;
    }
    Expression scope = call.getScope().get();
    if (isParallelStream(scope)) {
      return true;
    }
    if (Set.of("start", "unstarted").contains(name)) {
      return scope.toString().contains("ofPlatform()") || scope.toString().contains("ofVirtual()");
    }
    if (name.equals("newThread")) {
      return true;
    }
    // only the JDK's pools are known to run tasks on several threads; a library's executor
    // (an event loop, say) may be single-threaded
    TypeRef type = file.typeOf(scope);
    return POOL_CALLS.contains(name) && type.candidates().stream().anyMatch(JDK_POOLS::contains);
  }

  private static boolean isParallelStream(Expression scope) {
    Expression current = scope;
    while (current instanceof MethodCallExpr call) {
      if (call.getNameAsString().equals("parallel")
          || call.getNameAsString().equals("parallelStream")) {
        return true;
      }
      current = call.getScope().orElse(null);
    }
    return false;
  }

  private static boolean selfParallel(Node handoff) {
    if (handoff instanceof MethodCallExpr call
        && (call.getNameAsString().equals("invokeAll")
            || call.getScope().filter(FileRaces::isParallelStream).isPresent())) {
      return true;
    }
    Node body = Dominance.bodyOf(handoff);
    Node current = handoff.getParentNode().orElse(null);
    while (current != null && current != body) {
      if (current instanceof ForStmt
          || current instanceof ForEachStmt
          || current instanceof WhileStmt
          || current instanceof DoStmt) {
        return true;
      }
      current = current.getParentNode().orElse(null);
    }
    return false;
  }

  /** run() of a Runnable or Thread subclass, call() of a Callable. */
  private static boolean isTaskMethod(MethodDeclaration method) {
    if (!method.getParameters().isEmpty()) {
      return false;
    }
    String name = method.getNameAsString();
    if (!name.equals("run") && !name.equals("call")) {
      return false;
    }
    Node owner = method.getParentNode().orElse(null);
    if (owner instanceof ObjectCreationExpr creation) {
      String type = creation.getType().getNameAsString();
      return type.equals("Runnable")
          || type.equals("Callable")
          || type.equals("Thread")
          || type.equals("TimerTask");
    }
    if (owner instanceof ClassOrInterfaceDeclaration type) {
      return type.getExtendedTypes().stream()
              .anyMatch(t -> Set.of("Thread", "TimerTask").contains(t.getNameAsString()))
          || type.getImplementedTypes().stream()
              .anyMatch(t -> Set.of("Runnable", "Callable").contains(t.getNameAsString()));
    }
    return false;
  }

  private void add(Node body, Context context) {
    contexts.computeIfAbsent(body, b -> new LinkedHashSet<>()).add(context);
  }

  /** Callees run in their callers' contexts. */
  private void propagate(List<Node> bodies) {
    boolean changed = true;
    int rounds = 0;
    while (changed && rounds++ < 10) {
      changed = false;
      for (Node body : bodies) {
        Set<Context> from = contexts.get(body);
        if (from == null) {
          continue;
        }
        for (MethodDeclaration callee : calleesOf(body)) {
          Set<Context> to = contexts.computeIfAbsent(callee, b -> new LinkedHashSet<>());
          if (to.addAll(from)) {
            changed = true;
          }
        }
      }
    }
  }

  private final Map<Node, List<MethodDeclaration>> callees = new IdentityHashMap<>();

  private List<MethodDeclaration> calleesOf(Node body) {
    return callees.computeIfAbsent(
        body,
        b -> {
          List<MethodDeclaration> result = new ArrayList<>();
          for (MethodCallExpr call :
              dev.threadlint.flow.Bodies.findAllInSameBody(b, MethodCallExpr.class)) {
            if (call.getScope().isEmpty() || call.getScope().get() instanceof ThisExpr) {
              for (MethodDeclaration target : methodsNamed(call, call.getNameAsString())) {
                if (target.getParameters().size() == call.getArguments().size()) {
                  result.add(target);
                }
              }
            }
          }
          return result;
        });
  }

  /** Methods of the innermost enclosing type (then outer types) with that name. */
  /**
   * A call of an abstract method runs one of its overrides: the template-method pattern, where the
   * base class takes the lock and the subclasses in the same file do the work.
   */
  private List<MethodDeclaration> withOverrides(List<MethodDeclaration> targets) {
    if (targets.stream().noneMatch(MethodDeclaration::isAbstract)) {
      return targets;
    }
    List<MethodDeclaration> all = new ArrayList<>(targets);
    for (MethodDeclaration target : targets) {
      Optional<TypeDeclaration> owner = target.findAncestor(TypeDeclaration.class);
      if (!target.isAbstract() || owner.isEmpty()) {
        continue;
      }
      String base = owner.get().getNameAsString();
      for (ClassOrInterfaceDeclaration type :
          file.unit().findAll(ClassOrInterfaceDeclaration.class)) {
        boolean extendsBase =
            type.getExtendedTypes().stream().anyMatch(t -> t.getNameAsString().equals(base));
        if (extendsBase) {
          type.getMethodsBySignature(target.getNameAsString(), paramTypes(target))
              .forEach(all::add);
        }
      }
      for (ObjectCreationExpr anonymous :
          file.unit()
              .findAll(
                  ObjectCreationExpr.class,
                  c ->
                      c.getAnonymousClassBody().isPresent()
                          && c.getType().getNameAsString().equals(base))) {
        anonymous.getAnonymousClassBody().get().stream()
            .filter(
                m ->
                    m instanceof MethodDeclaration d
                        && d.getNameAsString().equals(target.getNameAsString())
                        && d.getParameters().size() == target.getParameters().size())
            .forEach(m -> all.add((MethodDeclaration) m));
      }
    }
    return all;
  }

  private static String[] paramTypes(MethodDeclaration method) {
    return method.getParameters().stream().map(p -> p.getType().asString()).toArray(String[]::new);
  }

  private static List<MethodDeclaration> methodsNamed(Node from, String name) {
    Node current = from.getParentNode().orElse(null);
    while (current != null) {
      if (current instanceof TypeDeclaration<?> type) {
        List<MethodDeclaration> found = type.getMethodsByName(name);
        if (!found.isEmpty()) {
          return found;
        }
      }
      current = current.getParentNode().orElse(null);
    }
    return List.of();
  }

  /**
   * A private or package-private method holds, on entry, the locks every one of its callers in the
   * file holds at the call (every method records the locks some caller holds). Calls from
   * constructors do not count: the object is not shared yet. (A package-private method could be
   * called from elsewhere in its package; the file is the evidence we have, and precision comes
   * first.)
   */
  private void inheritLocks(List<Node> bodies) {
    Map<MethodDeclaration, List<MethodCallExpr>> sites = new IdentityHashMap<>();
    Map<MethodDeclaration, Boolean> calledInConstruction = new IdentityHashMap<>();
    for (Node body : bodies) {
      boolean construction = isConstructionBody(body);
      for (MethodCallExpr call :
          dev.threadlint.flow.Bodies.findAllInSameBody(body, MethodCallExpr.class)) {
        if (call.getScope().isEmpty() || call.getScope().get() instanceof ThisExpr) {
          for (MethodDeclaration target :
              withOverrides(methodsNamed(call, call.getNameAsString()))) {
            if (target.isAbstract() || isTaskMethod(target)) {
              continue;
            }
            if (construction) {
              calledInConstruction.put(target, true);
            } else {
              sites.computeIfAbsent(target, t -> new ArrayList<>()).add(call);
            }
          }
        }
      }
    }
    Set<String> referenced = new HashSet<>();
    file.unit().findAll(MethodReferenceExpr.class).forEach(r -> referenced.add(r.getIdentifier()));
    calledInConstruction.keySet().stream()
        .filter(
            m ->
                !sites.containsKey(m) && m.isPrivate() && !referenced.contains(m.getNameAsString()))
        .forEach(constructionOnly::add);
    Map<MethodCallExpr, Set<String>> siteLocks = new IdentityHashMap<>();
    for (int round = 0; round < 3; round++) {
      for (Map.Entry<MethodDeclaration, List<MethodCallExpr>> entry : sites.entrySet()) {
        Set<String> common = null;
        for (MethodCallExpr site : entry.getValue()) {
          Set<String> held = new HashSet<>(siteLocks.computeIfAbsent(site, c -> Locks.at(file, c)));
          held.addAll(entryLocks.getOrDefault(Dominance.bodyOf(site), Set.of()));
          if (common == null) {
            common = held;
          } else {
            common.retainAll(held);
          }
        }
        if (inheritsLocks(entry.getKey())) {
          entryLocks.put(entry.getKey(), common == null ? Set.of() : Set.copyOf(common));
        }
        Set<String> some = new HashSet<>();
        for (MethodCallExpr site : entry.getValue()) {
          some.addAll(siteLocks.get(site));
          some.addAll(entryLocks.getOrDefault(Dominance.bodyOf(site), Set.of()));
          some.addAll(someCallerLocks.getOrDefault(Dominance.bodyOf(site), Set.of()));
        }
        someCallerLocks.put(entry.getKey(), Set.copyOf(some));
      }
    }
  }

  private static boolean inheritsLocks(MethodDeclaration method) {
    boolean packagePrivate = !method.isPublic() && !method.isProtected() && !method.isPrivate();
    return (method.isPrivate() || packagePrivate) && !method.isAbstract() && !isTaskMethod(method);
  }

  private static boolean isConstructionBody(Node body) {
    return body instanceof ConstructorDeclaration || body instanceof InitializerDeclaration;
  }

  /**
   * {@code assert Thread.holdsLock(x);} or {@code assert lock.isHeldByCurrentThread();} among a
   * method's statements: the author states that every caller holds it, and with assertions on the
   * JVM checks it.
   */
  private Set<String> assertedHeld(Node body) {
    if (!(body instanceof CallableDeclaration<?>)) {
      return Set.of();
    }
    Set<String> held = new HashSet<>();
    for (AssertStmt assertion :
        dev.threadlint.flow.Bodies.findAllInSameBody(body, AssertStmt.class)) {
      if (FileContext.unwrap(assertion.getCheck()) instanceof MethodCallExpr call
          && call.getNameAsString().equals("holdsLock")
          && call.getArguments().size() == 1
          && call.getScope().filter(scope -> scope.toString().endsWith("Thread")).isPresent()) {
        Locks.name(file, call.getArgument(0)).ifPresent(held::add);
      }
      if (FileContext.unwrap(assertion.getCheck()) instanceof MethodCallExpr call
          && call.getNameAsString().equals("isHeldByCurrentThread")
          && call.getScope().isPresent()) {
        Locks.name(file, call.getScope().get()).ifPresent(held::add);
      }
    }
    return held;
  }

  // ---- accesses ---------------------------------------------------------------------------

  private void collectAccesses() {
    Map<Node, Set<String>> asserted = new IdentityHashMap<>();
    // resolving every name is the expensive part: only names that some field of the file has
    Set<String> fieldNames = new HashSet<>();
    for (FieldDeclaration declaration : file.unit().findAll(FieldDeclaration.class)) {
      declaration.getVariables().forEach(v -> fieldNames.add(v.getNameAsString()));
    }
    if (fieldNames.isEmpty()) {
      return;
    }
    for (Expression expression :
        file.unit()
            .findAll(
                Expression.class,
                e ->
                    (e instanceof NameExpr n && fieldNames.contains(n.getNameAsString()))
                        || (e instanceof FieldAccessExpr f
                            && f.getScope() instanceof ThisExpr
                            && fieldNames.contains(f.getNameAsString())))) {
      Optional<Variable> field = file.variableOf(expression).filter(Variable::isField);
      if (field.isEmpty() || !(field.get().declaration() instanceof VariableDeclarator)) {
        continue;
      }
      Node body = Dominance.bodyOf(expression);
      if (body == null || isConstruction(body, field.get()) || constructionOnly.contains(body)) {
        continue;
      }
      Set<String> locks = new HashSet<>(Locks.at(file, expression));
      locks.addAll(entryLocks.getOrDefault(body, Set.of()));
      locks.addAll(declaredHeld(body));
      locks.addAll(asserted.computeIfAbsent(body, this::assertedHeld));
      accesses.add(
          new Access(field.get(), isWrite(expression, field.get()), expression, body, locks));
    }
  }

  /**
   * A method annotated {@code @GuardedBy("x")} documents that its callers hold {@code x}; the
   * annotation is trusted like the caller's lock.
   */
  private static Set<String> declaredHeld(Node body) {
    if (!(body instanceof CallableDeclaration<?> callable)) {
      return Set.of();
    }
    Set<String> held = new HashSet<>();
    for (var annotation : callable.getAnnotations()) {
      if (!ThreadSafety.GUARDED_BY.contains(annotation.getName().getIdentifier())) {
        continue;
      }
      annotation
          .findAll(com.github.javaparser.ast.expr.StringLiteralExpr.class)
          .forEach(
              literal -> {
                String guard = literal.getValue().strip();
                if (guard.equals("this")) {
                  held.add("this");
                } else if (guard.endsWith(".class")) {
                  String type = guard.substring(0, guard.length() - ".class".length());
                  held.add("class:" + type.substring(type.lastIndexOf('.') + 1));
                } else {
                  held.add("field:" + (guard.startsWith("this.") ? guard.substring(5) : guard));
                }
              });
    }
    return held;
  }

  /** Constructors and initializers of the field's own class run before the object is shared. */
  private static boolean isConstruction(Node body, Variable field) {
    if (!(body instanceof ConstructorDeclaration) && !(body instanceof InitializerDeclaration)) {
      return false;
    }
    Optional<Node> fieldOwner = field.declaration().getParentNode().flatMap(Node::getParentNode);
    return fieldOwner.isPresent()
        && body.getParentNode().filter(p -> p == fieldOwner.get()).isPresent();
  }

  private boolean isWrite(Expression use, Variable field) {
    Node parent = use.getParentNode().orElse(null);
    if (parent instanceof AssignExpr assign && assign.getTarget() == use) {
      return true;
    }
    if (parent instanceof UnaryExpr unary && isUpdate(unary)) {
      return true;
    }
    if (parent instanceof ArrayAccessExpr array
        && array.getName() == use
        && array
            .getParentNode()
            .filter(p -> p instanceof AssignExpr a && a.getTarget() == array)
            .isPresent()) {
      return true;
    }
    if (parent instanceof MethodCallExpr call
        && call.getScope().filter(s -> s == use).isPresent()
        && ThreadSafety.MUTATORS.contains(call.getNameAsString())) {
      return ThreadSafety.UNSAFE_CONTAINERS.contains(field.type().simpleName())
          && !safeInitializer(field);
    }
    return false;
  }

  static boolean isUpdate(UnaryExpr unary) {
    return switch (unary.getOperator()) {
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
      default -> false;
    };
  }

  /** {@code Collections.synchronizedList(..)}, a concurrent implementation behind an interface. */
  static boolean safeInitializer(Variable field) {
    if (!(field.declaration() instanceof VariableDeclarator declarator)) {
      return false;
    }
    return declarator
        .getInitializer()
        .map(Object::toString)
        .filter(
            text ->
                text.contains("synchronized")
                    || text.contains("Concurrent")
                    || text.contains("CopyOnWrite")
                    || text.contains("Blocking"))
        .isPresent();
  }

  private static String typeName(Node node) {
    return node.findAncestor(TypeDeclaration.class).map(t -> t.getNameAsString()).orElse("?");
  }

  private static boolean isInsideAnonymous(Node node) {
    return node.getParentNode().filter(p -> p instanceof ObjectCreationExpr).isPresent();
  }

  static int line(Node node) {
    return node.getBegin().map(p -> p.line).orElse(0);
  }

  /** True when the field's class, or the file around it, shows it is meant for threads. */
  public static boolean showsConcurrency(FileContext file, Variable field) {
    Optional<TypeDeclaration> owner = field.declaration().findAncestor(TypeDeclaration.class);
    if (owner.isEmpty()) {
      return false;
    }
    TypeDeclaration<?> type = owner.get();
    if (type.getAnnotations().stream()
        .anyMatch(a -> ThreadSafety.THREAD_SAFE.contains(a.getName().getIdentifier()))) {
      return true;
    }
    boolean synchronizes =
        !type.findAll(com.github.javaparser.ast.stmt.SynchronizedStmt.class).isEmpty()
            || type.findAll(MethodDeclaration.class).stream()
                .anyMatch(MethodDeclaration::isSynchronized);
    boolean lockFields =
        type.findAll(FieldDeclaration.class).stream()
            .anyMatch(
                f ->
                    f.isVolatile()
                        || f.getVariables().stream()
                            .anyMatch(
                                v ->
                                    Set.of(
                                            "Lock",
                                            "ReentrantLock",
                                            "ReadWriteLock",
                                            "ReentrantReadWriteLock",
                                            "StampedLock",
                                            "Semaphore")
                                        .contains(v.getType().asString()))
                        || f.getAnnotations().stream()
                            .anyMatch(
                                a ->
                                    ThreadSafety.GUARDED_BY.contains(a.getName().getIdentifier())));
    return synchronizes || lockFields;
  }

  static boolean notShared(Variable field) {
    Optional<TypeDeclaration> owner = field.declaration().findAncestor(TypeDeclaration.class);
    if (owner.isEmpty()) {
      return false;
    }
    TypeDeclaration<?> type = owner.get();
    return type.getAnnotations().stream()
        .anyMatch(a -> ThreadSafety.NOT_SHARED.contains(a.getName().getIdentifier()));
  }

  /** The accesses grouped by field, in the order they were found. */
  public static Map<Variable, List<Access>> byField(List<Access> accesses) {
    Map<Variable, List<Access>> map = new java.util.LinkedHashMap<>();
    accesses.forEach(a -> map.computeIfAbsent(a.field(), f -> new ArrayList<>()).add(a));
    return map;
  }

  /** A field holding a mutable container: final, but its contents are written. */
  static boolean isContainerField(Variable field) {
    return ThreadSafety.UNSAFE_CONTAINERS.contains(field.type().simpleName())
        && !safeInitializer(field);
  }

  static boolean isSafeType(Variable field) {
    return ThreadSafety.SAFE_TYPES.contains(field.type().simpleName())
        || field.type().name().startsWith("Atomic");
  }
}
