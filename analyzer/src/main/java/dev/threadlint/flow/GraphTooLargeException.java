package dev.threadlint.flow;

/** A body whose graph would exceed the node budget; callers skip it rather than guess. */
public final class GraphTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  GraphTooLargeException(int limit) {
    super("control-flow graph larger than " + limit + " nodes");
  }
}
