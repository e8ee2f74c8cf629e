package dev.threadlint.model;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The locks a method holds on entry when only known callers call it: what every call holds, plus
 * what that caller holds on its own entry. One greatest fixpoint, shared by the project-wide model
 * and the per-file view: a method starts unknown ("every lock"), a caller not yet known constrains
 * nothing, and the sets only shrink until none changes.
 */
final class EntryLocks {
  private EntryLocks() {}

  /**
   * A call into a method and the locks held at it. {@code caller} is the body that makes it, whose
   * own entry locks add to these; null when the locks do not depend on the caller's entry (a caller
   * on another object holds the callee's {@code this} or nothing of it).
   */
  record Incoming(MethodSummary caller, Set<LockId> held) {}

  /**
   * The entry locks of each method that has at least one incoming call.
   *
   * @param normalize names the locks as the callee sees them (a superclass's {@code this} as its
   *     own)
   */
  static Map<MethodSummary, Set<LockId>> solve(
      Set<MethodSummary> methods,
      Function<MethodSummary, List<Incoming>> incomingOf,
      BiFunction<MethodSummary, Set<LockId>, Set<LockId>> normalize) {
    Map<MethodSummary, List<Incoming>> incoming = new IdentityHashMap<>();
    methods.forEach(m -> incoming.put(m, incomingOf.apply(m)));
    // absent = not yet known ("every lock")
    Map<MethodSummary, Set<LockId>> current = new IdentityHashMap<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (MethodSummary method : methods) {
        Set<LockId> common = null;
        for (Incoming call : incoming.get(method)) {
          MethodSummary caller = call.caller();
          if (caller != null && methods.contains(caller) && !current.containsKey(caller)) {
            continue;
          }
          Set<LockId> here = new HashSet<>(call.held());
          if (caller != null) {
            here.addAll(caller.assumedHeld());
            here.addAll(current.getOrDefault(caller, Set.of()));
          }
          here = normalize.apply(method, here);
          if (common == null) {
            common = new HashSet<>(here);
          } else {
            common.retainAll(here);
          }
        }
        if (common == null) {
          continue;
        }
        Set<LockId> previous = current.get(method);
        if (previous != null) {
          common.retainAll(previous);
        }
        if (previous == null || !previous.equals(common)) {
          current.put(method, common);
          changed = true;
        }
      }
    }
    Map<MethodSummary, Set<LockId>> result = new IdentityHashMap<>();
    current.forEach((m, locks) -> result.put(m, Set.copyOf(locks)));
    return result;
  }
}
