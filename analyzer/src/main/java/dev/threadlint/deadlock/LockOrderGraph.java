package dev.threadlint.deadlock;

import dev.threadlint.model.CallGraph;
import dev.threadlint.model.ConcurrencyModel;
import dev.threadlint.model.LockId;
import dev.threadlint.model.LockNames;
import dev.threadlint.model.LockTake;
import dev.threadlint.model.MethodSummary;
import dev.threadlint.model.Receiver;
import dev.threadlint.model.Site;
import dev.threadlint.model.TypeSummary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The project's lock order, composed over the model's call graph: an acquisition A → B wherever B
 * is taken while A is held, in the same body or in any callee (another class, another file). Two
 * acquisitions in opposite orders that no common lock keeps apart are an {@link Inversion}.
 *
 * <p>Locks are compared by the model's {@link LockId}: the monitor of {@code this} of a class, a
 * class literal, a lock or monitor in a field. A lock taken by a callee on another object of class
 * {@code T} is {@code T}'s lock (all objects of a class take their locks in the order the code
 * says), and a monitor taken through a local of a project type is that type's monitor. A lock this
 * thread already holds is re-entered, not waited for; locks held in locals of unknown type and
 * calls on objects the body created and still owns order nothing.
 */
public final class LockOrderGraph {
  /** One step of an acquisition chain: a call made with the outer lock held, or the lock taken. */
  public record Step(Site site, String message, String callee) {}

  /**
   * {@code inner} taken while {@code outer} is held.
   *
   * @param outer the lock held
   * @param inner the lock taken
   * @param held every lock held where the chain starts
   * @param chain the calls from the body that holds {@code outer} down to the acquisition of {@code
   *     inner}, ending with the acquisition
   */
  public record Acquisition(LockId outer, LockId inner, Set<LockId> held, List<Step> chain) {
    /** Where the chain starts: the acquisition itself, or the call under the outer lock. */
    public Site site() {
      return chain.get(0).site();
    }

    /** {@code ""}, or {@code " (through a() → b())"} when the inner lock is taken by a callee. */
    public String through() {
      List<String> callees = chain.stream().map(Step::callee).filter(c -> !c.isEmpty()).toList();
      return callees.isEmpty() ? "" : " (through " + String.join(" → ", callees) + ")";
    }
  }

  /** Two acquisitions in opposite orders; {@code reported} is the later one in source order. */
  public record Inversion(Acquisition reported, Acquisition other) {}

  private static final Comparator<Site> SOURCE_ORDER =
      Comparator.comparing(Site::path).thenComparingInt(Site::line).thenComparingInt(Site::column);

  private final ConcurrencyModel model;
  private final Map<LockId, LockId> typedLocals;
  private final Map<LockId, List<String>> rootTypes;
  private final Map<LockId, Optional<LockId>> fieldLocks = new java.util.HashMap<>();
  private final Map<MethodSummary, Map<LockId, List<Step>>> taken = new IdentityHashMap<>();
  private final Map<MethodSummary, Map<LockId, List<Step>>> ownTaken = new IdentityHashMap<>();

  /**
   * @param model the project's concurrency model
   * @param localTypes the declared types of monitors held in locals ({@link LocalMonitors})
   */
  public LockOrderGraph(ConcurrencyModel model, Map<LockId, List<String>> localTypes) {
    this.model = model;
    this.typedLocals = new LinkedHashMap<>();
    this.rootTypes = localTypes;
    localTypes.forEach(
        (local, candidates) ->
            candidates.stream()
                .filter(c -> model.type(c).isPresent())
                .findFirst()
                .ifPresent(type -> typedLocals.put(local, LockId.thisMonitor(type))));
    composeTaken();
  }

  /** The locks a body takes, itself or through callees, each with the chain of its first way. */
  public Map<LockId, List<Step>> takenBy(MethodSummary method) {
    return Collections.unmodifiableMap(taken.getOrDefault(method, Map.of()));
  }

