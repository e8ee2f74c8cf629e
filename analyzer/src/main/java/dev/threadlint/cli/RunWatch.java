package dev.threadlint.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Watches a run's connection while the daemon runs it, and interrupts the run when the command line
 * goes away (Ctrl-C, a killed process): nobody waits for its answer, and the next run would wait
 * for it. The command line sends nothing after its request, so a read that ends means it is gone.
 * The analysis stops at its next wait for its workers and ends as an interrupted run does.
 *
 * <p>Made for one run: {@link #start} before it, {@link #stop} after it, on the thread that runs
 * it. After {@code stop} no interrupt comes, and one that came as the run ended is cleared, so the
 * daemon's next wait and next run start uninterrupted.
 */
final class RunWatch {
  private static final long STOP_WITHIN_MILLIS = 5_000;

  private final SocketChannel connection;
  private final Thread runner;
  private final Thread watcher;
  private boolean ended; // guarded by this
  private boolean interrupted; // guarded by this

  private RunWatch(SocketChannel connection, Thread runner) {
    this.connection = connection;
    this.runner = runner;
    this.watcher = new Thread(this::watch, "threadlint-daemon-run-watch");
    // joined by stop(); should that fail, the daemon ends all the same
    this.watcher.setDaemon(true);
  }

  /** A watch of this connection for the run on the calling thread, started. */
  static RunWatch start(SocketChannel connection) {
    RunWatch watch = new RunWatch(connection, Thread.currentThread());
    watch.watcher.start();
    return watch;
  }

  private void watch() {
    ByteBuffer sink = ByteBuffer.allocate(256);
    try {
      while (connection.read(sink) >= 0) {
        sink.clear(); // more than the request: not this protocol, but no reason to stop the run
      }
    } catch (IOException e) {
      // reset, or closed by stop(): either way the watch ends
    }
    synchronized (this) {
      if (!ended) {
        interrupted = true;
        runner.interrupt();
      }
    }
  }

  /**
   * Ends the watch when the run has ended: no interrupt after this, the watcher joined, and the
   * calling thread's interrupt status cleared.
   *
   * @return whether the command line went away during the run
   */
  boolean stop() {
    boolean wentAway;
    synchronized (this) {
      ended = true;
      wentAway = interrupted;
    }
    // the watcher's interrupt, if it came as the run ended: none comes after ended was set
    Thread.interrupted();
    try {
      connection.shutdownInput(); // the watcher's read ends
    } catch (IOException e) {
      // closed already: the read has ended
    }
    try {
      watcher.join(STOP_WITHIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // someone else's: the daemon ends
      throw new IllegalStateException("interrupted while the run's watch ended", e);
    }
    if (watcher.isAlive()) {
      throw new IllegalStateException("the run's watch did not end");
    }
    return wentAway;
  }
}
