package dev.threadlint.models;

import java.util.Map;
import java.util.Set;

/**
 * Where code starts running on another thread, by type: the task types whose method a thread runs,
 * the calls that hand a task to a thread, pool or async stage, and the executor factories whose
 * pools have one thread (which confines what they run). Data only; {@code dev.threadlint.model}
 * reads it.
 */
public final class ThreadEntries {
  private ThreadEntries() {}

  /** Task types and the method a thread runs of them. */
  public static final Map<String, String> TASK_METHODS =
      Map.of(
          JdkTypes.RUNNABLE,
          "run",
          JdkTypes.THREAD,
          "run",
          JdkTypes.TIMER_TASK,
          "run",
          JdkTypes.CALLABLE,
          "call",
          "java.util.concurrent.ForkJoinTask",
          "compute",
          "java.util.concurrent.RecursiveTask",
          "compute",
          "java.util.concurrent.RecursiveAction",
          "compute");

  /** Simple names of the task types, for anonymous classes written in place. */
  public static final Set<String> TASK_SIMPLE_NAMES =
      Set.of("Runnable", "Thread", "TimerTask", "Callable", "RecursiveTask", "RecursiveAction");

  /** Receiver types and the methods that run a task argument on another thread. */
  public static final Map<String, Set<String>> HANDOFFS =
      Map.of(
          JdkTypes.EXECUTOR,
          Set.of("execute"),
          JdkTypes.EXECUTOR_SERVICE,
          Set.of("execute", "submit", "invokeAll", "invokeAny"),
          JdkTypes.SCHEDULED_EXECUTOR_SERVICE,
          Set.of(
              "execute",
              "submit",
              "schedule",
              "scheduleAtFixedRate",
              "scheduleWithFixedDelay",
              "invokeAll",
              "invokeAny"),
          JdkTypes.FORK_JOIN_POOL,
          Set.of("execute", "submit", "invoke", "invokeAll"),
          "java.util.Timer",
          Set.of("schedule", "scheduleAtFixedRate"),
          JdkTypes.THREAD_FACTORY,
          Set.of("newThread"),
          JdkTypes.THREAD_BUILDER,
          Set.of("start", "unstarted"),
          JdkTypes.COMPLETABLE_FUTURE,
          Set.of(
              "runAsync",
              "supplyAsync",
              "thenRunAsync",
              "thenApplyAsync",
              "thenAcceptAsync",
              "thenComposeAsync",
              "thenCombineAsync",
              "whenCompleteAsync",
              "handleAsync",
              "exceptionallyAsync"));

  /** Static calls that start a thread for their argument. */
  public static final Set<String> STATIC_STARTS =
      Set.of(
          JdkTypes.THREAD + "#startVirtualThread",
          JdkTypes.COMPLETABLE_FUTURE + "#runAsync",
          JdkTypes.COMPLETABLE_FUTURE + "#supplyAsync");

  /** Calls on a stream after which its lambdas run on several threads. */
  public static final Set<String> PARALLEL_STREAM = Set.of("parallel", "parallelStream");

  /** Stream operations whose lambda arguments run on the stream's threads. */
  public static final Set<String> STREAM_OPERATIONS =
      Set.of(
          "forEach",
          "forEachOrdered",
          "map",
          "filter",
          "reduce",
          "collect",
          "anyMatch",
          "allMatch",
          "noneMatch",
          "flatMap",
          "mapToInt",
          "mapToLong",
          "mapToDouble",
          "mapToObj",
          "peek");

  /** Executor factories whose pool has exactly one thread: what they run is confined to it. */
  public static final Set<String> SINGLE_THREAD_FACTORIES =
      Set.of("newSingleThreadExecutor", "newSingleThreadScheduledExecutor");

  /** Executor factories whose pools run tasks on several threads. */
  public static final Set<String> POOL_FACTORIES =
      Set.of(
          "newFixedThreadPool",
          "newCachedThreadPool",
          "newWorkStealingPool",
          "newScheduledThreadPool",
          "newVirtualThreadPerTaskExecutor",
          "newThreadPerTaskExecutor",
          "commonPool");

  /** Methods named like lifecycle set-up: they run before the component is shared. */
  public static final Set<String> SET_UP_METHODS =
      Set.of(
          "init",
          "initialize",
          "initInternal",
          "doStart",
          "start",
          "startInternal",
          "afterPropertiesSet",
          "postConstruct",
          "setUp",
          "onStart");

  /**
   * Reactive Streams: {@code onSubscribe} runs before the first {@code request}, and whatever it
   * writes before it requests or hands itself downstream is set-up.
   */
  public static final String ON_SUBSCRIBE = "onSubscribe";

  /** The calls in {@code onSubscribe} after which other threads may call in. */
  public static final Set<String> SUBSCRIPTION_HANDOFFS = Set.of("request", "onSubscribe");

  /**
   * The suffix of builder types: one thread configures a builder, then what it builds is shared;
   * its own fields are set-up even when its build methods lock (several threads may build).
   */
  public static final String BUILDER_SUFFIX = "Builder";

  /**
   * The suffix of event-listener interfaces: the event source delivers each listener's callbacks on
   * its one dispatch thread (an IO thread, the event thread), one event at a time.
   */
  public static final String LISTENER_SUFFIX = "Listener";

  /** Callback types by simple name: what an object is wired with, called when an event comes. */
  public static final Set<String> CALLBACK_TYPES =
      Set.of("Runnable", "Consumer", "BiConsumer", "Supplier", "Function", "BiFunction");

  /** Suffixes of callback types' simple names. */
  public static final Set<String> CALLBACK_SUFFIXES = Set.of("Handler", "Listener", "Callback");
}