  private Optional<LockId> named(LockId lock) {
    if (lock.kind() != LockId.Kind.LOCAL) {
      return Optional.of(lock);
    }
    LockId typed = typedLocals.get(lock);
    if (typed != null || !lock.isLocalField()) {
      return Optional.ofNullable(typed);
    }
    return fieldLocks.computeIfAbsent(lock, this::ofDeclaringType);
  }

  /**
   * {@code other.lock}, where {@code other} is declared with a project type: the field {@code lock}
   * of the type that declares it, the lock every object of that type takes as {@code this.lock}
   * (lock order compares classes, not objects). A variable of unknown or ambiguous type, or a field
   * the project does not declare, names nothing.
   */
  private Optional<LockId> ofDeclaringType(LockId lock) {
    List<String> candidates = rootTypes.getOrDefault(LocalMonitors.rootKey(lock), List.of());
    Optional<String> declared =
        candidates.stream().filter(c -> model.type(c).isPresent()).findFirst();
    if (declared.isEmpty()) {
      return Optional.empty();
    }
    for (String type : model.graph().selfAndSupertypes(declared.get())) {
      Optional<dev.threadlint.model.FieldInfo> field =
          model.type(type).flatMap(t -> t.field(lock.path()));
      if (field.isPresent()) {
        LockId.Type kind =
            lock.type() == LockId.Type.MONITOR
                ? LockId.Type.MONITOR
                : LockNames.typeOf(field.get().typeCandidates());
        return Optional.of(
            LockId.field(type, lock.path(), field.get().isStatic(), kind).withView(lock.view()));
      }
    }
    return Optional.empty();
  }

  /**
   * The callee's lock as the caller sees it: the callee's own {@code this} is the caller's when the
   * call is on {@code this} (a superclass's synchronized method locks the same object); monitors of
   * other objects the callee reaches stay theirs.
   */
  private LockId seenFrom(LockId lock, CallGraph.Edge edge) {
    if (lock.kind() == LockId.Kind.THIS && edge.call().receiver() == Receiver.THIS) {
      TypeSummary caller = model.ownerOf(edge.caller());
      TypeSummary callee = model.ownerOf(edge.callee());
      if (caller != null
          && callee != null
          && model.graph().selfAndSupertypes(callee.name()).contains(lock.owner())) {
        return LockId.thisMonitor(caller.name());
      }
    }
    return lock;
  }

  /**
   * Calls whose locks count: not on an object the body owns (no other thread can lock it), and
   * either resolved to one body or dispatched by the class hierarchy to a few project bodies
   * ({@link #MAX_TARGETS} at most) that each take a lock themselves. A call that may run any of
   * many implementations (a listener, a handler interface), or several of which only some lock,
   * says nothing about which lock the running one takes: pairing the locks of each with the locks
   * of every other path makes cycles no single execution has.
   */
  private boolean ordersLocks(CallGraph.Edge edge) {
    if (edge.call().receiver() == Receiver.OWNED) {
      return false;
    }
    List<MethodSummary> bodies = bodies(edge.call());
    if (bodies.size() == 1) {
      return true;
    }
    return bodies.size() <= MAX_TARGETS
        && bodies.stream().allMatch(m -> !ownTaken.getOrDefault(m, Map.of()).isEmpty());
  }

  /**
   * The locks a call reaches in its callee: all it takes, itself or through its callees, when the
   * call resolves to one body; only what the callee takes itself when it is one of several
   * implementations (deep chains through each of several dispatches multiply paths no run takes).
   */
  private Map<LockId, List<Step>> locksThrough(CallGraph.Edge edge) {
    Map<LockId, List<Step>> all =
        bodies(edge.call()).size() == 1 ? taken.get(edge.callee()) : ownTaken.get(edge.callee());
    return all == null ? Map.of() : all;
  }

  /** The most implementations a dispatched call may have and still order locks. */
  static final int MAX_TARGETS = 3;

