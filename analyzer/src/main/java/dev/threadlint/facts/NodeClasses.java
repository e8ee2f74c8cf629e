package dev.threadlint.facts;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small number for each class of AST node, the same on every worker: {@link FileContext} files
 * its nodes under these numbers, so that the nodes of a kind are found without testing every node
 * of the tree. JavaParser has about 150 node classes, so the numbers stay small.
 */
final class NodeClasses {
  private static final AtomicInteger NEXT = new AtomicInteger();

  /**
   * Two threads may compute the same class at once: the class value keeps one number and the other
   * stays unused, which costs one slot.
   */
  private static final ClassValue<Integer> IDS =
      new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
          return NEXT.getAndIncrement();
        }
      };

  private NodeClasses() {}

  /** The number of a node class. */
  static int idOf(Class<?> type) {
    return IDS.get(type);
  }
}
