package dev.threadlint.models;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the JDK's type hierarchy that the rules reason about: each known type with its direct
 * supertypes. Data only. A type that is not listed here nor declared in the project is unknown, and
 * unknown types never produce a finding.
 */
public final class JdkTypes {
  private JdkTypes() {}

  public static final String OBJECT = "java.lang.Object";
  public static final String THREAD = "java.lang.Thread";
  public static final String THREAD_GROUP = "java.lang.ThreadGroup";
  public static final String RUNNABLE = "java.lang.Runnable";
  public static final String CALLABLE = "java.util.concurrent.Callable";
  public static final String TIMER_TASK = "java.util.TimerTask";
  public static final String SEMAPHORE = "java.util.concurrent.Semaphore";
  public static final String LOCK = "java.util.concurrent.locks.Lock";
  public static final String REENTRANT_LOCK = "java.util.concurrent.locks.ReentrantLock";
  public static final String READ_WRITE_LOCK = "java.util.concurrent.locks.ReadWriteLock";
  public static final String REENTRANT_READ_WRITE_LOCK =
      "java.util.concurrent.locks.ReentrantReadWriteLock";
  public static final String READ_LOCK =
      "java.util.concurrent.locks.ReentrantReadWriteLock.ReadLock";
  public static final String WRITE_LOCK =
      "java.util.concurrent.locks.ReentrantReadWriteLock.WriteLock";
  public static final String STAMPED_LOCK = "java.util.concurrent.locks.StampedLock";
  public static final String CONDITION = "java.util.concurrent.locks.Condition";
  public static final String EXECUTOR = "java.util.concurrent.Executor";
  public static final String EXECUTOR_SERVICE = "java.util.concurrent.ExecutorService";
  public static final String SCHEDULED_EXECUTOR_SERVICE =
      "java.util.concurrent.ScheduledExecutorService";
  public static final String THREAD_POOL_EXECUTOR = "java.util.concurrent.ThreadPoolExecutor";
  public static final String SCHEDULED_THREAD_POOL_EXECUTOR =
      "java.util.concurrent.ScheduledThreadPoolExecutor";
  public static final String FORK_JOIN_POOL = "java.util.concurrent.ForkJoinPool";
  public static final String EXECUTORS = "java.util.concurrent.Executors";
  public static final String THREAD_FACTORY = "java.util.concurrent.ThreadFactory";
  public static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";
  public static final String FUTURE = "java.util.concurrent.Future";
  public static final String COUNT_DOWN_LATCH = "java.util.concurrent.CountDownLatch";
  public static final String BLOCKING_QUEUE = "java.util.concurrent.BlockingQueue";
  public static final String THREAD_BUILDER = "java.lang.Thread.Builder";
  public static final String PLATFORM_THREAD_BUILDER = "java.lang.Thread.Builder.OfPlatform";
  public static final String VIRTUAL_THREAD_BUILDER = "java.lang.Thread.Builder.OfVirtual";
  public static final String INTERRUPTED_EXCEPTION = "java.lang.InterruptedException";
  public static final String AUTO_CLOSEABLE = "java.lang.AutoCloseable";

  /** Known JDK types and their direct supertypes ({@code Object} is implied for classes). */
  public static final Map<String, List<String>> SUPERTYPES =
      Map.ofEntries(
          Map.entry(OBJECT, List.of()),
          Map.entry(RUNNABLE, List.of()),
          Map.entry(THREAD, List.of(RUNNABLE)),
          Map.entry(THREAD_GROUP, List.of()),
          Map.entry(CALLABLE, List.of()),
          Map.entry(TIMER_TASK, List.of(RUNNABLE)),
          Map.entry("java.util.Timer", List.of()),
          Map.entry(SEMAPHORE, List.of()),
          Map.entry(LOCK, List.of()),
          Map.entry(REENTRANT_LOCK, List.of(LOCK)),
          Map.entry(READ_WRITE_LOCK, List.of()),
          Map.entry(REENTRANT_READ_WRITE_LOCK, List.of(READ_WRITE_LOCK)),
          Map.entry(READ_LOCK, List.of(LOCK)),
          Map.entry(WRITE_LOCK, List.of(LOCK)),
          Map.entry(STAMPED_LOCK, List.of()),
          Map.entry(CONDITION, List.of()),
          Map.entry(AUTO_CLOSEABLE, List.of()),
          Map.entry(EXECUTOR, List.of()),
          Map.entry(EXECUTOR_SERVICE, List.of(EXECUTOR, AUTO_CLOSEABLE)),
          Map.entry(SCHEDULED_EXECUTOR_SERVICE, List.of(EXECUTOR_SERVICE)),
          Map.entry("java.util.concurrent.AbstractExecutorService", List.of(EXECUTOR_SERVICE)),
          Map.entry(THREAD_POOL_EXECUTOR, List.of("java.util.concurrent.AbstractExecutorService")),
          Map.entry(
              SCHEDULED_THREAD_POOL_EXECUTOR,
              List.of(THREAD_POOL_EXECUTOR, SCHEDULED_EXECUTOR_SERVICE)),
          Map.entry(FORK_JOIN_POOL, List.of("java.util.concurrent.AbstractExecutorService")),
          Map.entry(EXECUTORS, List.of()),
          Map.entry(THREAD_FACTORY, List.of()),
          Map.entry(FUTURE, List.of()),
          Map.entry(COMPLETABLE_FUTURE, List.of(FUTURE)),
          Map.entry(COUNT_DOWN_LATCH, List.of()),
          Map.entry("java.util.concurrent.CyclicBarrier", List.of()),
          Map.entry("java.util.Queue", List.of()),
          Map.entry(BLOCKING_QUEUE, List.of("java.util.Queue")),
          Map.entry("java.util.concurrent.ArrayBlockingQueue", List.of(BLOCKING_QUEUE)),
          Map.entry("java.util.concurrent.LinkedBlockingQueue", List.of(BLOCKING_QUEUE)),
          Map.entry(THREAD_BUILDER, List.of()),
          Map.entry(PLATFORM_THREAD_BUILDER, List.of(THREAD_BUILDER)),
          Map.entry(VIRTUAL_THREAD_BUILDER, List.of(THREAD_BUILDER)),
          Map.entry("java.lang.Exception", List.of("java.lang.Throwable")),
          Map.entry("java.lang.Throwable", List.of()),
          Map.entry(INTERRUPTED_EXCEPTION, List.of("java.lang.Exception")),
          Map.entry("java.lang.String", List.of()),
          Map.entry("java.lang.Integer", List.of()),
          Map.entry("java.lang.Long", List.of()),
          Map.entry("java.lang.Boolean", List.of()),
          Map.entry("java.lang.Class", List.of()));

