package dev.threadlint.deadlock;

import dev.threadlint.facts.TypeIndex;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.model.Call;
import dev.threadlint.model.CallGraph;
import dev.threadlint.model.ConcurrencyModel;
import dev.threadlint.model.LockId;
import dev.threadlint.model.MethodSummary;
import dev.threadlint.model.Receiver;
import dev.threadlint.model.Site;
import dev.threadlint.model.TypeSummary;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.models.LockVocabulary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which project methods block — wait for another thread without releasing a lock — and through
 * which chain of calls. A body blocks when it makes a blocking JDK call (sleep, an untimed join or
 * Future.get, a queue's take/put, a latch's await, a semaphore's acquire) with no lock of its own
 * held, or calls a project method that blocks, again with no lock held (a callee that blocks under
 * its own lock is reported there). A call blocks when every project body it may run blocks.
 */
public final class BlockingCalls {
  /** One step of a blocking chain: a call, ending with the JDK call that waits. */
  public record Step(Site site, String what) {}

  private final ConcurrencyModel model;
  private final TypeIndex index;
  private final Map<MethodSummary, List<Step>> blocks = new IdentityHashMap<>();

  public BlockingCalls(ConcurrencyModel model, TypeIndex index) {
    this.model = model;
    this.index = index;
    compose();
  }

  /**
   * The JDK types on which a call of this name and arity blocks: {@code sleep} on Thread, {@code
   * join()} on a thread or CompletableFuture, {@code get()} on a Future, {@code take/put} on a
   * blocking queue, {@code await()} on a latch, {@code acquire} on a semaphore. Empty for others.
   */
  public static List<String> blockingOn(String name, int arity) {
    if (!LockVocabulary.BLOCKING_NAMES.contains(name)) {
      return List.of(); // the model keeps unresolved calls of these names only (Unread)
    }
    return switch (name) {
      case "sleep" -> List.of(JdkTypes.THREAD);
      case "join" -> arity == 0 ? List.of(JdkTypes.THREAD, JdkTypes.COMPLETABLE_FUTURE) : List.of();
      case "get" -> arity == 0 ? List.of(JdkTypes.FUTURE) : List.of();
      case "take", "put" -> List.of(JdkTypes.BLOCKING_QUEUE);
      case "await" -> arity == 0 ? List.of(JdkTypes.COUNT_DOWN_LATCH) : List.of();
      case "acquire", "acquireUninterruptibly" -> List.of(JdkTypes.SEMAPHORE);
      default -> List.of();
    };
  }

  /** The blocking JDK type a summarized call waits on, if it is one. */
  private Optional<String> blockingJdkCall(Call call, MethodSummary in) {
    List<String> on = blockingOn(call.name(), call.arity());
    if (on.isEmpty() || call.receiverTypes().isEmpty()) {
      return Optional.empty();
    }
    if (call.name().equals("sleep")
        && !(call.receiver() == Receiver.STATIC
            && call.receiverTypes().contains(JdkTypes.THREAD))) {
      return Optional.empty();
    }
    if ((call.name().equals("get") || call.name().equals("join"))
        && in.calls().stream().anyMatch(c -> LockVocabulary.DONE_QUERIES.contains(c.name()))) {
      return Optional.empty(); // asked whether it is done first: it may not wait at all
    }
    TypeRef type = new TypeRef(call.receiverTypes().get(0), call.receiverTypes());
    for (String supertype : on) {
      if (index.isSubtype(type, supertype)) {
        return Optional.of(supertype);
      }
    }
    return Optional.empty();
  }

  /** Locks that keep others out where the call is made (locals name nothing we can compare). */
  public static List<LockId> heldAt(Call call) {
    return call.locks().stream().filter(LockId::isComparable).sorted(LockId.BY_NAME).toList();
  }

  /**
   * A body that lets go of a lock ({@code unlock()}, {@code release()}) may release the caller's
   * lock before it blocks (a helper that unlocks, waits for a latch and locks again): it is not
   * taken to block under its callers' locks.
   */
  private static boolean releasesLocks(MethodSummary method) {
    return method.calls().stream().anyMatch(c -> LockVocabulary.RELEASES.contains(c.name()));
  }

  private void compose() {
    CallGraph graph = model.graph();
    ArrayDeque<MethodSummary> work = new ArrayDeque<>();
    for (TypeSummary type : graph.types().values()) {
      for (MethodSummary method : type.methods()) {
        if (releasesLocks(method)) {
          continue;
        }
        for (Call call : method.calls()) {
          if (!heldAt(call).isEmpty()) {
            continue;
          }
          Optional<String> on = blockingJdkCall(call, method);
          if (on.isPresent()) {
            String simple = on.get().substring(on.get().lastIndexOf('.') + 1);
            blocks.put(method, List.of(new Step(call.site(), simple + "." + call.name() + "()")));
            work.add(method);
            break;
          }
        }
      }
    }
    Set<MethodSummary> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.addAll(work);
    // blocking only spreads from callees to callers: each body is settled at most once
    while (!work.isEmpty()) {
      MethodSummary callee = work.poll();
      for (CallGraph.Edge edge : graph.callers(callee)) {
        MethodSummary caller = edge.caller();
        if (blocks.containsKey(caller) || !heldAt(edge.call()).isEmpty() || releasesLocks(caller)) {
          continue;
        }
        Optional<List<Step>> chain = blockingCall(caller, edge.call());
        if (chain.isPresent()) {
          blocks.put(caller, chain.get());
          if (seen.add(caller)) {
            work.add(caller);
          }
        }
      }
    }
  }

  /**
   * The chain through which a call of a project method blocks: every body it may run blocks. Empty
   * when it does not, or when the call is a JDK blocking call the file-local rule reports itself.
   */
  public Optional<List<Step>> blockingCall(MethodSummary caller, Call call) {
    if (blockingJdkCall(call, caller).isPresent()) {
      return Optional.empty();
    }
    List<Step> first = null;
    for (CallGraph.Edge edge : calleesOf(caller, call)) {
      if (edge.callee().is(MethodSummary.Flag.ABSTRACT)) {
        continue;
      }
      List<Step> chain = blocks.get(edge.callee());
      if (chain == null) {
        return Optional.empty();
      }
      if (first == null) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(call.site(), LockOrderGraph.name(edge.callee())));
        steps.addAll(chain);
        first = List.copyOf(steps);
      }
    }
    return Optional.ofNullable(first);
  }

  private final Map<MethodSummary, Map<Call, List<CallGraph.Edge>>> byCall =
      new IdentityHashMap<>();

  private List<CallGraph.Edge> calleesOf(MethodSummary caller, Call call) {
    Map<Call, List<CallGraph.Edge>> calls =
        byCall.computeIfAbsent(
            caller,
            m -> {
              Map<Call, List<CallGraph.Edge>> map = new IdentityHashMap<>();
              for (CallGraph.Edge edge : model.graph().callees(m)) {
                map.computeIfAbsent(edge.call(), c -> new ArrayList<>()).add(edge);
              }
              return map;
            });
    return calls.getOrDefault(call, List.of());
  }

  /** Every summarized body of the project, for rules that walk them all. */
  public List<MethodSummary> bodies() {
    List<MethodSummary> all = new ArrayList<>();
    model.graph().types().values().forEach(t -> all.addAll(t.methods()));
    return all;
  }
}
