package dev.threadlint.rules.race;

import dev.threadlint.facts.ProjectModel;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Severity;
import dev.threadlint.model.Access;
import dev.threadlint.model.CallGraph;
import dev.threadlint.model.ConcurrencyModel;
import dev.threadlint.model.LockId;
import dev.threadlint.model.MethodSummary;
import dev.threadlint.model.Occurrence;
import dev.threadlint.model.SharedFields;
import dev.threadlint.model.Site;
import dev.threadlint.model.TypeSummary;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A field guarded by a lock in most places and written without it in another: SpotBugs'
 * inconsistent synchronization. Reported at the unguarded write, with a guarded access as the
 * related location. Needs at least two guarded accesses sharing a lock, so one stray access does
 * not define a guard.
 */
public final class InconsistentLocking implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "inconsistent-locking",
              Family.RACE,
              Severity.WARNING,
              "Field guarded by a lock in some accesses but written without it",
              "When most accesses of a field hold a lock, the lock is clearly what guards it; a"
                  + " write without it races with every guarded access, and the guarded readers"
                  + " can see it half done or not at all. The lock must be meant for the field"
                  + " (written under it, or taken by a getter just to read it), and paths that may"
                  + " hold it out of sight (a caller that takes it, set-up before start()) are"
                  + " left alone.")
          .equivalent(Tool.SPOTBUGS, "IS2_INCONSISTENT_SYNC")
          .equivalent(Tool.INTELLIJ, "FieldAccessedSynchronizedAndUnsynchronized")
          .fix("Take the same lock around the unguarded write (or make the method synchronized).");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkProject(ProjectModel project, FindingSink sink) {
    ConcurrencyModel model = ConcurrencyModel.of(project);
    for (SharedFields.Field field : SharedFields.of(model)) {
      if (field.info().isSafe() || !field.info().guardedBy().isEmpty()) {
        continue; // safe to share, or @GuardedBy: guarded-by-violation judges it
      }
      List<Occurrence> uses =
          field.uses().stream()
              .filter(
                  u -> !isStreamMark(field, u) && !confined(u) && !locksTheFieldItself(field, u))
              .filter(u -> !uncalledCallerLockedHelper(model, u.root()))
              .toList();
      Optional<Guard> guard = guardOf(field, SharedFields.onOwnObject(uses));
      if (guard.isEmpty()) {
        continue;
      }
      Guard g = guard.get();
      Map<MethodSummary, List<Occurrence>> byRoot = byRoot(uses);
      List<Occurrence> unguarded =
          uses.stream()
              // a use that holds another lock is left alone: its author thought about locking,
              // and which of two locks is meant is not ours to guess
              .filter(u -> !SharedFields.isLocked(u))
              .filter(u -> !lockMayBeHeldByCaller(model, u, g.lock()))
              .filter(u -> !locksItselfElsewhere(byRoot, u, g.lock()))
              // through a call on another object, only a container's structure is judged
              .filter(u -> !SharedFields.onReceiver(u) || isContainerCall(u))
              .toList();
      Optional<Occurrence> write = unguarded.stream().filter(u -> u.access().isWrite()).findFirst();
      if (write.isPresent()) {
        sink.report(
            report(field, g, write.get(), "written", SharedFields.onOwnObject(uses).size()));
        continue;
      }
      // a stale read: every write holds the lock, a read of the API does not
      boolean allWritesHold =
          uses.stream()
              .filter(u -> u.access().isWrite())
              .allMatch(u -> SharedFields.holds(u, g.lock()));
      // a teardown write counts: a reader may keep using what close() released
      long writes = uses.stream().filter(u -> u.access().isWrite()).count();
      if (lazilyCreatedConcurrent(field)) {
        continue;
      }
      unguarded.stream()
          .filter(u -> !u.access().isWrite() && !u.root().isHidden() && !isDescriptive(u))
          // a final field's reference never changes: only calls on the container it holds race
          .filter(u -> !(field.info().isFinal() && u.access().kind() == Access.Kind.READ))
          .filter(u -> allWritesHold && writes >= 1 && model.isMeantForThreads(field.type()))
          .findFirst()
          .ifPresent(
              read ->
                  sink.report(
                      report(field, g, read, "read", SharedFields.onOwnObject(uses).size())));
    }
  }

  private static boolean isContainerCall(Occurrence use) {
    return use.access().kind() == Access.Kind.CONTAINER_READ
        || use.access().kind() == Access.Kind.CONTAINER_WRITE;
  }

  /** The lock meant for a field, with how many of its uses hold it. */
  record Guard(LockId lock, int held, Occurrence example) {}

  /**
   * The lock that guards the field, if one is meant for it: held by at least two uses and by a
   * clear majority (two in three), with a write under it or a getter that takes it just to read the
   * field. A lock held by a few accesses among many guards something else.
   */
  static Optional<Guard> guardOf(SharedFields.Field field, List<Occurrence> uses) {
    Map<LockId, List<Occurrence>> byLock = new LinkedHashMap<>();
    for (Occurrence use : uses) {
      for (LockId lock : SharedFields.locks(use)) {
        if (isOptional(field, lock)) {
          continue;
        }
        byLock.computeIfAbsent(lock.identity(), l -> new ArrayList<>()).add(use);
      }
    }
    Optional<Map.Entry<LockId, List<Occurrence>>> best =
        byLock.entrySet().stream()
            .max(
                Comparator.comparingInt(
                        (Map.Entry<LockId, List<Occurrence>> e) -> e.getValue().size())
                    .thenComparing(e -> e.getKey().toString(), Comparator.reverseOrder()));
    if (best.isEmpty()) {
      return Optional.empty();
    }
    LockId lock = best.get().getKey();
    List<Occurrence> held = uses.stream().filter(u -> SharedFields.holds(u, lock)).toList();
    boolean meant =
        held.stream()
            .anyMatch(
                u -> u.access().isWrite() || u.root().returnsField().equals(field.path().path()));
    boolean lockedWrite = held.stream().anyMatch(u -> u.access().isWrite());
    boolean unlockedRead =
        uses.stream().anyMatch(u -> !u.access().isWrite() && !SharedFields.holds(u, lock));
    if (held.size() < 2 || held.size() * 3 < uses.size() * 2 || !meant) {
      return Optional.empty();
    }
    if (!lockedWrite && unlockedRead) {
      // a setting, set and read without the lock, that a locked region happens to read
      return Optional.empty();
    }
    return Optional.of(new Guard(lock, held.size(), held.get(0)));
  }

  private Finding report(
      SharedFields.Field field, Guard guard, Occurrence use, String verb, int total) {
    Site at = use.access().site();
    return finding(
            at,
            String.format(
                "'%s' is %s in %s without holding %s, which is held in %d of its %d accesses (as"
                    + " in %s)",
                field.path().path(),
                verb,
                SharedFields.where(use),
                SharedFields.onReceiver(use) && guard.lock().kind() == LockId.Kind.THIS
                    ? "the monitor of the "
                        + field.type().name().substring(field.type().name().lastIndexOf('.') + 1)
                        + " it belongs to"
                    : guard.lock().describe(),
                guard.held(),
                total,
                SharedFields.where(guard.example())))
        .withRelated(
            List.of(guard.example().access().site().location("accessed under the lock here")));
  }

  /**
   * A caller may hold the lock out of sight of this root: some project call of the root method
   * holds it (a step of a locked operation; the other callers are configuration more often than
   * races).
   */
  static boolean lockMayBeHeldByCaller(ConcurrencyModel model, Occurrence use, LockId lock) {
    for (CallGraph.Edge edge : model.graph().callers(use.root())) {
      if (edge.call().locks().stream().anyMatch(l -> l.excludes(lock))
          || model.entryLocks(edge.caller()).stream().anyMatch(l -> l.excludes(lock))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The same root takes the lock around another use of the field: it locks on some paths only (a
   * lock that is there only when the instance is shared), by design.
   *
   * @param byRoot the field's uses by their root ({@link #byRoot}): only the use's own root's are
   *     looked at, so that asking for every use is not a pass over all uses each
   */
  static boolean locksItselfElsewhere(
      Map<MethodSummary, List<Occurrence>> byRoot, Occurrence use, LockId lock) {
    return byRoot.getOrDefault(use.root(), List.of()).stream()
        .anyMatch(u -> u != use && SharedFields.holds(u, lock));
  }

  /** A field's uses by their root, each root's in the order of {@code uses}. */
  static Map<MethodSummary, List<Occurrence>> byRoot(List<Occurrence> uses) {
    Map<MethodSummary, List<Occurrence>> byRoot = new IdentityHashMap<>();
    for (Occurrence use : uses) {
      byRoot.computeIfAbsent(use.root(), r -> new ArrayList<>()).add(use);
    }
    return byRoot;
  }

  /**
   * A field created lazily ({@code if (f == null) f = new CopyOnWriteArrayList<>()}) and only ever
   * set to a new concurrent collection: a reader without the lock sees null (nothing yet) or a
   * collection that is safe to use from any thread, so a stale read is harmless.
   */
  static boolean lazilyCreatedConcurrent(SharedFields.Field field) {
    return field.info().safeType() && field.info().comparedWithNull();
  }

  /**
   * A package-private or private method that no project code calls and no thread starts: dead in
   * this project (or a hook for tests).
   */
  static boolean neverCalled(ConcurrencyModel model, MethodSummary root) {
    return root.isHidden()
        && !root.key().isSynthetic()
        && root.contexts().isEmpty()
        && model.graph().callers(root).isEmpty()
        && model.contextsOf(root).stream()
            .allMatch(c -> c.kind() == dev.threadlint.model.ThreadContext.Kind.API);
  }

  /**
   * A hidden helper nothing in the project calls, in a class whose other hidden helpers their
   * callers (on other objects) call holding the object's monitor: a helper of that convention,
   * which its callers would lock too; it does not run here, and neither votes nor is reported.
   */
  static boolean uncalledCallerLockedHelper(ConcurrencyModel model, MethodSummary root) {
    if (!neverCalled(model, root)) {
      return false;
    }
    TypeSummary owner = model.ownerOf(root);
    return owner != null && owner.methods().stream().anyMatch(model::lockedByCallersOnOtherObjects);
  }

  /** A lock field the class compares with null is optional: absent when confined. */
  static boolean isOptional(SharedFields.Field field, LockId lock) {
    return (lock.kind() == LockId.Kind.FIELD || lock.kind() == LockId.Kind.STATIC_FIELD)
        && field.type().field(lock.path()).filter(f -> f.comparedWithNull()).isPresent();
  }

  /**
   * {@code synchronized mark/reset} follow InputStream's declarations, not a locking scheme of the
   * subclass: streams are used by one thread at a time.
   */
  static boolean isStreamMark(SharedFields.Field field, Occurrence use) {
    MethodSummary root = use.root();
    String name = root.key().name();
    return root.is(MethodSummary.Flag.SYNCHRONIZED)
        && (name.equals("mark") || name.equals("reset"))
        && isStream(field.type());
  }

  private static boolean isStream(TypeSummary type) {
    return type.methods().stream().anyMatch(m -> m.key().name().equals("read"))
        || type.supertypes().stream()
            .flatMap(List::stream)
            .anyMatch(t -> t.endsWith("InputStream") || t.endsWith("Reader"));
  }

  /**
   * {@code synchronized (items) { items.add(x); }}: the field's own object as its lock.
   * sync-on-mutable-field judges a field that can change; this rule leaves such uses out rather
   * than weigh one lock against another.
   */
  static boolean locksTheFieldItself(SharedFields.Field field, Occurrence use) {
    return use.access().locks().stream()
        .anyMatch(
            l ->
                (l.kind() == LockId.Kind.FIELD || l.kind() == LockId.Kind.STATIC_FIELD)
                    && l.path().equals(field.path().path()));
  }

  /** toString, hashCode and equals: a stale value there describes, it does not decide. */
  private static boolean isDescriptive(Occurrence use) {
    String name = use.root().key().name();
    return name.equals("toString")
        || name.equals("hashCode")
        // an approximate or estimated answer promises no exact, current value
        || name.startsWith("approximate")
        || name.startsWith("estimate")
        || name.equals("equals")
        // teardown runs after the workers stop
        || isTeardown(use.root());
  }

  /** close(), shutdown(), stop(), destroy(): teardown, after the object's working life. */
  static boolean isTeardown(MethodSummary root) {
    String name = root.key().name();
    return name.equals("close")
        || name.equals("shutdown")
        || name.equals("stop")
        || name.equals("destroy");
  }

  static boolean confined(Occurrence use) {
    return use.root().is(MethodSummary.Flag.ASSERTS_CONFINEMENT);
  }
}
