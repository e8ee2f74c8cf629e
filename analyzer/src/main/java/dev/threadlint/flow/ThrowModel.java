package dev.threadlint.flow;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeRef;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which statements can throw. A call into unknown or project code can (it may fail in ways no
 * declaration shows), and so can object creation and {@code throw}. Field access through {@code
 * this}, local arithmetic, {@code ++}, assignments and the JDK calls listed here cannot: they are
 * plain memory operations whose only failures are errors no program handles (out of memory, stack
 * overflow). Implicit runtime exceptions of field access through other objects, array indexing and
 * division are not modelled either way.
 *
 * <p>The list is deliberately short and conservative: only calls on receivers whose declared type
 * is one of these JDK classes (or a static call on one of them), never anything that takes a lambda
 * or can block.
 */
public final class ThrowModel {
  /** Every call may throw: the model for code without type knowledge. */
  public static final ThrowModel ANY_CALL = new ThrowModel(null);

  private static final Set<String> ATOMIC_REFERENCE =
      Set.of(
          "get",
          "set",
          "lazySet",
          "getPlain",
          "setPlain",
          "getOpaque",
          "setOpaque",
          "getAcquire",
          "setRelease",
          "getAndSet",
          "compareAndSet",
          "weakCompareAndSet",
          "weakCompareAndSetPlain",
          "weakCompareAndSetVolatile");

  /** The number atomics have the reference atomics' methods and arithmetic besides. */
  private static final Set<String> ATOMIC_NUMBER =
      java.util.stream.Stream.concat(
              ATOMIC_REFERENCE.stream(),
              java.util.stream.Stream.of(
                  "incrementAndGet",
                  "decrementAndGet",
                  "getAndIncrement",
                  "getAndDecrement",
                  "addAndGet",
                  "getAndAdd",
                  "intValue",
                  "longValue",
                  "toString"))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** Size queries of the JDK's collections: they read a field. */
  private static final Set<String> SIZE = Set.of("size", "isEmpty");

  /** Receiver type (qualified) to the methods on it that cannot throw. */
  private static final Map<String, Set<String>> BY_TYPE =
      Map.ofEntries(
          Map.entry("java.util.concurrent.atomic.AtomicInteger", ATOMIC_NUMBER),
          Map.entry("java.util.concurrent.atomic.AtomicLong", ATOMIC_NUMBER),
          Map.entry("java.util.concurrent.atomic.AtomicBoolean", ATOMIC_REFERENCE),
          Map.entry("java.util.concurrent.atomic.AtomicReference", ATOMIC_REFERENCE),
          Map.entry(
              "java.util.concurrent.atomic.LongAdder",
              Set.of(
                  "increment",
                  "decrement",
                  "add",
                  "sum",
                  "sumThenReset",
                  "reset",
                  "intValue",
                  "longValue")),
          Map.entry(
              "java.lang.String",
              Set.of("length", "isEmpty", "isBlank", "equals", "hashCode", "toString")),
          Map.entry("java.util.ArrayList", SIZE),
          Map.entry("java.util.LinkedList", SIZE),
          Map.entry("java.util.ArrayDeque", SIZE),
          Map.entry("java.util.HashMap", SIZE),
          Map.entry("java.util.LinkedHashMap", SIZE),
          Map.entry("java.util.TreeMap", SIZE),
          Map.entry("java.util.HashSet", SIZE),
          Map.entry("java.util.LinkedHashSet", SIZE),
          Map.entry("java.util.TreeSet", SIZE),
          Map.entry("java.util.PriorityQueue", SIZE),
          Map.entry("java.util.IdentityHashMap", SIZE),
          Map.entry("java.util.concurrent.ConcurrentHashMap", SIZE),
          Map.entry("java.util.concurrent.ConcurrentLinkedQueue", SIZE),
          Map.entry("java.util.concurrent.ConcurrentLinkedDeque", SIZE),
          Map.entry("java.util.concurrent.LinkedBlockingQueue", SIZE),
          Map.entry("java.util.concurrent.ArrayBlockingQueue", SIZE),
          Map.entry("java.util.concurrent.LinkedBlockingDeque", SIZE),
          Map.entry("java.util.concurrent.CopyOnWriteArrayList", SIZE),
          // the interfaces: a project implementation whose size() throws is not worth a warning
          Map.entry("java.util.Collection", SIZE),
          Map.entry("java.util.List", SIZE),
          Map.entry("java.util.Set", SIZE),
          Map.entry("java.util.Map", SIZE),
          Map.entry("java.util.Queue", SIZE),
          Map.entry("java.util.Deque", SIZE));

  /** Static methods that cannot throw, as {@code Type#method} with the type's simple name. */
  private static final Set<String> STATIC =
      Set.of(
          "System#nanoTime",
          "System#currentTimeMillis",
          "System#identityHashCode",
          "Thread#currentThread",
          "Thread#interrupted",
          "Math#max",
          "Math#min",
          "Math#abs",
          // the executor factories only construct (threads start on the first task)
          "Executors#newSingleThreadExecutor",
          "Executors#newCachedThreadPool",
          "Executors#newSingleThreadScheduledExecutor",
          "Executors#newVirtualThreadPerTaskExecutor");

  private final FileContext file;

  private ThrowModel(FileContext file) {
    this.file = file;
  }

  /** The model for one file: receiver types come from its declarations. */
  public static ThrowModel of(FileContext file) {
    return new ThrowModel(file);
  }

  /**
   * True when evaluating the element (outside nested lambdas and classes, which run elsewhere) may
   * throw: an explicit constructor call, an object creation, or a call not known to be safe.
   */
  public boolean mayThrow(Node ast) {
    if (ast instanceof ExplicitConstructorInvocationStmt) {
      return true;
    }
    return Bodies.findInSameBody(
            ast,
            n ->
                n instanceof ObjectCreationExpr
                    || (n instanceof MethodCallExpr call && !cannotThrow(call)))
        .isPresent();
  }

  /** True when the call is one of the JDK calls known not to throw. */
  public boolean cannotThrow(MethodCallExpr call) {
    Optional<Expression> scope = call.getScope().map(FileContext::unwrap);
    if (scope.isEmpty()) {
      return false;
    }
    String name = call.getNameAsString();
    if (scope.get() instanceof NameExpr type
        && STATIC.contains(type.getNameAsString() + "#" + name)
        && (file == null || file.variableOf(type).isEmpty())) {
      return true;
    }
    if (scope.get() instanceof com.github.javaparser.ast.expr.FieldAccessExpr qualified
        && qualified.toString().startsWith("java.")
        && STATIC.contains(qualified.getNameAsString() + "#" + name)) {
      return true; // java.util.concurrent.Executors.newSingleThreadExecutor()
    }
    if (file == null) {
      return false;
    }
    Optional<TypeRef> receiver = file.variableOf(scope.get()).map(v -> v.type());
    if (receiver.isEmpty() || !receiver.get().isKnown()) {
      return false;
    }
    // a JDK class of that name is among the readings (a project class that shadows one of these
    // with a throwing get() or size() is not worth a warning either way)
    for (String candidate : receiver.get().candidates()) {
      Set<String> safe = BY_TYPE.get(candidate);
      if (safe != null) {
        return safe.contains(name);
      }
    }
    return false;
  }
}