  private List<MethodSummary> bodies(dev.threadlint.model.Call call) {
    return concrete.computeIfAbsent(
        call,
        c ->
            model.graph().targets(c).stream()
                .filter(m -> !m.is(MethodSummary.Flag.ABSTRACT))
                .toList());
  }

  private final Map<dev.threadlint.model.Call, List<MethodSummary>> concrete =
      new IdentityHashMap<>();

  // ---- locks taken, bottom-up to a fixpoint --------------------------------------------------

  private void composeTaken() {
    CallGraph graph = model.graph();
    ArrayDeque<MethodSummary> work = new ArrayDeque<>();
    Set<MethodSummary> queued = Collections.newSetFromMap(new IdentityHashMap<>());
    for (TypeSummary type : graph.types().values()) {
      for (MethodSummary method : type.methods()) {
        Map<LockId, List<Step>> own = new LinkedHashMap<>();
        for (LockTake take : method.takes()) {
          named(take.lock())
              .ifPresent(
                  lock ->
                      own.putIfAbsent(
                          lock, List.of(new Step(take.site(), "takes " + describe(lock), ""))));
        }
        taken.put(method, own);
        ownTaken.put(method, Map.copyOf(own));
        if (!own.isEmpty()) {
          work.add(method);
          queued.add(method);
        }
      }
    }
    // sets only grow, over the finite set of locks the project names: the worklist empties
    while (!work.isEmpty()) {
      MethodSummary callee = work.poll();
      queued.remove(callee);
      for (CallGraph.Edge edge : graph.callers(callee)) {
        if (!ordersLocks(edge)) {
          continue;
        }
        Map<LockId, List<Step>> into = taken.get(edge.caller());
        if (into == null) {
          continue;
        }
        boolean changed = false;
        for (Map.Entry<LockId, List<Step>> entry : List.copyOf(locksThrough(edge).entrySet())) {
          LockId lock = seenFrom(entry.getKey(), edge);
          if (!into.containsKey(lock)) {
            into.put(lock, through(edge, "calls " + name(callee), entry.getValue()));
            changed = true;
          }
        }
        if (changed && queued.add(edge.caller())) {
          work.add(edge.caller());
        }
      }
    }
  }

  private static List<Step> through(CallGraph.Edge edge, String message, List<Step> rest) {
    List<Step> chain = new ArrayList<>(rest.size() + 1);
    chain.add(new Step(edge.call().site(), message, name(edge.callee())));
    chain.addAll(rest);
    return List.copyOf(chain);
  }

  // ---- acquisitions and inversions -----------------------------------------------------------

  /** Every acquisition of the project, in source order of where its chain starts. */
  public List<Acquisition> acquisitions() {
    List<Acquisition> all = new ArrayList<>();
    for (TypeSummary type : model.graph().types().values()) {
      for (MethodSummary method : type.methods()) {
        own(method, all);
        throughCalls(method, all);
      }
    }
    all.sort(Comparator.comparing(Acquisition::site, SOURCE_ORDER));
    return all;
  }

  private void own(MethodSummary method, List<Acquisition> into) {
    for (LockTake take : method.takes()) {
      Optional<LockId> inner = named(take.lock());
      if (inner.isEmpty()) {
        continue;
      }
      Set<LockId> held = named(take.held());
      if (containsBase(held, inner.get())) {
        continue; // re-entered: a lock this thread holds cannot make it wait
      }
      for (LockId outer : held) {
        into.add(
            new Acquisition(
                outer,
                inner.get(),
                held,
                List.of(
                    new Step(
                        take.site(),
                        "takes " + describe(inner.get()) + " while holding " + describe(outer),
                        ""))));
      }
    }
  }

