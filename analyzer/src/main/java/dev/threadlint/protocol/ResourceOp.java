package dev.threadlint.protocol;

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
 */
public record ResourceOp(int id, Kind kind, Resource resource, int permits, MethodCallExpr call) {
  public static final int UNKNOWN = -1;

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
