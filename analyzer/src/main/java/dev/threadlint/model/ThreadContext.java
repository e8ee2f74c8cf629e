package dev.threadlint.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * A way a body comes to run: on a thread of its own, as a task handed to a pool, confined to one
 * named thread, or as a method of a class's API that any thread may call.
 *
 * @param kind which way
 * @param thread for {@link Kind#CONFINED}, the thread's name (an executor field, {@code main}...);
 *     {@code ""} otherwise
 * @param selfParallel more than one run may overlap (submitted in a loop, invokeAll, a parallel
 *     stream, a pool with several threads)
 * @param description for messages: "a task submitted at line 12", "run() of Worker"
 * @param origin where the task is handed over; the method itself for API and run()
 */
public record ThreadContext(
    Kind kind, String thread, boolean selfParallel, String description, Site origin)
    implements Serializable {

  /** How a body comes to run. */
  public enum Kind {
    /** A non-private method of the class, callable from any thread that holds the object. */
    API,
    /** run()/call() of a Thread, Runnable, Callable or TimerTask class. */
    THREAD,
    /** A lambda, method reference or anonymous task handed to a thread or pool here. */
    TASK,
    /** Confined to the one thread named by {@link #thread}. */
    CONFINED
  }

  public ThreadContext {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(thread, "thread");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(origin, "origin");
  }

  /**
   * True when code in this context and code in {@code other} may run at the same time. Two contexts
   * confined to one thread never do; a context overlaps itself only when it is {@code
   * selfParallel}; the API of a class overlaps its threads and tasks.
   */
  public boolean mayRunWith(ThreadContext other) {
    if (kind == Kind.CONFINED && other.kind == Kind.CONFINED) {
      return !thread.equals(other.thread);
    }
    if (equals(other)) {
      return selfParallel;
    }
    return true;
  }
}
