package dev.threadlint.models;

import java.util.Set;

/**
 * Annotations that state a class's or method's threading intent, by simple name (each is declared
 * under that name by several libraries: jcip, javax.annotation.concurrent, Error Prone, the Checker
 * Framework, Android and JetBrains). Data only.
 */
public final class IntentAnnotations {
  private IntentAnnotations() {}

  /** The packages that declare them, for documentation and tests. */
  public static final Set<String> PACKAGES =
      Set.of(
          "net.jcip.annotations",
          "javax.annotation.concurrent",
          "com.google.errorprone.annotations",
          "com.google.errorprone.annotations.concurrent",
          "org.checkerframework.checker.lock.qual",
          "androidx.annotation",
          "android.support.annotation",
          "org.jetbrains.annotations",
          "com.facebook.infer.annotation");

  /** Instances are shared between threads: every public method may run on any thread. */
  public static final Set<String> THREAD_SAFE = Set.of("ThreadSafe");

  /** Instances are not meant to be shared. */
  public static final Set<String> NOT_THREAD_SAFE = Set.of("NotThreadSafe");

  /** Instances never change after construction. */
  public static final Set<String> IMMUTABLE = Set.of("Immutable");

  /** A field (or method) is guarded by the lock named in the annotation's value. */
  public static final Set<String> GUARDED_BY = Set.of("GuardedBy");

  /** Code confined to one thread; the value is the thread's name. */
  public static final Set<String> CONFINED =
      Set.of("ThreadConfined", "MainThread", "UiThread", "WorkerThread", "BinderThread");

  /** Explicitly callable from any thread. */
  public static final Set<String> ANY_THREAD = Set.of("AnyThread");
}
