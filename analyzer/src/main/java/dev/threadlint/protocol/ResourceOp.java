package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.MethodCallExpr;

/**
 * One acquire, try-acquire or release call on a {@link Resource}.
 *
 * @param id index of the call within its body, used as identity in path states
 * @param kind what the call does
 * @param resource what it acts on
 * @param permits the permit count when it is a constant (1 for locks and no-argument calls), or
 *     {@link #UNKNOWN}
 * @param call the call
 * @param helper {@code null} for an operation of the resource itself; for a call of a method of
 *     this class that the analysis summarised ({@code canEnqueueRequest()}), what that method does
 * @param callback {@code null} for an operation done here; for a hand-off, the lambda or anonymous
 *     class given to {@code call} that releases the permit when it runs ({@code
 *     future.whenComplete((r, e) -> permits.release())}): from then on the permit is the
 *     callback's, so the hand-off counts as this body's release
 */
public record ResourceOp(
    int id,
    Kind kind,
    Resource resource,
    int permits,
    MethodCallExpr call,
    HelperSummary helper,
    Node callback) {
  public static final int UNKNOWN = -1;

  public ResourceOp(int id, Kind kind, Resource resource, int permits, MethodCallExpr call) {
    this(id, kind, resource, permits, call, null, null);
  }

  /** True when the permit is handed to asynchronous code here rather than released. */
  public boolean isHandOff() {
    return callback != null;
  }

  /** True when this is a call of a summarised helper method rather than of the resource. */
  public boolean viaHelper() {
    return helper != null;
  }

  /** What the call does to the resource. */
  public enum Kind {
    ACQUIRE,
    TRY_ACQUIRE,
    RELEASE
  }

  /** The call's text for messages: {@code permits.acquire(2)}. */
  public String text() {
    String text = call.toString();
    return text.length() > 60 || text.contains("\n") ? call.getNameAsString() + "(..)" : text;
  }
}
