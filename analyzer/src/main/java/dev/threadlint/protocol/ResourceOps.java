package dev.threadlint.protocol;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.models.JdkTypes;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises acquire, try-acquire and release calls of {@code Semaphore}, {@code Lock} (and {@code
 * ReentrantLock}, read/write views of a {@code ReadWriteLock}) and {@code StampedLock}, including
 * project subclasses, by method name and the declared type of the receiver variable.
 */
final class ResourceOps {
  private static final Set<String> SEMAPHORE_ACQUIRE = Set.of("acquire", "acquireUninterruptibly");
  private static final Set<String> LOCK_ACQUIRE = Set.of("lock", "lockInterruptibly");

  /**
   * Every name {@link #of} can return an operation for, apart from the declared pairs': a quick
   * test before the receiver is resolved, which most calls of a file would otherwise pay for.
   */
  private static final Set<String> OPERATION_NAMES =
      Set.of(
          "acquire",
          "acquireUninterruptibly",
          "tryAcquire",
          "release",
          "lock",
          "lockInterruptibly",
          "tryLock",
          "unlock",
          "writeLock",
          "writeLockInterruptibly",
          "readLock",
          "readLockInterruptibly",
          "unlockWrite",
          "unlockRead");

  private static boolean declaredName(FileContext file, String name) {
    for (dev.threadlint.models.ResourcePair pair : file.resourcePairs()) {
      if (name.equals(pair.release()) || pair.acquires().contains(name)) {
        return true;
      }
    }
    return false;
  }

  private ResourceOps() {}

  /** The operation a call performs, if it is one; {@code id} numbers it within its body. */
  static Optional<ResourceOp> of(FileContext file, MethodCallExpr call, int id) {
    if (call.getScope().isEmpty()) {
      return Optional.empty();
    }
    String name = call.getNameAsString();
    if (!OPERATION_NAMES.contains(name) && !declaredName(file, name)) {
      return Optional.empty(); // every path below answers only for these names
    }
    Expression scope = FileContext.unwrap(call.getScope().get());
    int args = call.getArguments().size();
    if (scope instanceof MethodCallExpr view && isViewCall(view)) {
      return viewOp(file, view, name, args, call, id);
    }
    Optional<Variable> variable = Aliases.resolve(file, scope);
    if (variable.isEmpty()) {
      return Optional.empty();
    }
    TypeRef type = variable.get().type();
    if (!type.isKnown()) {
      return Optional.empty();
    }
    Optional<ResourceOp> declared = DeclaredPairs.op(file, variable.get(), call, id);
    if (declared.isPresent()) {
      return declared;
    }
    if (FileContext.couldBe(type, JdkTypes.SEMAPHORE)) {
      Resource resource =
          resource(variable.get(), "", Resource.Type.SEMAPHORE, type, JdkTypes.SEMAPHORE);
      if (SEMAPHORE_ACQUIRE.contains(name) && args <= 1) {
        return op(id, ResourceOp.Kind.ACQUIRE, resource, args == 0 ? 1 : constant(call, 0), call);
      }
      if (name.equals("tryAcquire") && args <= 3) {
        int permits = args == 1 || args == 3 ? constant(call, 0) : 1;
        return op(id, ResourceOp.Kind.TRY_ACQUIRE, resource, permits, call);
      }
      if (name.equals("release") && args <= 1) {
        return op(id, ResourceOp.Kind.RELEASE, resource, args == 0 ? 1 : constant(call, 0), call);
      }
    }
    if (FileContext.couldBe(type, JdkTypes.LOCK)) {
      Resource resource = resource(variable.get(), "", Resource.Type.LOCK, type, JdkTypes.LOCK);
      return lockOp(name, args, resource, call, id);
    }
    if (FileContext.couldBe(type, JdkTypes.STAMPED_LOCK)) {
      return stampedOp(variable.get(), type, name, call, id);
    }
    return Optional.empty();
  }

  private static Optional<ResourceOp> lockOp(
      String name, int args, Resource resource, MethodCallExpr call, int id) {
    if (LOCK_ACQUIRE.contains(name) && args == 0) {
      return op(id, ResourceOp.Kind.ACQUIRE, resource, 1, call);
    }
    if (name.equals("tryLock") && (args == 0 || args == 2)) {
      return op(id, ResourceOp.Kind.TRY_ACQUIRE, resource, 1, call);
    }
    if (name.equals("unlock") && args == 0) {
      return op(id, ResourceOp.Kind.RELEASE, resource, 1, call);
    }
    return Optional.empty();
  }