  /** Simple names of {@code java.lang} types, which are in scope without an import. */
  public static final Set<String> JAVA_LANG =
      Set.of(
          "Object",
          "Thread",
          "ThreadGroup",
          "Runnable",
          "String",
          "Integer",
          "Long",
          "Short",
          "Byte",
          "Character",
          "Boolean",
          "Double",
          "Float",
          "Number",
          "Class",
          "System",
          "Exception",
          "RuntimeException",
          "Error",
          "Throwable",
          "InterruptedException",
          "AutoCloseable",
          "Iterable",
          "Math",
          "StringBuilder",
          "StringBuffer",
          "ThreadLocal",
          "InheritableThreadLocal",
          "Void",
          "Enum",
          "Record",
          "Override",
          "Deprecated",
          "SuppressWarnings",
          "FunctionalInterface",
          "SafeVarargs",
          "Process",
          "Runtime",
          "IllegalStateException",
          "IllegalArgumentException",
          "CharSequence",
          "Comparable",
          "Cloneable",
          "StackOverflowError",
          "OutOfMemoryError",
          "IllegalMonitorStateException",
          "ScopedValue");

  /**
   * Return types of JDK methods whose result the rules follow, keyed by {@code
   * declaringType#method}. The key's type may be a supertype of the receiver.
   */
  public static final Map<String, String> RETURN_TYPES =
      Map.ofEntries(
          Map.entry(THREAD + "#currentThread", THREAD),
          Map.entry(THREAD + "#ofPlatform", PLATFORM_THREAD_BUILDER),
          Map.entry(THREAD + "#ofVirtual", VIRTUAL_THREAD_BUILDER),
          Map.entry(THREAD + "#startVirtualThread", THREAD),
          Map.entry(THREAD_BUILDER + "#start", THREAD),
          Map.entry(THREAD_BUILDER + "#unstarted", THREAD),
          Map.entry(THREAD_FACTORY + "#newThread", THREAD),
          Map.entry(READ_WRITE_LOCK + "#readLock", LOCK),
          Map.entry(READ_WRITE_LOCK + "#writeLock", LOCK),
          Map.entry(REENTRANT_READ_WRITE_LOCK + "#readLock", READ_LOCK),
          Map.entry(REENTRANT_READ_WRITE_LOCK + "#writeLock", WRITE_LOCK),
          Map.entry(STAMPED_LOCK + "#asReadLock", LOCK),
          Map.entry(STAMPED_LOCK + "#asWriteLock", LOCK),
          Map.entry(LOCK + "#newCondition", CONDITION),
          Map.entry(EXECUTORS + "#newFixedThreadPool", EXECUTOR_SERVICE),
          Map.entry(EXECUTORS + "#newCachedThreadPool", EXECUTOR_SERVICE),
          Map.entry(EXECUTORS + "#newSingleThreadExecutor", EXECUTOR_SERVICE),
          Map.entry(EXECUTORS + "#newWorkStealingPool", EXECUTOR_SERVICE),
          Map.entry(EXECUTORS + "#newVirtualThreadPerTaskExecutor", EXECUTOR_SERVICE),
          Map.entry(EXECUTORS + "#newThreadPerTaskExecutor", EXECUTOR_SERVICE),
          Map.entry(EXECUTORS + "#newScheduledThreadPool", SCHEDULED_EXECUTOR_SERVICE),
          Map.entry(EXECUTORS + "#newSingleThreadScheduledExecutor", SCHEDULED_EXECUTOR_SERVICE));
}
