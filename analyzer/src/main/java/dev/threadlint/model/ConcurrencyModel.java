package dev.threadlint.model;

import dev.threadlint.facts.ProjectModel;
import dev.threadlint.facts.TypeIndex;
import dev.threadlint.models.ThreadEntries;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The project's concurrency model: every file's summaries, the call graph over them, and their
 * composition, computed once per project and shared by the race, lock and deadlock rules.
 *
 * <p>Composition is bottom-up: what a body reaches is its own accesses plus, for each call on
 * {@code this} (or a static method), what the callee reaches with the locks held at the call added
 * (and marked set-up when the call is). Recursion converges to a fixpoint: sets only grow, over a
 * finite universe of (access, locks) pairs, and the worklist empties exactly when no set changes.
 * Locks held on entry go top-down: a hidden method (private or package-private) that the project
 * calls holds what every caller holds at its calls (a greatest fixpoint over intersections). A
 * caller on another object that holds that object's monitor ({@code synchronized (shelf) {
 * shelf.put(x); }}) holds the callee's {@code this}.
 */
public final class ConcurrencyModel {
  private static final Map<ProjectModel, ConcurrencyModel> BUILT =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final CallGraph graph;
  private final TypeIndex index;
  private final Map<MethodSummary, List<Reached>> reached = new IdentityHashMap<>();
  private final Map<MethodSummary, Set<LockId>> entryLocks = new IdentityHashMap<>();
  private final Map<MethodSummary, Set<LockId>> taken = new IdentityHashMap<>();

  private final Map<MethodSummary, TypeSummary> ownerOf = new IdentityHashMap<>();
  private final Set<MethodSummary> setUpOnly = Collections.newSetFromMap(new IdentityHashMap<>());
  private final long millis;
  private final boolean sideBySide;
  private int rounds;

  /** False when the run may use one thread only: see {@link SideBySide}. */
  boolean sideBySide() {
    return sideBySide;
  }

  /** An access a body reaches, and the call of the body that leads to it. */
  private record Reached(Access access, Site via) {}

  /** The model of a project, built on first use and shared by every rule of the run. */
  public static ConcurrencyModel of(ProjectModel project) {
    synchronized (BUILT) {
      return BUILT.computeIfAbsent(project, ConcurrencyModel::build);
    }
  }

  private static ConcurrencyModel build(ProjectModel project) {
    Unread unread = Unread.of(project.files());
    // calls and reads nothing can read are dropped first: an edit that only adds or removes such
    // calls and reads then leaves the model, and so every project finding, as it was (Unread)
    List<TypeSummary> types =
        project.facts(FileSummary.class).flatMap(f -> unread.without(f).types().stream()).toList();
    return new ConcurrencyModel(types, project.types(), project.threads() > 1);
  }

  /** A model of the given summaries (tests build one directly). */
  public ConcurrencyModel(List<TypeSummary> types, TypeIndex index) {
    this(types, index, true);
  }

