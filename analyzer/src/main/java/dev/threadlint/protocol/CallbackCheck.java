package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.flow.Bodies;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether the callbacks a body hands its permits to give them back however the asynchronous work
 * ends: a continuation that runs only on success leaks the permit when the work fails (unless
 * another callback of the body covers failure), a callback with a path that keeps the permit leaks
 * it there, and a listener whose failure method does not release leaks it on failure.
 */
final class CallbackCheck {
  /** Listener methods called when the work fails or is cancelled. */
  private static final Set<String> FAILURE_METHODS =
      Set.of("onFailure", "onError", "failed", "onCancel", "onCancelled", "cancelled");

  private CallbackCheck() {}

  static List<ProtocolEvent> leaks(FileContext file, List<ResourceOp> ops) {
    List<ProtocolEvent> leaks = new ArrayList<>();
    for (ResourceOp op : ops) {
      if (!op.isHandOff()) {
        continue;
      }
      String method = op.call().getNameAsString();
      if (HandOffs.SUCCESS_ONLY.contains(method) && !coveredOnFailure(op, ops)) {
        leaks.add(
            new ProtocolEvent.CallbackLeak(
                op,
                String.format(
                    "'%s' runs only when the stage completes normally: when it fails the permit"
                        + " is never given back; release in whenComplete or handle",
                    method)));
        continue;
      }
      if (HandOffs.NOT_ON_CANCEL.contains(method) && !coveredOnCancel(op, ops)) {
        leaks.add(
            new ProtocolEvent.CallbackLeak(
                op,
                String.format(
                    "'%s' does not run when the subscriber cancels or disposes: the permit is"
                        + " never given back then; release in doFinally, or in doOnCancel too",
                    method)));
        continue;
      }
      Node callback = op.callback();
      if (callback instanceof LambdaExpr lambda
          && !BodyProtocol.releasesOnEveryPath(file, lambda, op.resource())) {
        leaks.add(
            new ProtocolEvent.CallbackLeak(
                op,
                "the callback does not give the permit back on every path (a branch or an"
                    + " exception skips the release); release it in a finally block of the"
                    + " callback"));
      } else if (callback instanceof com.github.javaparser.ast.expr.ObjectCreationExpr) {
        for (Node body : HandOffs.callbackBodies((Expression) callback)) {
          if (body instanceof MethodDeclaration listener
              && FAILURE_METHODS.contains(listener.getNameAsString())
              && !releases(file, listener, op.resource())) {
            leaks.add(
                new ProtocolEvent.CallbackLeak(
                    op,
                    String.format(
                        "the listener's '%s' does not give the permit back: it leaks when the"
                            + " work fails",
                        listener.getNameAsString())));
          }
        }
      }
    }
    return leaks;
  }

  /** Another callback of the same body releases the permit when the work fails. */
  private static boolean coveredOnFailure(ResourceOp successOnly, List<ResourceOp> ops) {
    return ops.stream()
        .anyMatch(
            other ->
                other != successOnly
                    && other.resource().equals(successOnly.resource())
                    && other.kind() == ResourceOp.Kind.RELEASE
                    && (!other.isHandOff()
                        || HandOffs.EVERY_COMPLETION.contains(other.call().getNameAsString())));
  }

  /** Another callback of the same body gives the permit back when the subscriber cancels. */
  private static boolean coveredOnCancel(ResourceOp notOnCancel, List<ResourceOp> ops) {
    return ops.stream()
        .anyMatch(
            other ->
                other != notOnCancel
                    && other.isHandOff()
                    && other.resource().equals(notOnCancel.resource())
                    && HandOffs.ON_CANCEL.contains(other.call().getNameAsString()));
  }

  private static boolean releases(FileContext file, Node body, Resource resource) {
    for (MethodCallExpr call : Bodies.findAllInSameBody(body, MethodCallExpr.class)) {
      if (ResourceOps.of(file, call, 0)
          .filter(op -> op.kind() == ResourceOp.Kind.RELEASE && op.resource().equals(resource))
          .isPresent()) {
        return true;
      }
    }
    return false;
  }
}