  /** {@code rw.readLock().lock()}: the view of a read-write lock held in a variable. */
  private static Optional<ResourceOp> viewOp(
      FileContext file, MethodCallExpr view, String name, int args, MethodCallExpr call, int id) {
    Optional<Variable> variable = view.getScope().flatMap(scope -> Aliases.resolve(file, scope));
    if (variable.isEmpty() && view.getScope().isPresent()) {
      return chainViewOp(file, view, name, args, call, id);
    }
    if (variable.isEmpty()
        || !variable.get().type().isKnown()
        || !FileContext.couldBe(variable.get().type(), JdkTypes.READ_WRITE_LOCK)) {
      return Optional.empty();
    }
    String which = view.getNameAsString().equals("readLock") ? "read" : "write";
    Resource resource =
        resource(
            variable.get(),
            which,
            Resource.Type.LOCK,
            variable.get().type(),
            JdkTypes.READ_WRITE_LOCK);
    return lockOp(name, args, resource, call, id);
  }

  /**
   * {@code service.getConfigLock().readLock().lock()}: the read or write view of a lock reached
   * through a getter of a field. The getter's return type is in another class, often another file;
   * the shape itself, a {@code readLock()}/{@code writeLock()} view whose {@code lock()}/{@code
   * unlock()} is called, is the {@code ReadWriteLock} protocol.
   */
  private static Optional<ResourceOp> chainViewOp(
      FileContext file, MethodCallExpr view, String name, int args, MethodCallExpr call, int id) {
    Optional<Aliases.Chain> chain = Aliases.chain(file, view.getScope().get());
    if (chain.isEmpty()) {
      return Optional.empty();
    }
    String which = view.getNameAsString().equals("readLock") ? "read" : "write";
    Resource resource =
        new Resource(
            chain.get().field(),
            chain.get().getter() + "()." + which,
            Resource.Type.LOCK,
            new TypeCondition(TypeRef.exact(JdkTypes.OBJECT), JdkTypes.OBJECT));
    return lockOp(name, args, resource, call, id);
  }

  private static Optional<ResourceOp> stampedOp(
      Variable variable, TypeRef type, String name, MethodCallExpr call, int id) {
    String which;
    ResourceOp.Kind kind;
    switch (name) {
      case "writeLock", "writeLockInterruptibly" -> {
        which = "write";
        kind = ResourceOp.Kind.ACQUIRE;
      }
      case "readLock", "readLockInterruptibly" -> {
        which = "read";
        kind = ResourceOp.Kind.ACQUIRE;
      }
      case "unlockWrite" -> {
        which = "write";
        kind = ResourceOp.Kind.RELEASE;
      }
      case "unlockRead" -> {
        which = "read";
        kind = ResourceOp.Kind.RELEASE;
      }
      default -> {
        return Optional.empty();
      }
    }
    Resource resource = resource(variable, which, Resource.Type.LOCK, type, JdkTypes.STAMPED_LOCK);
    return op(id, kind, resource, 1, call);
  }

  /** The semaphore a variable holds, when its declared type may be one. */
  static Optional<Resource> semaphore(Variable variable) {
    TypeRef type = variable.type();
    if (!type.isKnown() || !FileContext.couldBe(type, JdkTypes.SEMAPHORE)) {
      return Optional.empty();
    }
    return Optional.of(resource(variable, "", Resource.Type.SEMAPHORE, type, JdkTypes.SEMAPHORE));
  }

  static boolean isViewCall(MethodCallExpr call) {
    String name = call.getNameAsString();
    return (name.equals("readLock") || name.equals("writeLock")) && call.getArguments().isEmpty();
  }

  private static Resource resource(
      Variable variable, String view, Resource.Type kind, TypeRef type, String supertype) {
    return new Resource(variable, view, kind, new TypeCondition(type, supertype));
  }

  private static Optional<ResourceOp> op(
      int id, ResourceOp.Kind kind, Resource resource, int permits, MethodCallExpr call) {
    return Optional.of(new ResourceOp(id, kind, resource, permits, call));
  }

  private static int constant(MethodCallExpr call, int index) {
    Expression argument = FileContext.unwrap(call.getArgument(index));
    if (argument instanceof IntegerLiteralExpr literal) {
      try {
        return Integer.parseInt(literal.getValue().replace("_", ""));
      } catch (NumberFormatException e) {
        return ResourceOp.UNKNOWN;
      }
    }
    return ResourceOp.UNKNOWN;
  }
}