  /**
   * The same; with {@code sideBySide} false every step of the build, and of the shared fields built
   * on it, runs on the calling thread (a run told to use one thread).
   */
  ConcurrencyModel(List<TypeSummary> types, TypeIndex index, boolean sideBySide) {
    this.sideBySide = sideBySide;
    long started = System.nanoTime();
    java.lang.management.ThreadMXBean cpu =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long cpuStarted = cpu.getCurrentThreadCpuTime();
    this.index = index;
    this.graph = new CallGraph(types, index, sideBySide);
    for (TypeSummary type : graph.types().values()) {
      for (MethodSummary method : type.methods()) {
        ownerOf.put(method, type);
      }
    }
    // The three passes read only the call graph and each fills its own maps: the two smaller ones
    // run beside the composition (the rules that wait for the model are waiting anyway).
    SideBySide.run(
        sideBySide,
        this::compose,
        () -> {
          inheritEntryLocks();
          findSetUpOnly();
        });
    this.millis = (System.nanoTime() - started) / 1_000_000;
    if (Boolean.getBoolean("threadlint.modelStats")) {
      // CPU time too: on a loaded machine wall time says little
      System.err.printf(
          "threadlint model: %d types, %d bodies, %d rounds, %d ms (%d ms cpu)%n",
          graph.types().size(),
          ownerOf.size(),
          rounds,
          millis,
          (cpu.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000);
    }
  }

  public CallGraph graph() {
    return graph;
  }

  /** How long building the model took, for the project-wide phase's timing. */
  public long millis() {
    return millis;
  }

  /** The type that declares a body. */
  public TypeSummary ownerOf(MethodSummary method) {
    return ownerOf.get(method);
  }

  // ---- composition --------------------------------------------------------------------------

  /**
   * The bodies numbered in the order the composition starts from, and for each the ids of the edges
   * into it: the composition keeps its per-body and per-edge state in arrays indexed by these
   * numbers, not in identity maps looked up at every round (most of its rounds pass nothing on).
   */
  private record Numbering(
      MethodSummary[] bodies,
      Map<MethodSummary, Integer> numbers,
      CallGraph.Edge[] edges,
      int[] edgeCaller,
      int[][] callerEdges) {

    static Numbering of(Set<MethodSummary> methods, CallGraph graph) {
      MethodSummary[] bodies = methods.toArray(new MethodSummary[0]);
      Map<MethodSummary, Integer> numbers = new IdentityHashMap<>(bodies.length * 2);
      for (int i = 0; i < bodies.length; i++) {
        numbers.put(bodies[i], i);
      }
      List<CallGraph.Edge> edges = new ArrayList<>();
      int[][] callerEdges = new int[bodies.length][];
      for (int i = 0; i < bodies.length; i++) {
        List<CallGraph.Edge> callers = graph.callers(bodies[i]);
        int[] ids = new int[callers.size()];
        for (int j = 0; j < ids.length; j++) {
          ids[j] = edges.size();
          edges.add(callers.get(j));
        }
        callerEdges[i] = ids;
      }
      int[] edgeCaller = new int[edges.size()];
      for (int e = 0; e < edgeCaller.length; e++) {
        edgeCaller[e] = numbers.get(edges.get(e).caller());
      }
      return new Numbering(
          bodies, numbers, edges.toArray(new CallGraph.Edge[0]), edgeCaller, callerEdges);
    }
  }

  @SuppressWarnings("unchecked")
  private void compose() {
    Numbering numbering = Numbering.of(ownerOf.keySet(), graph);
    MethodSummary[] bodies = numbering.bodies();
    int n = bodies.length;
    List<Reached>[] reachedOf = new List[n];
    Set<List<Object>>[] keys = new Set[n];
    Set<LockId>[] takenOf = new Set[n];
    List<LockId>[] takenInOrder = new List[n];
    ArrayDeque<Integer> work = new ArrayDeque<>();
    boolean[] queued = new boolean[n];
    for (int b = 0; b < n; b++) {
      MethodSummary method = bodies[b];
      List<Reached> own = new ArrayList<>();
      Set<List<Object>> seen = new HashSet<>();
      for (Access original : method.accesses()) {
        Optional<Access> declared = declared(original);
        if (declared.isEmpty()) {
          continue;
        }
        Access held = declared.get().withLocks(method.assumedHeld());
        if (seen.add(key(held))) {
          own.add(new Reached(held, null));
        }
      }
      reachedOf[b] = own;
      keys[b] = seen;
      Set<LockId> locks = new LinkedHashSet<>();
      method.takes().forEach(t -> locks.add(t.lock()));
      takenOf[b] = locks;
      takenInOrder[b] = new ArrayList<>(locks);
      work.add(b);
      queued[b] = true;
    }
    CallGraph.Edge[] edges = numbering.edges();
    int[] edgeCaller = numbering.edgeCaller();
    // how much of its callee's list each edge has already passed on: lists only grow, so each
    // access crosses each edge once
    int[] passed = new int[edges.length];
    int[] passedTaken = new int[edges.length];
    while (!work.isEmpty()) {
      rounds++;
      int callee = work.poll();
      queued[callee] = false;
      List<Reached> from = reachedOf[callee];
      List<LockId> fromTaken = takenInOrder[callee];
      for (int e : numbering.callerEdges()[callee]) {
        CallGraph.Edge edge = edges[e];
        int caller = edgeCaller[e];
        boolean changed = false;
        // nothing reached since this edge last passed it on: nothing to compose (most rounds)
        // (the ends are read first: along a recursive call the callee's lists are the caller's)
        int end = from.size();
        int endTaken = fromTaken.size();
        boolean fresh = passed[e] < end;
        java.util.function.Function<Access, Access> across = fresh ? across(edge) : null;
        if (across != null) {
          changed = passOn(edge, from, passed[e], end, reachedOf[caller], keys[caller], across);
        }
        passed[e] = end;
        if (passedTaken[e] < endTaken) {
          if (passTaken(
              fromTaken, passedTaken[e], endTaken, takenOf[caller], takenInOrder[caller])) {
            changed = true;
          }
          passedTaken[e] = endTaken;
        }
        if (changed && !queued[caller]) {
          queued[caller] = true;
          work.add(caller);
        }
      }
    }
    for (int b = 0; b < n; b++) {
      reached.put(bodies[b], reachedOf[b]);
      taken.put(bodies[b], takenOf[b]); // the sets stay, for locksTakenBy
    }
  }

  /**
   * How a callee's access crosses an edge into its caller (null: it does not): along a call on
   * {@code this}, as the caller makes it; along a call on another object that flows through its
   * receiver, the callee's accesses to its own fields become accesses to the receiver's fields,
   * made in the caller's context under the caller's locks (deeper paths are not followed). Null
   * when nothing crosses the edge.
   */
  private java.util.function.Function<Access, Access> across(CallGraph.Edge edge) {
    if (edge.call().receiver() == Receiver.THIS) {
      return a -> onThis(a, edge);
    }
    if (flowsThroughReceiver(edge)) {
      return a -> a.receiver() == Receiver.THIS ? onReceiver(a, edge) : null;
    }
    return null;
  }

  /**
   * Adds to the caller's locks those its callee took since this edge last passed them on (each lock
   * crosses each edge once: the callee's list only grows, and what crossed before is in the
   * caller's set already, so the caller's set gains what it would gain from all of them, in the
   * same order); true when it gained one.
   */
  private static boolean passTaken(
      List<LockId> from, int start, int end, Set<LockId> into, List<LockId> intoInOrder) {
    boolean changed = false;
    for (int i = start; i < end; i++) {
      LockId lock = from.get(i);
      if (into.add(lock)) {
        intoInOrder.add(lock);
        changed = true;
      }
    }
    return changed;
  }

  /**
   * The access with its field path owned by the type that declares the field: a write of an
   * inherited field names the subclass until the model finds the superclass that declares it. Empty
   * when no project type declares it.
   */
  private Optional<Access> declared(Access access) {
    FieldPath path = access.field();
    TypeSummary owner = graph.types().get(path.owner());
    if (owner == null || owner.field(path.field()).isPresent()) {
      return Optional.of(access);
    }
    for (String supertype : graph.selfAndSupertypes(path.owner())) {
      Optional<FieldInfo> field =
          Optional.ofNullable(graph.types().get(supertype)).flatMap(t -> t.field(path.field()));
      if (field.isPresent()) {
        FieldPath moved = new FieldPath(supertype, path.path(), field.get().isStatic());
        return Optional.of(
            new Access(
                moved,
                access.kind(),
                access.locks(),
                field.get().isStatic() ? Receiver.STATIC : access.receiver(),
                access.setUp(),
                access.polled(),
                access.site()));
      }
    }
    return Optional.empty();
  }

  private static List<Object> key(Access access) {
    return List.of(access.site(), access.locks(), access.setUp(), access.kind(), access.receiver());
  }

  /**
   * A call on another object (a field or a local of a project type) whose callee is hidden
   * (package-private or private) and that no caller locks by its receiver's monitor: such a method
   * is a step of its callers' operations, so what it touches on its own object is judged in their
   * contexts, on the receiver. Public methods stand on their own as their class's API; a method
   * some caller calls holding the receiver's monitor is judged on its own with the locks its
   * callers hold ({@link #entryLocks}).
   */
  /**
   * Passes the accesses the callee reached since this edge last passed them on to the caller, each
   * as {@code compose} makes it in the caller (null: not passed on); true when the caller gained
   * one.
   */
  private static boolean passOn(
      CallGraph.Edge edge,
      List<Reached> from,
      int start,
      int end,
      List<Reached> into,
      Set<List<Object>> seen,
      java.util.function.Function<Access, Access> compose) {
    boolean changed = false;
    for (int i = start; i < end; i++) {
      Access composed = compose.apply(from.get(i).access());
      if (composed != null && seen.add(key(composed))) {
        into.add(new Reached(composed, edge.call().site()));
        changed = true;
      }
    }
    return changed;
  }

  /** A callee's access as a call on {@code this} makes it: under the caller's locks, in set-up. */
  private static Access onThis(Access access, CallGraph.Edge edge) {
    Access composed = access.withLocks(edge.call().locks()).withLocks(edge.caller().assumedHeld());
    if (edge.call().setUp() && !composed.setUp()) {
      composed =
          new Access(
              composed.field(),
              composed.kind(),
              composed.locks(),
              composed.receiver(),
              true,
              composed.polled(),
              composed.site());
    }
    return composed;
  }

  private boolean flowsThroughReceiver(CallGraph.Edge edge) {
    Receiver receiver = edge.call().receiver();
    MethodSummary callee = edge.callee();
    return (receiver == Receiver.FIELD || receiver == Receiver.OTHER)
        && !edge.call().isSuper()
        && !edge.call().name().equals("<init>")
        && callee.isHidden()
        && !callee.is(MethodSummary.Flag.STATIC)
        && !callee.is(MethodSummary.Flag.CONSTRUCTOR)
        && !callee.key().isSynthetic()
        && !lockedByCallersOnOtherObjects(callee);
  }

  /**
   * A callee's access to its own field as its caller makes it through the receiver: marked with the
   * receiver's kind, with the locks held at the call (and the receiver's monitor when the caller
   * holds it). A caller of the callee's own class holds its own monitor and lock fields, not the
   * receiver's: those become an unnamed lock (some lock is held; none that guards the receiver).
   */
  private Access onReceiver(Access access, CallGraph.Edge edge) {
    String calleeType = edge.callee().key().owner();
    String callerType = edge.caller().key().owner();
    boolean sameHierarchy =
        graph.selfAndSupertypes(callerType).contains(calleeType)
            || graph.selfAndSupertypes(calleeType).contains(callerType);
    Set<LockId> locks = new LinkedHashSet<>(access.locks());
    Set<LockId> atCall = new LinkedHashSet<>(edge.call().locks());
    atCall.addAll(edge.caller().assumedHeld());
    for (LockId lock : atCall) {
      boolean callersOwn = lock.kind() == LockId.Kind.THIS || lock.kind() == LockId.Kind.FIELD;
      locks.add(
          sameHierarchy && callersOwn
              ? new LockId(
                  LockId.Kind.LOCAL, callerType, "?", LockId.Type.MONITOR, LockId.View.NONE)
              : lock);
    }
    if (edge.call().receiverHeld()) {
      locks.add(LockId.thisMonitor(calleeType));
    }
    return new Access(
        access.field(),
        access.kind(),
        locks,
        edge.call().receiver(),
        access.setUp() || edge.call().setUp(),
        access.polled(),
        access.site());
  }

  /**
   * Locks on entry: for a hidden method the project calls (outside construction), the locks held at
   * every call, plus what each caller holds on entry. Starts from "unknown" and narrows until
   * nothing changes.
   */
  private void inheritEntryLocks() {
    Set<MethodSummary> inheriting = Collections.newSetFromMap(new IdentityHashMap<>());
    for (MethodSummary method : ownerOf.keySet()) {
      if (method.isHidden()
          && !method.key().isSynthetic()
          && graph.callers(method).stream().anyMatch(e -> passesLocks(e) || locksReceiver(e))) {
        inheriting.add(method);
      }
    }
    entryLocks.putAll(
        EntryLocks.solve(
            inheriting,
            this::incomingLocks,
            (method, locks) -> sameThis(locks, method.key().owner())));
  }

  /** The calls whose locks a hidden method inherits. */
  private List<EntryLocks.Incoming> incomingLocks(MethodSummary method) {
    boolean byReceiver = graph.callers(method).stream().anyMatch(e -> locksReceiver(e));
    List<EntryLocks.Incoming> incoming = new ArrayList<>();
    for (CallGraph.Edge edge : graph.callers(method)) {
      if (byReceiver && !edge.call().setUp() && edge.call().receiver() != Receiver.THIS) {
        // once some caller locks the object it calls on, every call on another object counts:
        // it holds the callee's 'this' (its receiver's monitor) or nothing
        incoming.add(
            new EntryLocks.Incoming(
                null,
                locksReceiver(edge) ? Set.of(LockId.thisMonitor(method.key().owner())) : Set.of()));
      } else if (passesLocks(edge)) {
        incoming.add(new EntryLocks.Incoming(edge.caller(), edge.call().locks()));
      }
    }
    return incoming;
  }

  /** A call on another object made while holding that object's monitor. */
  private static boolean locksReceiver(CallGraph.Edge edge) {
    return !edge.call().setUp()
        && edge.call().receiver() != Receiver.THIS
        && edge.call().receiverHeld();
  }

  private static boolean passesLocks(CallGraph.Edge edge) {
    return !edge.call().setUp() && edge.call().receiver() == Receiver.THIS;
  }

  // ---- queries ------------------------------------------------------------------------------

  /** The accesses a body reaches, its own and its callees' on {@code this}, with callers' locks. */
  public List<Access> accessesOf(MethodSummary method) {
    return reached.getOrDefault(method, List.of()).stream().map(Reached::access).toList();
  }

  /** Every lock a body takes, itself or through any callee. */
  public Set<LockId> locksTakenBy(MethodSummary method) {
    return Collections.unmodifiableSet(taken.getOrDefault(method, Set.of()));
  }

  /** The locks every project caller of a hidden method holds at its calls (empty otherwise). */
  public Set<LockId> entryLocks(MethodSummary method) {
    return entryLocks.getOrDefault(method, Set.of());
  }

  /**
   * True when some caller holds the monitor of the object it calls the method on: such a method
   * runs with its {@code this} locked by its callers on other objects (see {@link #entryLocks}).
   */
  public boolean lockedByCallersOnOtherObjects(MethodSummary method) {
    return graph.callers(method).stream().anyMatch(ConcurrencyModel::locksReceiver);
  }

  /** True when the method is called somewhere in the project outside construction. */
  public boolean hasCallers(MethodSummary method) {
    return graph.callers(method).stream().anyMatch(e -> !e.call().setUp());
  }

  /**
   * True when every project call of the method is made during construction or set-up: from a
   * constructor or set-up method of the object, on an object its creator is still setting up, or
   * from another method that only set-up calls (an {@code openDB()} that {@code init()} calls).
   */
  public boolean onlyCalledInSetUp(MethodSummary method) {
    return setUpOnly.contains(method);
  }

  /**
   * The methods only set-up calls, as a least fixpoint: a method joins when each of its calls is a
   * set-up call or made by a member already in; recursion alone never lets one in.
   */
  private void findSetUpOnly() {
    // a worklist over callees: a method's standing changes only when one of its callers joins, so
    // only the callees of a new member are looked at again (not every body, round after round)
    ArrayDeque<MethodSummary> work = new ArrayDeque<>(ownerOf.keySet());
    Set<MethodSummary> queued = Collections.newSetFromMap(new IdentityHashMap<>());
    queued.addAll(work);
    while (!work.isEmpty()) {
      MethodSummary method = work.poll();
      queued.remove(method);
      if (setUpOnly.contains(method)) {
        continue;
      }
      List<CallGraph.Edge> callers = graph.callers(method);
      boolean exported = method.is(MethodSummary.Flag.EXPORTED);
      if (!callers.isEmpty() && callers.stream().allMatch(e -> isSetUpCall(e, exported))) {
        setUpOnly.add(method);
        for (CallGraph.Edge edge : graph.callees(method)) {
          if (!setUpOnly.contains(edge.callee()) && queued.add(edge.callee())) {
            work.add(edge.callee());
          }
        }
      }
    }
  }

  /**
   * A set-up call of the callee. Calls on {@code this} or a field from a constructor or set-up
   * method count always; the rest (a fresh object set up by its creator, a call from a method only
   * set-up calls) only for a callee outside code cannot call, whose project callers are all its
   * callers.
   */
  private boolean isSetUpCall(CallGraph.Edge edge, boolean exported) {
    Receiver receiver = edge.call().receiver();
    if (receiver == Receiver.STATIC) {
      return false; // a static method is shared by every instance, set up or not
    }
    if (edge.call().setUp() && (receiver == Receiver.THIS || receiver == Receiver.FIELD)) {
      return true; // the object, or one it holds, while it is set up
    }
    if (exported) {
      return false;
    }
    if (edge.call().setUp()) {
      // on another object, only a fresh local's set-up counts: a constructor or init(..) that
      // registers with an object it was handed talks to a shared one
      return !edge.caller().is(MethodSummary.Flag.CONSTRUCTOR)
          && !edge.caller().is(MethodSummary.Flag.SET_UP);
    }
    return setUpOnly.contains(edge.caller())
        && (receiver == Receiver.THIS || receiver == Receiver.FIELD);
  }

  /**
   * True when instances of the type are meant to be shared: {@code @ThreadSafe}, or it takes a lock
   * or monitor somewhere (RacerD's rule), and no annotation says otherwise.
   */
  public boolean isMeantForThreads(TypeSummary type) {
    return ThreadRoots.isMeantForThreads(type);
  }

  /** True when the type is a Runnable, Callable, Thread or TimerTask (project subtypes too). */
  public boolean isTask(TypeSummary type) {
    for (String task : ThreadEntries.TASK_METHODS.keySet()) {
      if (index.isSubtype(type.name(), task)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The ways a body comes to run by itself: its own (a task handed off, a confinement), run() of a
   * thread or task class, and the API of the class.
   */
  public List<ThreadContext> contextsOf(MethodSummary method) {
    return ThreadRoots.of(method, ownerOf.get(method), new IndexHierarchy(index));
  }

  /**
   * The project's view of types for {@link ThreadRoots}: the type index; loops are not looked at.
   */
  private record IndexHierarchy(TypeIndex index) implements ThreadRoots.Hierarchy {
    @Override
    public boolean isSubtype(TypeSummary type, String supertype) {
      return index.isSubtype(type.name(), supertype);
    }

    @Override
    public boolean severalInstances(TypeSummary type) {
      return false;
    }
  }

  /**
   * Every access to a field of the type (or its project supertypes) reached from a root body of the
   * type: a non-private method, a thread's run(), a task handed off in it. Grouped by field, in
   * source order.
   */
  public Map<FieldPath, List<Occurrence>> occurrences(TypeSummary type) {
    return occurrences(type, field -> true);
  }

  /**
   * The same, for the fields a rule judges only: the same lists for those fields, without the cost
   * of the others (a body whose accesses are all to other fields is not asked how it comes to run).
   */
  public Map<FieldPath, List<Occurrence>> occurrences(
      TypeSummary type, java.util.function.Predicate<FieldPath> wanted) {
    Map<FieldPath, List<Occurrence>> byField = new LinkedHashMap<>();
    Set<String> owners = new HashSet<>(graph.selfAndSupertypes(type.name()));
    // an inner class's bodies reach its enclosing instance's fields by their bare names: its
    // thread's run loop polls the outer object's flag
    for (String outer = enclosing(type.name()); outer != null; outer = enclosing(outer)) {
      owners.addAll(graph.selfAndSupertypes(outer));
    }
    for (MethodSummary method : type.methods()) {
      List<ThreadContext> contexts = null; // asked once, when the first wanted access needs it
      for (Reached r : reached.getOrDefault(method, List.of())) {
        Access access = r.access();
        boolean onReceiver =
            access.receiver() == Receiver.FIELD || access.receiver() == Receiver.OTHER;
        if ((access.receiver() == Receiver.THIS && owners.contains(access.field().owner())
                || access.receiver() == Receiver.STATIC
                    && access.field().owner().equals(type.name())
                || onReceiver)
            && wanted.test(access.field())) {
          if (contexts == null) {
            contexts = contextsOf(method);
          }
          if (contexts.isEmpty()) {
            break;
          }
          Access withEntry = access.withLocks(entryLocks(method));
          withEntry = withEntry.withLocksReplaced(sameThis(withEntry.locks(), type.name()));
          byField
              .computeIfAbsent(access.field(), f -> new ArrayList<>())
              .add(new Occurrence(withEntry, method, contexts, r.via()));
        }
      }
    }
    return byField;
  }

  /**
   * The locks with every {@code this} monitor of the type's hierarchy named as the type's own:
   * along calls on {@code this}, a subclass's and its superclass's {@code this} are one object.
   */
  public Set<LockId> sameThis(Set<LockId> locks, String type) {
    if (locks.stream().noneMatch(l -> l.kind() == LockId.Kind.THIS && !l.owner().equals(type))) {
      return locks;
    }
    Set<LockId> result = new LinkedHashSet<>();
    for (LockId lock : locks) {
      if (lock.kind() == LockId.Kind.THIS
          && !lock.owner().equals(type)
          && (graph.selfAndSupertypes(type).contains(lock.owner())
              || graph.selfAndSupertypes(lock.owner()).contains(type))) {
        result.add(LockId.thisMonitor(type));
      } else {
        result.add(lock);
      }
    }
    return result;
  }

  /** The declaration of a field path's first field. */
  public Optional<FieldInfo> field(FieldPath path) {
    TypeSummary owner = graph.types().get(path.owner());
    return owner == null ? Optional.empty() : owner.field(path.field());
  }

  /** The type summary of a qualified name. */
  public Optional<TypeSummary> type(String name) {
    return Optional.ofNullable(graph.types().get(name));
  }

  /** Rounds of the composition worklist, for the fixpoint test. */
  int rounds() {
    return rounds;
  }

  /** The project type that encloses a nested type, or null. */
  private String enclosing(String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return null;
    }
    String outer = name.substring(0, dot);
    return graph.types().containsKey(outer) ? outer : null;
  }

  private static String simpleName(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }
}
