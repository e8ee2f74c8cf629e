package dev.threadlint.model;

/**
 * Runs two independent steps of a build at once: one on the calling thread, one on a short-lived
 * thread of its own, and returns when both are done. The model is built once per run while the
 * rules that need it wait, so a second core is idle then; the steps must not share anything they
 * write. A failure of either step is thrown here, as if both had run on the caller's thread.
 */
final class SideBySide {
  private SideBySide() {}

  /**
   * The same, or both steps on the calling thread, one after the other, when not {@code together}.
   */
  static void run(boolean together, Runnable here, Runnable beside) {
    if (together) {
      run(here, beside);
    } else {
      here.run();
      beside.run();
    }
  }

  static void run(Runnable here, Runnable beside) {
    Throwable[] failed = new Throwable[1];
    Thread thread =
        new Thread(
            () -> {
              try {
                beside.run();
              } catch (RuntimeException | Error e) {
                failed[0] = e; // read after join(), which orders this write before the read
              }
            },
            "threadlint-model-beside");
    thread.setDaemon(true);
    thread.start();
    try {
      here.run();
    } finally {
      joinUninterruptibly(thread);
    }
    if (failed[0] instanceof RuntimeException e) {
      throw e;
    }
    if (failed[0] instanceof Error e) {
      throw e;
    }
  }

  /**
   * Waits for a thread that ends by itself; an interrupt is kept for the caller to see after the
   * wait: what the thread writes must be whole before anyone reads it.
   */
  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
