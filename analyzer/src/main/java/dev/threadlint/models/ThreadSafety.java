package dev.threadlint.models;

import java.util.Set;

/**
 * What the race rules know about library types and annotations. Data only: simple names, because
 * declared types are compared as written (with their imports resolved where that matters).
 */
public final class ThreadSafety {
  private ThreadSafety() {}

  /** Types whose instances may be shared without a lock: accesses through them are not races. */
  public static final Set<String> SAFE_TYPES =
      Set.of(
          "AtomicInteger",
          "AtomicLong",
          "AtomicBoolean",
          "AtomicReference",
          "AtomicIntegerArray",
          "AtomicLongArray",
          "AtomicReferenceArray",
          "LongAdder",
          "DoubleAdder",
          "LongAccumulator",
          "DoubleAccumulator",
          "ConcurrentHashMap",
          "ConcurrentMap",
          "ConcurrentSkipListMap",
          "ConcurrentSkipListSet",
          "ConcurrentLinkedQueue",
          "ConcurrentLinkedDeque",
          "CopyOnWriteArrayList",
          "CopyOnWriteArraySet",
          "BlockingQueue",
          "BlockingDeque",
          "LinkedBlockingQueue",
          "ArrayBlockingQueue",
          "LinkedBlockingDeque",
          "PriorityBlockingQueue",
          "DelayQueue",
          "SynchronousQueue",
          "LinkedTransferQueue",
          "ThreadLocal",
          "InheritableThreadLocal",
          "CountDownLatch",
          "CyclicBarrier",
          "Phaser",
          "Semaphore",
          "ReentrantLock",
          "ReentrantReadWriteLock",
          "StampedLock",
          "Lock",
          "ReadWriteLock",
          "Condition",
          "ExecutorService",
          "ScheduledExecutorService",
          "Executor",
          "CompletableFuture",
          "Future",
          "String",
          "Integer",
          "Long",
          "Boolean",
          "Double",
          "Float",
          "Short",
          "Byte",
          "Character",
          "BigInteger",
          "BigDecimal",
          "Object");

  /** Concurrent collections on which a check followed by an act is not atomic. */
  public static final Set<String> CONCURRENT_COLLECTIONS =
      Set.of(
          "ConcurrentHashMap",
          "ConcurrentMap",
          "ConcurrentSkipListMap",
          "ConcurrentSkipListSet",
          "ConcurrentLinkedQueue",
          "ConcurrentLinkedDeque",
          "CopyOnWriteArrayList",
          "CopyOnWriteArraySet",
          "BlockingQueue",
          "LinkedBlockingQueue",
          "ArrayBlockingQueue",
          "BlockingDeque",
          "LinkedBlockingDeque");

  /** Mutable collections and builders whose mutating calls count as writes of the field. */
  public static final Set<String> UNSAFE_CONTAINERS =
      Set.of(
          "List",
          "ArrayList",
          "LinkedList",
          "Map",
          "HashMap",
          "LinkedHashMap",
          "TreeMap",
          "Set",
          "HashSet",
          "LinkedHashSet",
          "TreeSet",
          "Deque",
          "ArrayDeque",
          "Queue",
          "PriorityQueue",
          "Collection",
          "StringBuilder",
          "BitSet");

  /** Calls that change a container. */
  public static final Set<String> MUTATORS =
      Set.of(
          "add",
          "addAll",
          "put",
          "putAll",
          "remove",
          "removeAll",
          "removeIf",
          "retainAll",
          "clear",
          "set",
          "append",
          "insert",
          "delete",
          "deleteCharAt",
          "setLength",
          "replace",
          "offer",
          "poll",
          "push",
          "pop",
          "addFirst",
          "addLast",
          "removeFirst",
          "removeLast",
          "sort",
          "merge",
          "compute",
          "computeIfAbsent",
          "computeIfPresent",
          "putIfAbsent",
          "flip",
          "clearBit",
          "setBit");

  /** Static types that are not safe to share between threads. */
  public static final Set<String> UNSAFE_STATICS =
      Set.of(
          "DateFormat",
          "SimpleDateFormat",
          "Calendar",
          "GregorianCalendar",
          "MessageDigest",
          "Matcher",
          "DecimalFormat",
          "NumberFormat",
          "MessageFormat",
          "Mac",
          "Cipher",
          "Signature",
          "StringBuilder");

  /** {@code @GuardedBy} from jsr305/jcip, Error Prone and the Checker Framework. */
  public static final Set<String> GUARDED_BY = Set.of("GuardedBy");

  /** {@code @ThreadSafe} annotations. */
  public static final Set<String> THREAD_SAFE = Set.of("ThreadSafe");

  /** Annotations that say a class is not meant for sharing, or cannot change. */
  public static final Set<String> NOT_SHARED = Set.of("NotThreadSafe", "Immutable");
}
