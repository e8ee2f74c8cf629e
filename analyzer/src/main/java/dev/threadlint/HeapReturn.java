package dev.threadlint;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives the heap that the per-file phase grew back to the system before the project phase.
 *
 * <p>The two phases use the heap in opposite ways. Parsing every file allocates gigabytes that die
 * young, and G1 grows the heap whenever its young collections take more than a small share of the
 * time (a share that shrinks with the heap, and that a loaded machine exceeds more easily); it
 * never gives that memory back after a young collection. The project phase then builds the
 * concurrency model, a few hundred megabytes that all stay alive, and every young collection copies
 * them: G1 grew the heap there again, into regions not yet touched, so that the resident memory
 * rose by the model's size on top of all the per-file phase had grown (1.7–2.1 GiB on the bench
 * corpus, of which about 150 MB was alive when the phase began).
 *
 * <p>A full collection at the boundary, when only the files' facts are alive, shrinks the heap to a
 * few times that and unmaps the rest (G1 resizes after a full collection by {@code
 * MaxHeapFreeRatio}); the project phase grows it again from there. It costs one marking and
 * compaction of the facts (0.4 s of CPU on the bench corpus), so it runs only after a large run in
 * a heap that grew. Only a process that is threadlint's alone does it (the command line says so
 * through {@link #allowInThisProcess}): in a build's JVM a full collection would stop every other
 * plugin and module of a parallel build too, and sizing that heap is the build's business. {@code
 * -Dthreadlint.returnHeap=false} turns it off; {@code -XX:+DisableExplicitGC} makes it a no-op.
 */
public final class HeapReturn {
  /** Set once by the command line, before any run: this JVM runs threadlint and nothing else. */
  private static volatile boolean ownProcess;

  /** Below this many files the run is short and its heap small: nothing to return. */
  static final int MIN_FILES = 500;

  /** Below this committed heap there is little to return. */
  static final long MIN_COMMITTED_BYTES = 768L << 20;

  private HeapReturn() {}

  /** Says that this JVM is threadlint's alone, so that its runs may give their heap back. */
  public static void allowInThisProcess() {
    ownProcess = true;
  }

  /** Called between the phases, with no worker busy. */
  static void betweenPhases(int files) {
    if (worthIt(files, Runtime.getRuntime().totalMemory()) && enabled()) {
      System.gc();
    }
  }

  static boolean worthIt(int files, long committedBytes) {
    return files >= MIN_FILES && committedBytes >= MIN_COMMITTED_BYTES;
  }

  private static boolean enabled() {
    return ownProcess && !"false".equals(System.getProperty("threadlint.returnHeap"));
  }

  /**
   * The same within the per-file phase, a few times a run at most: when the committed heap passes a
   * ceiling, a full collection gives it back. The largest files are analysed first, and while their
   * trees and facts pile up in a heap still small, G1's young pauses take a large share of the time
   * and it grows the heap by gigabytes at once (a cold bench-corpus run reached 2.4 GiB resident
   * four seconds in, with 230 MB alive); the young generation then fills all of it. After a full
   * collection it grows again, from a heap a few times what is alive.
   */
  static final class Ceiling {
    /** Full collections a run may make; each marks and compacts what is alive (0.1–0.4 s). */
    private static final int MAX_COLLECTIONS = 3;

    private final long limit;
    private final AtomicInteger prepared = new AtomicInteger();
    private final AtomicInteger collections = new AtomicInteger();

    /** A ceiling of 1 GiB, or 512 MiB above the heap the run started with if that is higher. */
    Ceiling() {
      this.limit = Math.max(1L << 30, Runtime.getRuntime().totalMemory() + (512L << 20));
    }

    /** Counts a file of the run: a run of fewer than {@link #MIN_FILES} never collects. */
    void prepared() {
      prepared.incrementAndGet();
    }

    /** Called by a worker after each file it analysed. */
    void afterFile() {
      if (prepared.get() < MIN_FILES
          || collections.get() >= MAX_COLLECTIONS
          || Runtime.getRuntime().totalMemory() < limit
          || !enabled()) {
        return;
      }
      synchronized (this) {
        // another worker may have collected while this one waited
        if (collections.get() < MAX_COLLECTIONS && Runtime.getRuntime().totalMemory() >= limit) {
          collections.incrementAndGet();
          System.gc();
        }
      }
    }
  }
}