  private void throughCalls(MethodSummary method, List<Acquisition> into) {
    for (CallGraph.Edge edge : model.graph().callees(method)) {
      // the cheap test first: most calls are made holding nothing
      if (edge.call().locks().isEmpty() || !ordersLocks(edge)) {
        continue;
      }
      // in the same order in every run: a set's own order changes from one JVM to the next
      Set<LockId> held = named(edge.call().locks().stream().sorted(LockId.BY_NAME).toList());
      if (held.isEmpty()) {
        continue;
      }
      for (Map.Entry<LockId, List<Step>> entry : locksThrough(edge).entrySet()) {
        LockId inner = seenFrom(entry.getKey(), edge);
        if (containsBase(held, inner)) {
          continue;
        }
        for (LockId outer : held) {
          String message = "calls " + name(edge.callee()) + " while holding " + describe(outer);
          into.add(new Acquisition(outer, inner, held, through(edge, message, entry.getValue())));
        }
      }
    }
  }

  private Set<LockId> named(java.util.Collection<LockId> locks) {
    Set<LockId> named = new LinkedHashSet<>();
    for (LockId lock : locks) {
      named(lock).ifPresent(named::add);
    }
    return named;
  }

  private static boolean containsBase(Set<LockId> held, LockId lock) {
    return held.stream().anyMatch(h -> h.base().equals(lock.base()));
  }

  /**
   * Pairs of acquisitions in opposite orders that can wait for each other: each holds a view the
   * other's wanted view excludes, and no third lock held by both lets only one of them in. One per
   * pair of locks, the first such pair in source order.
   */
  public List<Inversion> inversions() {
    Map<List<LockId>, List<Acquisition>> byPair = new LinkedHashMap<>();
    for (Acquisition a : acquisitions()) {
      byPair
          .computeIfAbsent(List.of(a.outer().base(), a.inner().base()), k -> new ArrayList<>())
          .add(a);
    }
    List<Inversion> found = new ArrayList<>();
    Set<List<LockId>> done = new java.util.HashSet<>();
    for (Map.Entry<List<LockId>, List<Acquisition>> entry : byPair.entrySet()) {
      List<LockId> pair = entry.getKey();
      List<LockId> reverse = List.of(pair.get(1), pair.get(0));
      List<Acquisition> others = byPair.get(reverse);
      if (others == null || done.contains(pair)) {
        continue;
      }
      done.add(pair);
      done.add(reverse);
      first:
      for (Acquisition one : entry.getValue()) {
        for (Acquisition other : others) {
          if (canWait(one, other)) {
            boolean oneLater = SOURCE_ORDER.compare(one.site(), other.site()) >= 0;
            found.add(oneLater ? new Inversion(one, other) : new Inversion(other, one));
            break first;
          }
        }
      }
    }
    found.sort(Comparator.comparing(i -> i.reported().site(), SOURCE_ORDER));
    return found;
  }

  private static boolean canWait(Acquisition one, Acquisition other) {
    if (!one.outer().excludes(other.inner()) || !other.outer().excludes(one.inner())) {
      return false; // read views of one lock do not wait for each other
    }
    for (LockId gate : one.held()) {
      if (gate.base().equals(one.outer().base()) || gate.base().equals(one.inner().base())) {
        continue;
      }
      for (LockId otherGate : other.held()) {
        if (gate.excludes(otherGate)) {
          return false; // a third lock lets only one thread into either order
        }
      }
    }
    return true;
  }

  // ---- names ---------------------------------------------------------------------------------

  /**
   * A lock as people write it, qualified by its class: {@code Account.this}, {@code 'Cache.lock'}.
   */
  public static String describe(LockId lock) {
    String simple = simple(lock.owner());
    return switch (lock.kind()) {
      case THIS -> "the monitor of " + simple + ".this";
      case CLASS -> "the monitor of " + simple + ".class";
      default ->
          "'"
              + simple
              + "."
              + lock.path()
              + "'"
              + switch (lock.view()) {
                case NONE -> "";
                case READ -> " (read)";
                case WRITE -> " (write)";
              };
    };
  }

  static String name(MethodSummary method) {
    return simple(method.key().owner()) + "." + method.key().name() + "()";
  }

  private static String simple(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }
}
