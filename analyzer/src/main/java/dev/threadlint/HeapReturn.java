package dev.threadlint;

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
 * a heap that grew: never for a small module in a build's JVM. {@code
 * -Dthreadlint.returnHeap=false} turns it off; {@code -XX:+DisableExplicitGC} makes it a no-op.
 */
final class HeapReturn {
  /** Below this many files the run is short and its heap small: nothing to return. */
  static final int MIN_FILES = 500;

  /** Below this committed heap there is little to return. */
  static final long MIN_COMMITTED_BYTES = 768L << 20;

  private HeapReturn() {}

  /** Called between the phases, with no worker busy. */
  static void betweenPhases(int files) {
    if (worthIt(files, Runtime.getRuntime().totalMemory())
        && !"false".equals(System.getProperty("threadlint.returnHeap"))) {
      System.gc();
    }
  }

  static boolean worthIt(int files, long committedBytes) {
    return files >= MIN_FILES && committedBytes >= MIN_COMMITTED_BYTES;
  }
}
