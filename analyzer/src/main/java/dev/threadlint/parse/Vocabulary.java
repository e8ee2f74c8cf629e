package dev.threadlint.parse;

import dev.threadlint.models.JdkTypes;
import dev.threadlint.models.ThreadSafety;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words that make a file matter to some rule on their own: language keywords of concurrency,
 * monitor methods, the concurrency types of the JDK models (taken from {@link JdkTypes} and {@link
 * ThreadSafety}, so that a type added there is a trigger here too), concurrency annotations, and
 * stems that name concurrency in library and project types ({@code ListeningExecutorService},
 * {@code StripedLock}). Generous on purpose: a word too many costs a parse, a word too few loses a
 * finding.
 */
final class Vocabulary {
  /** Types in the models that say nothing about concurrency by themselves. */
  private static final Set<String> NOT_TRIGGERS =
      Set.of(
          "Object",
          "Exception",
          "Throwable",
          "String",
          "Integer",
          "Long",
          "Boolean",
          "Class",
          "Queue",
          "AutoCloseable",
          "Builder",
          "start",
          "unstarted");

  private static final Set<String> WORDS = words();

  private static final List<String> STEMS =
      List.of(
          "Thread",
          "Lock",
          "Atomic",
          "Concurrent",
          "Executor",
          "Semaphore",
          "Future",
          "Latch",
          "Barrier",
          "Phaser",
          "Exchanger",
          "Runnable",
          "Callable",
          "ForkJoin",
          "Scheduled",
          "Async",
          "Synchron",
          "Volatile",
          "Interrupt");

  private Vocabulary() {}

  /** True when an identifier of the code is a concurrency word. */
  static boolean triggers(String identifier, Set<String> extra) {
    if (WORDS.contains(identifier) || extra.contains(identifier)) {
      return true;
    }
    for (String stem : STEMS) {
      if (identifier.contains(stem)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> words() {
    Set<String> words =
        new HashSet<>(
            Set.of(
                "synchronized",
                "volatile",
                "wait",
                "notify",
                "notifyAll",
                "interrupt",
                "interrupted",
                "isInterrupted",
                "parallel",
                "parallelStream",
                "concurrent",
                "locks",
                "atomic",
                "Timer",
                "TimerTask",
                "ScopedValue",
                "IllegalMonitorStateException",
                "ThreadConfined",
                "MainThread",
                "UiThread",
                "WorkerThread",
                "AnyThread",
                "BinderThread"));
    for (Map.Entry<String, List<String>> entry : JdkTypes.SUPERTYPES.entrySet()) {
      addType(entry.getKey(), words);
      entry.getValue().forEach(type -> addType(type, words));
    }
    for (Map.Entry<String, String> entry : JdkTypes.RETURN_TYPES.entrySet()) {
      int hash = entry.getKey().indexOf('#');
      addType(entry.getKey().substring(0, hash), words);
      words.add(entry.getKey().substring(hash + 1));
      addType(entry.getValue(), words);
    }
    words.addAll(ThreadSafety.CONCURRENT_COLLECTIONS);
    words.addAll(ThreadSafety.UNSAFE_STATICS);
    words.addAll(ThreadSafety.GUARDED_BY);
    words.addAll(ThreadSafety.THREAD_SAFE);
    words.addAll(ThreadSafety.NOT_SHARED);
    words.removeAll(NOT_TRIGGERS);
    return Set.copyOf(words);
  }

  /** Every capitalised segment of a qualified name: {@code Thread}, {@code Builder}, ... */
  private static void addType(String qualifiedName, Set<String> into) {
    for (String segment : qualifiedName.split("\\.")) {
      if (!segment.isEmpty() && Character.isUpperCase(segment.charAt(0))) {
        into.add(segment);
      }
    }
  }
}
