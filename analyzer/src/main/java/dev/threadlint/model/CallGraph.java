package dev.threadlint.model;

import dev.threadlint.facts.TypeIndex;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The project-wide call graph over method summaries: calls through {@code this}, fields,
 * parameters, locals and statics of project types, resolved up the supertypes to the declaration
 * and down to every override and interface implementation (class-hierarchy analysis); {@code
 * super.m()} and {@code super(...)} dispatch statically. Unknown receivers have no edge. Immutable.
 */
public final class CallGraph {
  private final Map<String, TypeSummary> types = new HashMap<>();
  private final Map<String, List<String>> supertypes = new HashMap<>();
  private final Map<String, Set<String>> subtypes = new HashMap<>();
  private final Map<MethodKey, List<MethodSummary>> methods = new HashMap<>();
  private final Map<MethodSummary, List<Edge>> edges = new java.util.IdentityHashMap<>();
  private final Map<MethodSummary, List<Edge>> callers = new java.util.IdentityHashMap<>();

  /** A resolved call. */
  public record Edge(MethodSummary caller, Call call, MethodSummary callee) {}

  public CallGraph(List<TypeSummary> all, TypeIndex index) {
    this(all, index, true);
  }

  /** The same; with {@code sideBySide} false calls are resolved on the calling thread alone. */
  CallGraph(List<TypeSummary> all, TypeIndex index, boolean sideBySide) {
    for (TypeSummary type : all) {
      types.putIfAbsent(type.name(), type);
    }
    for (TypeSummary type : types.values()) {
      List<String> parents = new ArrayList<>();
      for (List<String> candidates : type.supertypes()) {
        for (String candidate : candidates) {
          if (types.containsKey(candidate) || index.declaration(candidate).isPresent()) {
            parents.add(candidate);
            subtypes.computeIfAbsent(candidate, k -> new LinkedHashSet<>()).add(type.name());
            break;
          }
        }
      }
      supertypes.put(type.name(), parents);
      for (MethodSummary method : type.methods()) {
        methods.computeIfAbsent(method.key(), k -> new ArrayList<>()).add(method);
      }
    }
    List<MethodSummary> bodies = new ArrayList<>();
    for (TypeSummary type : types.values()) {
      bodies.addAll(type.methods());
    }
    // Resolving calls reads only the maps filled above (and the concurrent cache of targets): the
    // even and the odd bodies are resolved side by side, and the edges are listed in body order as
    // one thread would have.
    List<List<Edge>> out = new ArrayList<>(Collections.nCopies(bodies.size(), null));
    SideBySide.run(
        sideBySide, () -> resolveCalls(bodies, out, 0), () -> resolveCalls(bodies, out, 1));
    for (int i = 0; i < bodies.size(); i++) {
      for (Edge edge : out.get(i)) {
        callers.computeIfAbsent(edge.callee(), k -> new ArrayList<>()).add(edge);
      }
      edges.put(bodies.get(i), out.get(i));
    }
  }

  /** The edges of every other body from {@code first} on, each into its own slot of {@code out}. */
  private void resolveCalls(List<MethodSummary> bodies, List<List<Edge>> out, int first) {
    for (int i = first; i < bodies.size(); i += 2) {
      MethodSummary method = bodies.get(i);
      List<Edge> found = new ArrayList<>();
      for (Call call : method.calls()) {
        for (MethodSummary target : targets(call)) {
          found.add(new Edge(method, call, target));
        }
      }
      out.set(i, found);
    }
  }

  /** Every project type summary. */
  public Map<String, TypeSummary> types() {
    return types;
  }

  /** The calls a method makes that resolve to project methods. */
  public List<Edge> callees(MethodSummary method) {
    return edges.getOrDefault(method, List.of());
  }

  /** The resolved calls of a method. */
  public List<Edge> callers(MethodSummary method) {
    return callers.getOrDefault(method, List.of());
  }

  /** The summaries of a method key (overloads of one arity share it). */
  public List<MethodSummary> methods(MethodKey key) {
    return methods.getOrDefault(key, List.of());
  }

