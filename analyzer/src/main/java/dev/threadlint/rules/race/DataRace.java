package dev.threadlint.rules.race;

import dev.threadlint.facts.ProjectModel;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Severity;
import dev.threadlint.model.Access;
import dev.threadlint.model.ConcurrencyModel;
import dev.threadlint.model.LockId;
import dev.threadlint.model.MethodSummary;
import dev.threadlint.model.Occurrence;
import dev.threadlint.model.SharedFields;
import dev.threadlint.model.Site;
import dev.threadlint.model.ThreadContext;
import dev.threadlint.model.TypeSummary;
import dev.threadlint.models.ThreadEntries;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A field written in one concurrent context and accessed in another (or in a context that runs in
 * parallel with itself) with no lock at all: a thread or task body against another task or the
 * class's methods. Fields that some access guards with a lock are inconsistent-locking's.
 */
public final class DataRace implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "data-race",
              Family.RACE,
              Severity.WARNING,
              "Field shared between threads without a lock",
              "Two threads that access one field, at least one of them writing, with nothing to"
                  + " order them, race: updates are lost (count++ is read, add, write), and a"
                  + " reader may see a stale or half-initialised value for ever, because without"
                  + " a happens-before edge the JIT and the CPU may keep it in a register."
                  + " Reported for two threads or tasks the source starts, a thread's loop"
                  + " polling a flag the API writes, the API of a @ThreadSafe class, and, as"
                  + " RacerD does, a class that locks: there an API method that writes a field"
                  + " (or changes a container in one) with no lock races with the methods that"
                  + " use it under the lock. Constructors, set-up before the object is shared,"
                  + " builders, configuration setters of a component with a start(), owned"
                  + " objects and confined code stay quiet.")
          .equivalent(Tool.INFER, "THREAD_SAFETY_VIOLATION")
          .fix(
              "Guard every access with the same lock (synchronized or a Lock), or use an atomic"
                  + " (AtomicInteger, LongAdder) or a concurrent collection; a field written once"
                  + " and read by others can be volatile.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkProject(ProjectModel project, FindingSink sink) {
    ConcurrencyModel model = ConcurrencyModel.of(project);
    for (SharedFields.Field field : SharedFields.of(model)) {
      if (field.info().isSafe()) {
        continue;
      }
      // what reaches a field through a call on another object is inconsistent-locking's alone
      SharedFields.Field own =
          new SharedFields.Field(
              field.type(), field.path(), field.info(), SharedFields.onOwnObject(field.uses()));
      if (own.uses().stream().anyMatch(SharedFields::isLocked)) {
        Optional<Race> race = unprotectedWrite(model, own);
        if (race.isEmpty()) {
          // a lock elsewhere does not order two sides that both go without it
          race = firstRace(model, unlockedOnly(own)).filter(r -> r.other().access().polled());
        }
        race.ifPresent(r -> sink.report(report(own, r)));
        continue;
      }
      firstRace(model, own).ifPresent(race -> sink.report(report(own, race)));
    }
  }

  /**
   * RacerD's unprotected write: in a class that locks (so its methods are meant to be called from
   * several threads), a method of its API writes a field, or changes a container held in one, with
   * no lock at all, while another method accesses the field under a lock. When a lock is clearly
   * the field's guard, inconsistent-locking reports instead; here the locked side shows only that
   * the author knew the field is shared.
   */
  private static Optional<Race> unprotectedWrite(ConcurrencyModel model, SharedFields.Field field) {
    if (!model.isMeantForThreads(field.type()) || !field.info().guardedBy().isEmpty()) {
      return Optional.empty(); // not meant for threads, or guarded-by-violation's
    }
    List<Occurrence> uses =
        field.uses().stream()
            .filter(
                u ->
                    !InconsistentLocking.confined(u)
                        && !InconsistentLocking.isStreamMark(field, u)
                        && !InconsistentLocking.locksTheFieldItself(field, u))
            .toList();
    if (InconsistentLocking.guardOf(field, uses).isPresent()) {
      return Optional.empty();
    }
    if (isCallback(field)) {
      return Optional.empty();
    }
    boolean readUnlocked =
        uses.stream().anyMatch(u -> !u.access().isWrite() && !SharedFields.isLocked(u));
    // a setting read without the lock too: the lock is not its guard, unless most of the places
    // that write it hold the lock (its author made those writes exclusive; this one races)
    if (readUnlocked && !mostWritesLocked(uses)) {
      return Optional.empty();
    }
    Map<MethodSummary, List<Occurrence>> byRoot = InconsistentLocking.byRoot(uses);
    Map<String, List<MethodSummary>> synchronizedRoots = synchronizedRoots(uses);
    for (Occurrence write : uses) {
      MethodSummary root = write.root();
      if (!write.access().isWrite()
          || !write.access().locks().isEmpty()
          // package-private methods nobody in the project calls are test hooks
          || !(root.is(MethodSummary.Flag.PUBLIC) || root.is(MethodSummary.Flag.PROTECTED))
          || root.key().isSynthetic()
          || write.contexts().stream().noneMatch(c -> c.kind() == ThreadContext.Kind.API)
          || !declaredInHierarchy(model, field, root)
          || overridesSynchronized(synchronizedRoots, root)
          || isConfiguration(model, field.type(), root)) {
        continue;
      }
      for (Occurrence other : uses) {
        if (other.root() == root
            || readUnlocked && !other.access().isWrite()
            || !other.mayRunWith(write)
            // the same code runs with and without the lock: a caller's lock for something else
            || other.access().site().member().equals(write.access().site().member())) {
          continue;
        }
        Optional<LockId> lock =
            SharedFields.locks(other).stream()
                .sorted(LockId.BY_NAME) // the message names one of them
                .filter(l -> isDedicated(model, l))
                .filter(l -> !InconsistentLocking.isOptional(field, l))
                .filter(l -> !InconsistentLocking.lockMayBeHeldByCaller(model, write, l))
                .filter(l -> !InconsistentLocking.locksItselfElsewhere(byRoot, write, l))
                .findFirst();
        if (lock.isPresent()) {
          return Optional.of(
              new Race(
                  write,
                  other,
                  String.format(
                      "%s %s it holding %s: the class locks, so two threads may call %s and %s"
                          + " at once",
                      SharedFields.where(other),
                      accessVerb(other),
                      lock.get().describe(),
                      root.key().name() + "()",
                      other.root().key().name() + "()")));
        }
      }
    }
    return Optional.empty();
  }

  /** The field with only its uses that hold no lock at all. */
  private static SharedFields.Field unlockedOnly(SharedFields.Field field) {
    return new SharedFields.Field(
        field.type(),
        field.path(),
        field.info(),
        field.uses().stream().filter(u -> u.access().locks().isEmpty()).toList());
  }

  /**
   * More of the places that write the field always hold a lock than not: a place reached both with
   * and without a lock (a public setter a locked method also calls) counts as unlocked.
   */
  private static boolean mostWritesLocked(List<Occurrence> uses) {
    java.util.Set<Site> locked = new java.util.HashSet<>();
    java.util.Set<Site> unlocked = new java.util.HashSet<>();
    for (Occurrence use : uses) {
      if (use.access().isWrite()) {
        (SharedFields.isLocked(use) ? locked : unlocked).add(use.access().site());
      }
    }
    locked.removeAll(unlocked);
    return locked.size() > unlocked.size();
  }

  /**
   * A setter or adder of a component with a lifecycle (it, or a project supertype, declares {@code
   * init}, {@code start}, {@code startInternal}, {@code open}...): configuration, called before the
   * component starts and is shared. A class without a lifecycle has no such moment, so its setters
   * race.
   */
  private static boolean isConfiguration(
      ConcurrencyModel model, TypeSummary type, MethodSummary root) {
    String name = root.key().name();
    if (!(name.startsWith("set") || name.startsWith("add")) || root.key().arity() == 0) {
      return false;
    }
    for (String each : model.graph().selfAndSupertypes(type.name())) {
      Optional<TypeSummary> summary = model.type(each);
      if (summary.isPresent()
          && summary.get().methods().stream()
              .anyMatch(
                  m ->
                      m.is(MethodSummary.Flag.SET_UP)
                          || m.key().name().equals("open") && !m.is(MethodSummary.Flag.STATIC))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The write is in a method of the field's class or a subclass: the API the lock protects. An
   * inner class's methods (a handler or iterator the class hands out) run where it is handed; they
   * count through their thread contexts, not as the class's API.
   */
  private static boolean declaredInHierarchy(
      ConcurrencyModel model, SharedFields.Field field, MethodSummary root) {
    TypeSummary owner = model.ownerOf(root);
    return owner != null
        && model.graph().selfAndSupertypes(owner.name()).contains(field.path().owner());
  }

  /** An unsynchronized override of a synchronized method: unsynchronized-override reports it. */
  private static boolean overridesSynchronized(
      Map<String, List<MethodSummary>> synchronizedRoots, MethodSummary root) {
    return synchronizedRoots.getOrDefault(signature(root), List.of()).stream()
        .anyMatch(r -> r != root);
  }

  /** The synchronized roots among the uses, by name and arity, each once. */
  private static Map<String, List<MethodSummary>> synchronizedRoots(List<Occurrence> uses) {
    Map<String, List<MethodSummary>> roots = new HashMap<>();
    for (Occurrence use : uses) {
      MethodSummary root = use.root();
      if (root.is(MethodSummary.Flag.SYNCHRONIZED)) {
        List<MethodSummary> same = roots.computeIfAbsent(signature(root), k -> new ArrayList<>());
        if (same.stream().noneMatch(r -> r == root)) {
          same.add(root);
        }
      }
    }
    return roots;
  }

  private static String signature(MethodSummary root) {
    return root.key().name() + "/" + root.key().arity();
  }

  /**
   * A lock that exists to exclude threads: a monitor of {@code this} or a class, a {@code Lock}, or
   * a plain {@code Object} kept as a lock. A data object used as its own monitor ({@code
   * synchronized (position) { position.update(..); }}) guards that object, not the fields its
   * critical section happens to touch too.
   */
  private static boolean isDedicated(ConcurrencyModel model, LockId lock) {
    if (lock.kind() == LockId.Kind.THIS || lock.kind() == LockId.Kind.CLASS) {
      return true;
    }
    if (lock.type() != LockId.Type.MONITOR) {
      return true;
    }
    return model
        .type(lock.owner())
        .flatMap(t -> t.field(lock.path()))
        .filter(f -> f.typeCandidates().contains("java.lang.Object"))
        .isPresent();
  }

  /**
   * A callback wired into the object (a handler, listener, Runnable): set when the object is wired
   * up and read when the event arrives, which its source orders. Races on these are rare and a
   * report mostly names configuration.
   */
  private static boolean isCallback(SharedFields.Field field) {
    return field.info().typeCandidates().stream()
        .findFirst()
        .map(t -> t.substring(t.lastIndexOf('.') + 1))
        .filter(
            t ->
                ThreadEntries.CALLBACK_TYPES.contains(t)
                    || ThreadEntries.CALLBACK_SUFFIXES.stream().anyMatch(t::endsWith))
        .isPresent();
  }

  /** A write and an access that may run at once, and why. */
  record Race(Occurrence write, Occurrence other, String why) {}

  private Finding report(SharedFields.Field field, Race race) {
    Site at = race.write().access().site();
    Finding finding =
        finding(
            at,
            String.format(
                "'%s' is %s in %s with no lock, and %s; guard every access with one lock or make"
                    + " it atomic",
                field.path().path(),
                verb(race.write()),
                SharedFields.where(race.write()),
                race.why()));
    if (race.other() != race.write()) {
      finding =
          finding.withRelated(List.of(race.other().access().site().location("the other access")));
    }
    return finding;
  }

  private static String verb(Occurrence use) {
    return switch (use.access().kind()) {
      case UPDATE -> "updated";
      case CONTAINER_WRITE -> "changed (a non-thread-safe container)";
      case CONTAINER_READ -> "read (a non-thread-safe container)";
      default -> use.access().isWrite() ? "written" : "read";
    };
  }

  private static Optional<Race> firstRace(ConcurrencyModel model, SharedFields.Field field) {
    boolean threadSafe = field.type().intent() == TypeSummary.Intent.THREAD_SAFE;
    return firstRace(
        field.uses().stream().filter(u -> !assertsConfinement(model, u)).toList(), threadSafe);
  }

  /**
   * What {@link #parallel} reads of a use: two uses of one shape race, or not, with every other use
   * alike (but with themselves, which {@link #parallel} tells by identity).
   */
  private record Shape(List<ThreadContext> contexts, Access.Kind kind, boolean polled) {
    static Shape of(Occurrence use) {
      return new Shape(use.contexts(), use.access().kind(), use.access().polled());
    }
  }

  /**
   * The first write, in the order of {@code uses}, that races with a use, and the first such use:
   * what trying every pair in that order finds, in time linear in the uses for a field's few shapes
   * (a field used a thousand times is not a million pairs). A write of a shape already tried races
   * with nothing, as that one did not; of the uses of one shape only the first two can be the first
   * to race with a write (the first that is not the write itself), and the write itself.
   */
  static Optional<Race> firstRace(List<Occurrence> uses, boolean threadSafe) {
    Map<Shape, Integer> seen = new HashMap<>();
    List<Integer> candidates = new ArrayList<>(); // the first two uses of each shape, in order
    for (int i = 0; i < uses.size(); i++) {
      if (seen.merge(Shape.of(uses.get(i)), 1, Integer::sum) <= 2) {
        candidates.add(i);
      }
    }
    Set<Shape> tried = new HashSet<>();
    for (int w = 0; w < uses.size(); w++) {
      Occurrence write = uses.get(w);
      if (!write.access().isWrite() || !tried.add(Shape.of(write))) {
        continue;
      }
      boolean selfTried = false;
      for (int c = 0; c <= candidates.size(); c++) {
        int at = c < candidates.size() ? candidates.get(c) : uses.size();
        if (!selfTried && w <= at) {
          selfTried = true; // the write with itself, at its place in the order
          if (w < at) {
            Optional<String> why = parallel(write, write, threadSafe);
            if (why.isPresent()) {
              return Optional.of(new Race(write, write, why.get()));
            }
          }
        }
        if (at < uses.size()) {
          Occurrence other = uses.get(at);
          Optional<String> why = parallel(write, other, threadSafe);
          if (why.isPresent()) {
            return Optional.of(new Race(write, other, why.get()));
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Why two uses can run at once, if they can: two tasks handed to threads here (or one that
   * overlaps itself); a thread's loop polling a flag that the class's API writes; a container one
   * side changes while the other side uses it; or the API of a @ThreadSafe class against itself
   * (RacerD's unprotected write). A class that merely locks elsewhere is not taken to promise this:
   * on real code its unlocked counters were mostly confined to one thread.
   */
  static Optional<String> parallel(Occurrence write, Occurrence other, boolean threadSafe) {
    for (ThreadContext w : write.contexts()) {
      for (ThreadContext o : other.contexts()) {
        if (!w.mayRunWith(o)) {
          continue;
        }
        boolean wTask = isTask(w);
        boolean oTask = isTask(o);
        if (wTask && oTask) {
          return Optional.of(
              w.equals(o)
                  ? "it runs in parallel with itself (" + w.description() + ")"
                  : o.description() + " " + accessVerb(other) + " it");
        }
        boolean wApi = w.kind() == ThreadContext.Kind.API;
        boolean oApi = o.kind() == ThreadContext.Kind.API;
        boolean oLoop = !oApi && o.kind() != ThreadContext.Kind.CONFINED;
        if (wApi && oLoop && other.access().polled()) {
          return Optional.of(
              String.format(
                  "%s polls it in a loop without a lock or volatile, so it may never see the"
                      + " write",
                  o.description()));
        }
        boolean container =
            write.access().kind() == Access.Kind.CONTAINER_WRITE
                && (other.access().kind() == Access.Kind.CONTAINER_WRITE
                    || other.access().kind() == Access.Kind.CONTAINER_READ);
        if (container && (wApi && oLoop || oApi && !wApi && isTask(w) || oLoop && isTask(w))) {
          return Optional.of(
              String.format("%s uses the same container at the same time", o.description()));
        }
        if (wApi && oApi && threadSafe && other == write) {
          return Optional.of(
              "the class is @ThreadSafe, so two threads may call "
                  + SharedFields.where(write)
                  + " at once");
        }
        if (wApi && oApi && threadSafe && other == write && container) {
          return Optional.of(
              "the class is @ThreadSafe, so two threads may change the container at once");
        }
        if (wApi && oApi && threadSafe && other != write) {
          return Optional.of(
              "the class is @ThreadSafe and "
                  + SharedFields.where(other)
                  + " "
                  + accessVerb(other)
                  + " it from another thread");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The root, or the body that makes the access, asserts that one thread runs it ({@code assert
   * executor.inEventLoop();}): the author says it is confined, and a task it schedules runs there.
   */
  private static boolean assertsConfinement(ConcurrencyModel model, Occurrence use) {
    if (use.root().is(MethodSummary.Flag.ASSERTS_CONFINEMENT)) {
      return true;
    }
    Site at = use.access().site();
    MethodSummary innermost = null;
    for (TypeSummary type : dev.threadlint.model.TypesByPath.in(model, at.path())) {
      for (MethodSummary method : type.methods()) {
        Site m = method.site();
        boolean contains =
            m.line() <= at.line()
                && at.line() <= m.endLine()
                && (innermost == null || m.line() >= innermost.site().line());
        if (contains) {
          innermost = method;
        }
      }
    }
    return innermost != null && innermost.is(MethodSummary.Flag.ASSERTS_CONFINEMENT);
  }

  /** A body handed to a thread or pool where the source shows it. */
  private static boolean isTask(ThreadContext context) {
    return context.kind() == ThreadContext.Kind.TASK
        || context.kind() == ThreadContext.Kind.CONFINED
            && !context.origin().member().isEmpty()
            && context.description().startsWith("a task");
  }

  private static String accessVerb(Occurrence use) {
    return use.access().isWrite() ? "writes" : "reads";
  }
}
