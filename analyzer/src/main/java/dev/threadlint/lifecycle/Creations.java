package dev.threadlint.lifecycle;

import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.models.JdkTypes;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises the creation of platform threads and of executors whose threads are not daemon. Only
 * creations whose daemon status can be seen count: {@code new Thread(..)}, a subclass of Thread
 * declared in the same file that never calls setDaemon, a platform builder without {@code
 * daemon(..)}; executors made with the default thread factory. A visible or unknown ThreadFactory
 * may make daemon threads, so such executors are not tracked.
 */
public final class Creations {
  /** Executors factory methods and how many arguments they take with the default factory. */
  private static final Map<String, Integer> DEFAULT_FACTORY_ARITY =
      Map.of(
          "newFixedThreadPool", 1,
          "newCachedThreadPool", 0,
          "newSingleThreadExecutor", 0,
          "newScheduledThreadPool", 1,
          "newSingleThreadScheduledExecutor", 0);

  private Creations() {}

  /** What an expression creates, if it is a tracked creation. */
  public static Optional<Tracked.Kind> of(FileContext file, Expression expression) {
    Expression bare = FileContext.unwrap(expression);
    if (bare instanceof ObjectCreationExpr creation) {
      return objectCreation(file, creation);
    }
    if (bare instanceof MethodCallExpr call) {
      return factoryCall(file, call);
    }
    return Optional.empty();
  }

  /** A thread that is started as it is created: {@code Thread.ofPlatform().start(r)}. */
  public static boolean isStartedPlatformBuilder(MethodCallExpr call) {
    return call.getNameAsString().equals("start") && isPlatformBuilderChain(call);
  }

  private static Optional<Tracked.Kind> objectCreation(
      FileContext file, ObjectCreationExpr creation) {
    String name = creation.getType().getNameAsString();
    TypeRef type = file.types().resolve(creation.getType());
    if (name.equals("Thread")
        && type.mayBe(JdkTypes.THREAD)
        && creation.getAnonymousClassBody().isEmpty()) {
      return Optional.of(Tracked.Kind.THREAD);
    }
    if (name.equals("Thread") && type.mayBe(JdkTypes.THREAD)) {
      boolean daemon =
          creation.getAnonymousClassBody().get().stream()
              .anyMatch(m -> m.toString().contains("setDaemon"));
      return daemon ? Optional.empty() : Optional.of(Tracked.Kind.THREAD);
    }
    Optional<ClassOrInterfaceDeclaration> local =
        file.all(ClassOrInterfaceDeclaration.class).stream()
            .filter(c -> c.getNameAsString().equals(name))
            .findFirst();
    if (local.isPresent()
        && local.get().getExtendedTypes().stream()
            .anyMatch(t -> t.getNameAsString().equals("Thread"))
        && !local.get().toString().contains("setDaemon")) {
      return Optional.of(Tracked.Kind.THREAD);
    }
    if (local.isPresent() && isDefaultFactoryPoolSubclass(local.get())) {
      return Optional.of(Tracked.Kind.EXECUTOR);
    }
    if ((name.equals("ThreadPoolExecutor")
            && type.mayBe(JdkTypes.THREAD_POOL_EXECUTOR)
            && defaultFactoryPool(creation))
        || (name.equals("ScheduledThreadPoolExecutor")
            && type.mayBe(JdkTypes.SCHEDULED_THREAD_POOL_EXECUTOR)
            && creation.getArguments().size() == 1)) {
      return Optional.of(Tracked.Kind.EXECUTOR);
    }
    return Optional.empty();
  }

  /**
   * A class of this file that extends ThreadPoolExecutor (or ScheduledThreadPoolExecutor) and whose
   * every constructor hands the default thread factory to {@code super(..)}: its threads are not
   * daemon.
   */
  private static boolean isDefaultFactoryPoolSubclass(ClassOrInterfaceDeclaration type) {
    if (type.getExtendedTypes().size() != 1 || type.getConstructors().isEmpty()) {
      return false;
    }
    String parent = type.getExtendedTypes().get(0).getNameAsString();
    if (!parent.equals("ThreadPoolExecutor") && !parent.equals("ScheduledThreadPoolExecutor")) {
      return false;
    }
    for (var constructor : type.getConstructors()) {
      var first = constructor.getBody().getStatements().getFirst();
      if (first.isEmpty()
          || !(first.get()
              instanceof com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt call)
          || call.isThis()) {
        return false;
      }
      int args = call.getArguments().size();
      boolean defaultFactory =
          parent.equals("ThreadPoolExecutor")
              ? args == 5
                  || (args == 6
                      && call.getArgument(5) instanceof ObjectCreationExpr handler
                      && handler.getType().getNameAsString().endsWith("Policy"))
              : args == 1;
      if (!defaultFactory) {
        return false;
      }
    }
    return true;
  }

  /** Five arguments, or six where the sixth is a rejection policy rather than a factory. */
  private static boolean defaultFactoryPool(ObjectCreationExpr creation) {
    int args = creation.getArguments().size();
    if (args == 5) {
      return true;
    }
    return args == 6
        && creation.getArgument(5) instanceof ObjectCreationExpr handler
        && handler.getType().getNameAsString().endsWith("Policy");
  }

  private static Optional<Tracked.Kind> factoryCall(FileContext file, MethodCallExpr call) {
    String name = call.getNameAsString();
    Integer arity = DEFAULT_FACTORY_ARITY.get(name);
    if (arity != null
        && call.getArguments().size() == arity
        && call.getScope()
            .flatMap(file::staticScopeType)
            .filter(t -> t.mayBe(JdkTypes.EXECUTORS))
            .isPresent()) {
      return Optional.of(Tracked.Kind.EXECUTOR);
    }
    if (name.equals("unstarted") && isPlatformBuilderChain(call)) {
      return Optional.of(Tracked.Kind.THREAD);
    }
    return Optional.empty();
  }

  /** {@code Thread.ofPlatform()...x(..)} with no {@code daemon(..)} in the chain. */
  private static boolean isPlatformBuilderChain(MethodCallExpr call) {
    Optional<Expression> scope = call.getScope();
    while (scope.isPresent() && scope.get() instanceof MethodCallExpr link) {
      if (link.getNameAsString().equals("daemon")) {
        return false;
      }
      if (link.getNameAsString().equals("ofPlatform")) {
        return link.getScope().filter(s -> s.toString().equals("Thread")).isPresent();
      }
      scope = link.getScope();
    }
    return false;
  }
}
