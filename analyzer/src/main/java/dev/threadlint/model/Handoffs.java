package dev.threadlint.model;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.models.ThreadEntries;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a task (a lambda, method reference or anonymous class) is handed to another thread, and the
 * context it then runs in, from the vocabulary of {@link ThreadEntries}.
 */
final class Handoffs {
  private Handoffs() {}

  /** The context a task runs in, if it is handed to a thread, pool or async stage here. */
  static Optional<ThreadContext> contextOf(FileContext file, Node task, Sites sites) {
    Optional<Node> origin = origin(file, task);
    if (origin.isEmpty()) {
      return Optional.empty();
    }
    Node handoff = origin.get();
    Optional<String> confined = confinedTo(file, handoff);
    if (confined.isPresent()) {
      return Optional.of(
          new ThreadContext(
              ThreadContext.Kind.CONFINED,
              confined.get(),
              false,
              "a task of the single-thread executor '" + confined.get() + "'",
              sites.of(handoff)));
    }
    return Optional.of(
        new ThreadContext(
            ThreadContext.Kind.TASK,
            "",
            selfParallel(handoff),
            "a task started at line " + sites.of(handoff).line(),
            sites.of(handoff)));
  }

  /** The creation or call that hands the task over. */
  static Optional<Node> origin(FileContext file, Node task) {
    if (task instanceof ObjectCreationExpr creation
        && creation.getAnonymousClassBody().isPresent()
        && isThread(file, creation)) {
      return Optional.of(creation);
    }
    Node parent = task.getParentNode().orElse(null);
    if (parent instanceof ObjectCreationExpr creation
        && creation.getArguments().stream().anyMatch(a -> a == task)) {
      if (isThread(file, creation)) {
        return Optional.of(creation);
      }
      if (creation.getType().getNameAsString().equals("FutureTask")) {
        return origin(file, creation);
      }
    }
    if (parent instanceof MethodCallExpr call
        && call.getArguments().stream().anyMatch(a -> a == task)
        && runsElsewhere(file, call)) {
      return Optional.of(call);
    }
    return Optional.empty();
  }

  private static boolean isThread(FileContext file, ObjectCreationExpr creation) {
    TypeRef type = file.types().resolve(creation.getType());
    return type.mayBe(JdkTypes.THREAD);
  }

  /** Executors, async stages, thread builders and factories, timers, parallel streams. */
  static boolean runsElsewhere(FileContext file, MethodCallExpr call) {
    String name = call.getNameAsString();
    if (name.endsWith("Async")) {
      return true;
    }
    if (call.getScope().isEmpty()) {
      return false;
    }
    Expression scope = call.getScope().get();
    if (ThreadEntries.STREAM_OPERATIONS.contains(name) && isParallelStream(scope)) {
      return true;
    }
    Optional<TypeRef> staticType = file.staticScopeType(scope);
    if (staticType.isPresent()) {
      return staticType.get().candidates().stream()
          .anyMatch(t -> ThreadEntries.STATIC_STARTS.contains(t + "#" + name));
    }
    if ((name.equals("start") || name.equals("unstarted"))
        && scope instanceof MethodCallExpr builder
        && (builder.getNameAsString().equals("ofPlatform")
            || builder.getNameAsString().equals("ofVirtual")
            || builder.getScope().map(Object::toString).orElse("").contains("ofVirtual"))) {
      return true;
    }
    if (!HANDOFF_NAMES.contains(name)) {
      return false; // no hand-off method has this name: the receiver's type does not matter
    }
    TypeRef type = file.typeOf(scope);
    for (Map.Entry<String, Set<String>> entry : ThreadEntries.HANDOFFS.entrySet()) {
      if (entry.getValue().contains(name) && isJdkSubtype(type, entry.getKey())) {
        return true;
      }
    }
    return false;
  }

  /** The names of every method of {@link ThreadEntries#HANDOFFS}. */
  private static final Set<String> HANDOFF_NAMES =
      ThreadEntries.HANDOFFS.values().stream()
          .flatMap(Set::stream)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** Only the JDK's own types: a project executor may be an event loop on one thread. */
  private static boolean isJdkSubtype(TypeRef type, String supertype) {
    return type.candidates().stream()
        .anyMatch(c -> JdkTypes.SUPERTYPES.containsKey(c) && jdkSubtype(c, supertype));
  }

  private static boolean jdkSubtype(String type, String supertype) {
    if (type.equals(supertype)) {
      return true;
    }
    for (String parent : JdkTypes.SUPERTYPES.getOrDefault(type, java.util.List.of())) {
      if (jdkSubtype(parent, supertype)) {
        return true;
      }
    }
    return false;
  }

  static boolean isParallelStream(Expression scope) {
    Expression current = scope;
    while (current instanceof MethodCallExpr call) {
      if (ThreadEntries.PARALLEL_STREAM.contains(call.getNameAsString())) {
        return true;
      }
      current = call.getScope().orElse(null);
    }
    return false;
  }

  /**
   * The single-thread executor a task is submitted to, by the name of the field or local that holds
   * it: every task it runs runs on its one thread.
   */
  static Optional<String> confinedTo(FileContext file, Node handoff) {
    if (!(handoff instanceof MethodCallExpr call) || call.getScope().isEmpty()) {
      return Optional.empty();
    }
    Optional<Variable> executor = file.variableOf(call.getScope().get());
    if (executor.isEmpty()
        || !(executor.get().declaration() instanceof VariableDeclarator declarator)
        || declarator.getInitializer().isEmpty()
        || !(FileContext.unwrap(declarator.getInitializer().get()) instanceof MethodCallExpr init)
        || !ThreadEntries.SINGLE_THREAD_FACTORIES.contains(init.getNameAsString())) {
      return Optional.empty();
    }
    if (!executor.get().isField()) {
      return Optional.of(executor.get().name() + "@" + Sites.line(declarator));
    }
    return Optional.of(executor.get().name());
  }

  /** Submitted in a loop, to invokeAll, or run by a parallel stream: overlaps itself. */
  static boolean selfParallel(Node handoff) {
    if (handoff instanceof MethodCallExpr call
        && (call.getNameAsString().equals("invokeAll")
            || call.getScope().filter(Handoffs::isParallelStream).isPresent())) {
      return true;
    }
    return Dominance.enclosingLoop(handoff).isPresent();
  }
}
