package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.flow.Bodies;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Permits handed to asynchronous code: a call that is given a lambda, method reference or anonymous
 * class which releases a semaphore ({@code future.whenComplete((r, e) -> permits.release())},
 * {@code executor.execute(() -> { try { .. } finally { permits.release(); } })}, a listener). From
 * that call on the permit belongs to the callback. Locks are never handed off this way: a {@code
 * Lock} must be unlocked by the thread that locked it.
 */
final class HandOffs {
  /** Continuations that run only when the stage completes normally. */
  static final Set<String> SUCCESS_ONLY =
      Set.of(
          "thenRun",
          "thenRunAsync",
          "thenAccept",
          "thenAcceptAsync",
          "thenApply",
          "thenApplyAsync",
          "thenCompose",
          "thenComposeAsync",
          "onSuccess",
          "doOnSuccess",
          "doOnNext");

  /** Continuations that run however the stage completes (normally or exceptionally). */
  static final Set<String> EVERY_COMPLETION =
      Set.of(
          "whenComplete",
          "whenCompleteAsync",
          "handle",
          "handleAsync",
          "exceptionally",
          "exceptionallyAsync",
          "doFinally",
          "doOnTerminate",
          "doAfterTerminate",
          "addListener",
          "onFailure",
          "doOnError");

  /**
   * Reactive callbacks that run when the stream completes or fails, but not when the subscriber
   * cancels or disposes of it (Reactor's and RxJava's {@code doOnTerminate}): a permit they give
   * back leaks on cancellation. {@code CompletableFuture.cancel} is no such path: it completes the
   * future exceptionally, which runs {@code whenComplete} and {@code handle}.
   */
  static final Set<String> NOT_ON_CANCEL = Set.of("doOnTerminate", "doAfterTerminate");

  /** Reactive callbacks that run when the subscriber cancels or disposes. */
  static final Set<String> ON_CANCEL =
      Set.of("doFinally", "doOnCancel", "doOnDispose", "doOnUnsubscribe");

  private HandOffs() {}

  /** The hand-off a call performs: one of its arguments is a callback that releases a permit. */
  static Optional<ResourceOp> of(FileContext file, MethodCallExpr call, int id) {
    for (Expression argument : call.getArguments()) {
      Expression bare = FileContext.unwrap(argument);
      Optional<ResourceOp> release = releaseIn(file, bare);
      if (release.isPresent()
          && release.get().resource().type() == Resource.Type.SEMAPHORE
          && !release.get().viaHelper()) {
        ResourceOp r = release.get();
        return Optional.of(
            new ResourceOp(
                id, ResourceOp.Kind.RELEASE, r.resource(), r.permits(), call, null, bare));
      }
    }
    return Optional.empty();
  }

  /** The first release of a semaphore that the callback's own body makes. */
  private static Optional<ResourceOp> releaseIn(FileContext file, Expression callback) {
    if (callback instanceof MethodReferenceExpr reference) {
      return methodReference(file, reference);
    }
    List<Node> bodies = callbackBodies(callback);
    for (Node body : bodies) {
      for (MethodCallExpr inner : Bodies.findAllInSameBody(body, MethodCallExpr.class)) {
        Optional<ResourceOp> op = ResourceOps.of(file, inner, 0);
        if (op.isPresent() && op.get().kind() == ResourceOp.Kind.RELEASE) {
          return op;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The lambda, the methods of an anonymous class, or for {@code this} (a task that resubmits
   * itself: {@code executor.submit(this)}) the {@code run}/{@code call} of the enclosing class;
   * empty for anything else.
   */
  static List<Node> callbackBodies(Expression callback) {
    List<Node> bodies = new ArrayList<>();
    if (callback instanceof com.github.javaparser.ast.expr.ThisExpr self
        && self.getTypeName().isEmpty()) {
      Node current = self.getParentNode().orElse(null);
      while (current != null) {
        if (current instanceof ObjectCreationExpr creation
            && creation.getAnonymousClassBody().isPresent()) {
          creation.getAnonymousClassBody().get().stream()
              .filter(m -> m instanceof MethodDeclaration d && isTaskMethod(d))
              .forEach(bodies::add);
          return bodies;
        }
        if (current instanceof com.github.javaparser.ast.body.TypeDeclaration<?> type) {
          type.getMethods().stream().filter(HandOffs::isTaskMethod).forEach(bodies::add);
          return bodies;
        }
        current = current.getParentNode().orElse(null);
      }
      return bodies;
    }
    if (callback instanceof LambdaExpr lambda) {
      bodies.add(lambda);
    } else if (callback instanceof ObjectCreationExpr creation
        && creation.getAnonymousClassBody().isPresent()) {
      creation.getAnonymousClassBody().get().stream()
          .filter(MethodDeclaration.class::isInstance)
          .forEach(bodies::add);
    }
    return bodies;
  }

  private static boolean isTaskMethod(MethodDeclaration method) {
    String name = method.getNameAsString();
    return method.getParameters().isEmpty() && (name.equals("run") || name.equals("call"));
  }

  /** {@code permits::release} handed as a callback. */
  private static Optional<ResourceOp> methodReference(
      FileContext file, MethodReferenceExpr reference) {
    if (!reference.getIdentifier().equals("release")) {
      return Optional.empty();
    }
    Expression scope = reference.getScope();
    Optional<dev.threadlint.facts.Variable> variable =
        scope instanceof com.github.javaparser.ast.expr.TypeExpr type
            ? file.scopes().lookup(type.getType().asString(), type)
            : file.variableOf(scope);
    return variable
        .map(v -> Aliases.canonical(file, v))
        .flatMap(ResourceOps::semaphore)
        .map(r -> new ResourceOp(0, ResourceOp.Kind.RELEASE, r, 1, null));
  }
}
