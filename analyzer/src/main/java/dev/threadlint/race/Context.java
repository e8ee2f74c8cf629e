package dev.threadlint.race;

import com.github.javaparser.ast.Node;

/**
 * Where code may run concurrently with other code.
 *
 * @param id identity for comparisons
 * @param entry a body handed to another thread (a thread's task, an executor task, a parallel
 *     stream's lambda, a Runnable's run()); otherwise the class's API, callable from any thread
 * @param selfParallel may run in parallel with itself (submitted in a loop, a parallel stream)
 * @param origin where the entry is handed over (the {@code new Thread}/{@code submit} call); the
 *     body itself for run() methods
 * @param description for messages
 */
public record Context(
    String id, boolean entry, boolean selfParallel, Node origin, String description) {
  @Override
  public boolean equals(Object other) {
    return other instanceof Context c && c.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }
}