  /**
   * What {@link #targets} found for a receiver type, name, arity and kind of call: calls of one
   * method from many places share it (the walk of every subtype is the costly part). Concurrent:
   * rules may share the graph across threads, and a value computed twice is the same.
   */
  private final Map<List<Object>, List<MethodSummary>> targetsByKey =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The project methods a call may run. */
  public List<MethodSummary> targets(Call call) {
    String receiverType = null;
    for (String candidate : call.receiverTypes()) {
      if (types.containsKey(candidate)) {
        receiverType = candidate;
        break;
      }
    }
    if (receiverType == null) {
      return List.of();
    }
    List<Object> key =
        List.of(
            receiverType,
            call.name(),
            call.arity(),
            call.isSuper() || call.name().equals("<init>"));
    List<MethodSummary> known = targetsByKey.get(key);
    if (known != null) {
      return known;
    }
    List<MethodSummary> found = resolve(receiverType, call);
    targetsByKey.put(key, found);
    return found;
  }

  private List<MethodSummary> resolve(String receiverType, Call call) {
    List<MethodSummary> declared = lookUp(receiverType, call.name(), call.arity());
    if (call.isSuper() || call.name().equals("<init>")) {
      return declared;
    }
    Set<MethodSummary> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    all.addAll(declared);
    boolean dispatches =
        declared.isEmpty()
            || declared.stream()
                .anyMatch(
                    m -> !m.is(MethodSummary.Flag.PRIVATE) && !m.is(MethodSummary.Flag.STATIC));
    if (dispatches) {
      for (String sub : allSubtypes(receiverType)) {
        all.addAll(methods(new MethodKey(sub, call.name(), call.arity())));
      }
    }
    List<MethodSummary> ordered = new ArrayList<>(declared);
    // each summary is one body at one site, so identity is equality here; a list search (deep
    // record equals) made a call to an interface with many implementations quadratic
    Set<MethodSummary> listed =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    listed.addAll(declared);
    for (MethodSummary m : all) {
      if (listed.add(m)) {
        ordered.add(m);
      }
    }
    return ordered;
  }

  /** The declaration a receiver type sees: its own, or the nearest supertype's. */
  private List<MethodSummary> lookUp(String type, String name, int arity) {
    ArrayDeque<String> work = new ArrayDeque<>(List.of(type));
    Set<String> seen = new HashSet<>();
    while (!work.isEmpty()) {
      String next = work.poll();
      if (!seen.add(next)) {
        continue;
      }
      List<MethodSummary> found = methods(new MethodKey(next, name, arity));
      if (!found.isEmpty()) {
        return found;
      }
      work.addAll(supertypes.getOrDefault(next, List.of()));
    }
    return List.of();
  }

  /** Every project subtype of a type, transitively. */
  public Set<String> allSubtypes(String type) {
    Set<String> all = new LinkedHashSet<>();
    ArrayDeque<String> work = new ArrayDeque<>(subtypes.getOrDefault(type, Set.of()));
    while (!work.isEmpty()) {
      String next = work.poll();
      if (all.add(next)) {
        work.addAll(subtypes.getOrDefault(next, Set.of()));
      }
    }
    return all;
  }

  /**
   * The walks of {@link #selfAndSupertypes}, kept: the model and the rules ask for the same types
   * at every access they compose or judge. Concurrent, as {@link #targetsByKey}.
   */
  private final Map<String, List<String>> selfAndSupertypes =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The project supertypes of a type, transitively, itself first (unmodifiable). */
  public List<String> selfAndSupertypes(String type) {
    List<String> known = selfAndSupertypes.get(type);
    if (known == null) {
      known = List.copyOf(walkSupertypes(type));
      selfAndSupertypes.put(type, known);
    }
    return known;
  }

  private List<String> walkSupertypes(String type) {
    List<String> all = new ArrayList<>();
    ArrayDeque<String> work = new ArrayDeque<>(List.of(type));
    while (!work.isEmpty()) {
      String next = work.poll();
      if (!all.contains(next)) {
        all.add(next);
        work.addAll(supertypes.getOrDefault(next, List.of()));
      }
    }
    return all;
  }
}
