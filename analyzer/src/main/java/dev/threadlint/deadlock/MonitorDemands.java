package dev.threadlint.deadlock;

import dev.threadlint.model.Call;
import dev.threadlint.model.CallGraph;
import dev.threadlint.model.ConcurrencyModel;
import dev.threadlint.model.LockId;
import dev.threadlint.model.MethodSummary;
import dev.threadlint.model.Receiver;
import dev.threadlint.model.Site;
import dev.threadlint.model.TypeSummary;
import dev.threadlint.models.LockVocabulary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hidden (private or package-private) methods that call {@code wait/notify/notifyAll} on {@code
 * this} without holding its monitor themselves, so that each caller must hold it: the model tells
 * which calls of them do not. A hidden method that calls such a helper without the monitor passes
 * the demand on to its own callers.
 */
public final class MonitorDemands {

  /** One step from a call down to the {@code wait/notify} that needs the monitor. */
  public record Step(Site site, String what) {}

  /**
   * A call made without the monitor of {@code this}, of a method that needs it.
   *
   * @param caller the body that makes the call
   * @param call the call
   * @param chain the callee, its callees, and the {@code wait/notify} at the end
   */
  public record Unheld(MethodSummary caller, Call call, List<Step> chain) {}

  private final ConcurrencyModel model;
  private final Map<MethodSummary, List<Step>> demands = new IdentityHashMap<>();

  public MonitorDemands(ConcurrencyModel model) {
    this.model = model;
    compose();
  }

  /** True when the call is made with the monitor of the caller's {@code this} (or maybe it). */
  private boolean holdsThis(MethodSummary caller, Call call) {
    TypeSummary owner = model.ownerOf(caller);
    for (LockId lock : call.locks()) {
      if (lock.kind() == LockId.Kind.LOCAL) {
        return true; // a monitor held through a local may be this object
      }
      if (lock.kind() == LockId.Kind.THIS && owner != null && lock.owner().equals(owner.name())) {
        return true;
      }
    }
    return caller.assumedHeld().stream().anyMatch(l -> l.kind() == LockId.Kind.THIS)
        || model.entryLocks(caller).stream().anyMatch(l -> l.kind() == LockId.Kind.THIS);
  }

  /** A {@code wait/notify} on {@code this} of {@code Object} (no project method of that name). */
  private boolean isMonitorCall(Call call) {
    return LockVocabulary.MONITOR_METHODS.contains(call.name())
        && call.arity() <= 2
        && call.receiver() == Receiver.THIS
        && !call.isSuper()
        && model.graph().targets(call).isEmpty();
  }

  private void compose() {
    CallGraph graph = model.graph();
    ArrayDeque<MethodSummary> work = new ArrayDeque<>();
    for (TypeSummary type : graph.types().values()) {
      for (MethodSummary method : type.methods()) {
        if (!method.isHidden() || method.key().isSynthetic()) {
          continue;
        }
        for (Call call : method.calls()) {
          if (isMonitorCall(call) && !holdsThis(method, call)) {
            demands.put(method, List.of(new Step(call.site(), call.name() + "()")));
            work.add(method);
            break;
          }
        }
      }
    }
    // a demand only moves up to hidden callers that do not hold the monitor: each body once
    while (!work.isEmpty()) {
      MethodSummary callee = work.poll();
      for (CallGraph.Edge edge : graph.callers(callee)) {
        MethodSummary caller = edge.caller();
        if (!caller.isHidden()
            || caller.key().isSynthetic()
            || demands.containsKey(caller)
            || !passesDemand(edge)) {
          continue;
        }
        demands.put(caller, chain(edge));
        work.add(caller);
      }
    }
  }

  private boolean passesDemand(CallGraph.Edge edge) {
    return edge.call().receiver() == Receiver.THIS
        && edge.callee().isHidden()
        && !holdsThis(edge.caller(), edge.call());
  }

  private List<Step> chain(CallGraph.Edge edge) {
    List<Step> steps = new ArrayList<>();
    steps.add(new Step(edge.call().site(), LockOrderGraph.name(edge.callee())));
    steps.addAll(demands.get(edge.callee()));
    return List.copyOf(steps);
  }

  /**
   * Calls that lack the monitor a hidden callee needs, in bodies that are not themselves hidden
   * helpers with callers of their own (those pass the demand on): public and protected methods,
   * lambdas, constructors, and helpers nobody in the project calls.
   */
  public List<Unheld> unheld() {
    return unheldWhere(this::passesDemand);
  }

  /**
   * Calls on another object ({@code door.awaitReady()}, from another class or file) of a hidden
   * method that needs its own monitor, made without holding the receiver's monitor. Quiet when the
   * call may run other bodies, when some monitor held through a local or parameter may be the
   * receiver's, or when the caller is a hidden helper its own callers may call with it held.
   */
  public List<Unheld> unheldOnOtherObjects() {
    return unheldWhere(
        edge -> {
          Call call = edge.call();
          return edge.callee().isHidden()
              && (call.receiver() == Receiver.FIELD || call.receiver() == Receiver.OTHER)
              && !call.isSuper()
              && !call.setUp()
              && !call.receiverHeld()
              && model.graph().targets(call).size() == 1
              && call.locks().stream().noneMatch(l -> l.kind() == LockId.Kind.LOCAL)
              && !edge.caller().is(MethodSummary.Flag.CONSTRUCTOR);
        });
  }

  /**
   * The calls of a demanding callee that {@code lacks} says go without its monitor, in bodies that
   * do not pass the demand on to callers of their own.
   */
  private List<Unheld> unheldWhere(java.util.function.Predicate<CallGraph.Edge> lacks) {
    List<Unheld> found = new ArrayList<>();
    // only bodies that call a demanding method have a call to look at (few: most have none)
    Set<MethodSummary> calling = Collections.newSetFromMap(new IdentityHashMap<>());
    for (MethodSummary demanding : demands.keySet()) {
      for (CallGraph.Edge edge : model.graph().callers(demanding)) {
        calling.add(edge.caller());
      }
    }
    for (TypeSummary type : model.graph().types().values()) {
      for (MethodSummary method : type.methods()) {
        if (!calling.contains(method)) {
          continue;
        }
        boolean passesOn =
            method.isHidden()
                && !method.key().isSynthetic()
                && !model.graph().callers(method).isEmpty();
        if (passesOn) {
          continue;
        }
        for (CallGraph.Edge edge : model.graph().callees(method)) {
          if (demands.containsKey(edge.callee()) && lacks.test(edge)) {
            found.add(new Unheld(method, edge.call(), chain(edge)));
          }
        }
      }
    }
    return found;
  }

  /**
   * The {@code wait/notify} sites of package-private helpers that need the monitor but that nobody
   * in the project calls: the caller is out of sight, so the helper is reported where it waits.
   */
  public List<Step> uncalled() {
    List<Step> found = new ArrayList<>();
    for (Map.Entry<MethodSummary, List<Step>> entry : demands.entrySet()) {
      MethodSummary method = entry.getKey();
      if (entry.getValue().size() == 1
          && !method.is(MethodSummary.Flag.PRIVATE)
          && model.graph().callers(method).isEmpty()) {
        found.add(entry.getValue().get(0));
      }
    }
    return found;
  }
}
