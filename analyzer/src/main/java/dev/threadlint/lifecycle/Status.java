package dev.threadlint.lifecycle;

/**
 * What one path knows about one tracked object.
 *
 * @param kind the lifecycle point reached
 * @param site for {@link Kind#OPEN}, the id of the node that opened it (start or creation)
 */
record Status(Kind kind, int site) {
  enum Kind {
    /** Created, not started (threads only). */
    NEW,
    /** A thread made daemon before start: nothing to finish. */
    DAEMON,
    /** Started thread or live executor: must be finished. */
    OPEN,
    /** Joined, shut down or closed. */
    DONE,
    /** Handed to other code: no longer this method's business. */
    ESCAPED
  }

  static final Status NEW = new Status(Kind.NEW, -1);
  static final Status DAEMON = new Status(Kind.DAEMON, -1);
  static final Status DONE = new Status(Kind.DONE, -1);
  static final Status ESCAPED = new Status(Kind.ESCAPED, -1);
}
