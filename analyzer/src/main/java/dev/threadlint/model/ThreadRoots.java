package dev.threadlint.model;

import dev.threadlint.models.JdkTypes;
import dev.threadlint.models.ThreadEntries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one answer to "how does this body come to run by itself": its own contexts (a task handed
 * off, a confinement), run() or call() of a thread or task class, and the API of its class (a
 * non-private method any thread holding the object may call). The project-wide model ({@link
 * ConcurrencyModel#contextsOf}) and the per-file view ({@link FileParallelism}) both ask here; they
 * differ only in what they know about types ({@link Hierarchy}) and in how they read an API context
 * afterwards.
 */
public final class ThreadRoots {
  private ThreadRoots() {}

  /** What the caller knows about the type of a body. */
  public interface Hierarchy {
    /** True when the type is {@code supertype} or extends or implements it. */
    boolean isSubtype(TypeSummary type, String supertype);

    /** True when several instances of the type are started (it is created in a loop). */
    boolean severalInstances(TypeSummary type);
  }

  /**
   * The contexts a body runs in by itself. Constructors and synthetic bodies (lambdas) have only
   * their own; a thread's or task's run() runs on that thread; any other non-private method is API,
   * unless the class or the body is confined to one thread.
   */
  public static List<ThreadContext> of(MethodSummary method, TypeSummary type, Hierarchy types) {
    List<ThreadContext> contexts = new ArrayList<>(method.contexts());
    if (method.key().isSynthetic() || method.is(MethodSummary.Flag.CONSTRUCTOR) || type == null) {
      return contexts;
    }
    String simple = type.name().substring(type.name().lastIndexOf('.') + 1);
    String name = method.key().name();
    boolean taskMethod = false;
    for (Map.Entry<String, String> task : ThreadEntries.TASK_METHODS.entrySet()) {
      if (task.getValue().equals(name) && types.isSubtype(type, task.getKey())) {
        taskMethod = true;
      }
    }
    if (taskMethod && method.key().arity() == 0) {
      boolean isThread = types.isSubtype(type, JdkTypes.THREAD);
      boolean several = types.severalInstances(type);
      contexts.add(
          new ThreadContext(
              ThreadContext.Kind.THREAD,
              "",
              several,
              name
                  + "() of "
                  + (isThread ? "the thread " : "the task ")
                  + simple
                  + (several ? " (instances are created in a loop)" : ""),
              method.site()));
      return contexts;
    }
    boolean confined =
        type.intent() == TypeSummary.Intent.CONFINED
            || contexts.stream().anyMatch(c -> c.kind() == ThreadContext.Kind.CONFINED);
    if (!method.is(MethodSummary.Flag.PRIVATE) && !confined) {
      contexts.add(
          new ThreadContext(
              ThreadContext.Kind.API,
              "",
              true,
              "a method of " + simple + " (any thread may call it)",
              method.site()));
    }
    return contexts;
  }

  /**
   * True when instances of the type are meant to be shared: {@code @ThreadSafe}, or it takes a lock
   * or monitor somewhere (RacerD's rule), and no annotation says otherwise.
   */
  public static boolean isMeantForThreads(TypeSummary type) {
    return switch (type.intent()) {
      case THREAD_SAFE -> true;
      case NOT_THREAD_SAFE, IMMUTABLE, CONFINED -> false;
      case NONE -> type.synchronizes();
    };
  }
}
