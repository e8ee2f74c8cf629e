package dev.threadlint.rules.race;

import dev.threadlint.facts.ProjectModel;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Severity;
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
import java.util.HashSet;
import java.util.Set;

/**
 * A field annotated {@code @GuardedBy("x")} (jsr305, jcip, Error Prone, Checker Framework: by
 * simple name) accessed without holding {@code x}. Guards understood: {@code this}, {@code itself},
 * {@code Name.class}, and a field holding a monitor object or a Lock; other guard expressions are
 * not judged.
 */
public final class GuardedByViolation implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "guarded-by-violation",
              Family.RACE,
              Severity.ERROR,
              "@GuardedBy field accessed without its lock",
              "@GuardedBy documents which lock protects a field; an access without that lock"
                  + " breaks the class's own thread-safety contract and races with every access"
                  + " that follows it. A helper that leaves the lock to its callers is judged at"
                  + " its calls: a call without the lock, on this or (for @GuardedBy(\"this\"))"
                  + " on another object whose monitor the caller does not hold, is reported; so is"
                  + " a call from another class that does not hold a class-wide guard"
                  + " (Foo.class, a lock in a static field).")
          .equivalent(Tool.ERROR_PRONE, "GuardedBy")
          .equivalent(Tool.INFER, "GUARDEDBY_VIOLATION")
          .fix(
              "Hold the named lock around the access, or move the access into a method that does.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  /**
   * Every use of a guarded field reached from a root of its class, with the locks of the root's
   * callers: a use without the guard is reported where it is made, or at the call of the root that
   * leads to it (the helper that touches the field is fine; the call without the lock is not). A
   * package-private helper that the project calls is judged at its calls, not by itself.
   */
  @Override
  public void checkProject(ProjectModel project, FindingSink sink) {
    ConcurrencyModel model = ConcurrencyModel.of(project);
    Set<Site> reportedCalls = new HashSet<>();
    for (SharedFields.Field field : SharedFields.of(model)) {
      Set<LockId> guards = field.info().guardedBy();
      if (guards.isEmpty() || !guards.stream().allMatch(g -> understood(field.type(), g))) {
        continue;
      }
      Set<Site> reported = new HashSet<>();
      for (Occurrence use : SharedFields.onOwnObject(field.uses())) {
        boolean held = LockId.holdsAll(use.access().locks(), guards, use.access().isWrite());
        if (!held && judgedAtItsCalls(model, use.root())) {
          callsWithoutTheGuard(model, field, guards, use, reportedCalls, sink);
          continue;
        }
        if (held) {
          continue;
        }
        Site at = use.reportSite();
        if (!reported.add(at)) {
          continue;
        }
        String guard = guards.iterator().next().describe();
        String message =
            use.via() == null
                ? String.format(
                    "'%s' is @GuardedBy %s but is %s here without holding it",
                    field.path().path(), guard, use.access().isWrite() ? "written" : "read")
                : String.format(
                    "this call %s '%s' (line %d), which is @GuardedBy %s, without holding it",
                    use.access().isWrite() ? "writes" : "reads",
                    field.path().path(),
                    use.access().site().line(),
                    guard);
        Finding finding =
            Finding.of(METADATA.id(), METADATA.severity(), at.location(), at.member(), message);
        if (use.via() != null) {
          finding =
              finding.withRelated(java.util.List.of(use.access().site().location("the access")));
        }
        sink.report(finding);
      }
    }
    classWideAtCalls(model, reportedCalls, sink);
  }

  /**
   * Helpers that touch a field with a class-wide guard ({@code @GuardedBy("Registry.class")}, a
   * lock in a static field) and leave the lock to their callers, called from other classes ({@code
   * Registry.add()}): such a helper is judged through its callers, so its uses never stand on their
   * own; each call from another class or object that does not hold the guard is reported. The guard
   * has one name everywhere, so the caller's lock set says whether it is held.
   */
  private static void classWideAtCalls(
      ConcurrencyModel model, Set<Site> reported, FindingSink sink) {
    for (TypeSummary type : model.graph().types().values()) {
      for (dev.threadlint.model.FieldInfo info : type.fields()) {
        Set<LockId> guards = info.guardedBy();
        if (guards.isEmpty()
            || !guards.stream().allMatch(g -> isClassWide(g) && understood(type, g))) {
          continue;
        }
        for (MethodSummary method : type.methods()) {
          if (!judgedAtItsCalls(model, method)) {
            continue;
          }
          for (dev.threadlint.model.Access access : method.accesses()) {
            if (!access.field().owner().equals(type.name())
                || !access.field().path().equals(info.name())
                || access.setUp()
                || LockId.holdsAll(access.locks(), guards, access.isWrite())) {
              continue;
            }
            for (dev.threadlint.model.CallGraph.Edge edge : model.graph().callers(method)) {
              dev.threadlint.model.Call call = edge.call();
              if (call.setUp()
                  || call.receiver() == dev.threadlint.model.Receiver.THIS
                  || call.receiver() == dev.threadlint.model.Receiver.OWNED
                  || model.graph().targets(call).size() != 1
                  || judgedAtItsCalls(model, edge.caller())
                  || LockId.holdsAll(call.locks(), guards, access.isWrite())
                  || !reported.add(call.site())) {
                continue;
              }
              String path = access.site().path();
              String message =
                  String.format(
                      "this call %s '%s' (%s:%d), which is @GuardedBy %s, without holding it",
                      access.isWrite() ? "writes" : "reads",
                      info.name(),
                      path.substring(path.lastIndexOf('/') + 1),
                      access.site().line(),
                      qualified(guards.iterator().next()));
              Site at = call.site();
              sink.report(
                  Finding.of(
                          METADATA.id(), METADATA.severity(), at.location(), at.member(), message)
                      .withRelated(java.util.List.of(access.site().location("the access"))));
            }
          }
        }
      }
    }
  }

  /**
   * A helper judged at its calls, called on another object or class ({@code counter.bump()}, {@code
   * Registry.add(x)} from another class): the call is reported when it does not hold the guard. For
   * {@code @GuardedBy("this")} the caller must hold the receiver's monitor ({@code synchronized
   * (counter) { counter.bump(); }}); a class-wide guard ({@code Registry.class}, a lock in a static
   * field) must be among the locks at the call. Guards in fields of the receiver are not named the
   * same way at the caller (a {@code counter.lock} reached through a field or a getter has no name
   * there), so a call could hold them unseen: those stay quiet, and so does a caller that is itself
   * judged at its own calls.
   */
  private static void callsWithoutTheGuard(
      ConcurrencyModel model,
      SharedFields.Field field,
      Set<LockId> guards,
      Occurrence use,
      Set<Site> reported,
      FindingSink sink) {
    boolean receiverMonitor = guards.stream().allMatch(g -> g.kind() == LockId.Kind.THIS);
    boolean classWide = guards.stream().allMatch(GuardedByViolation::isClassWide);
    if (!receiverMonitor && !classWide) {
      return; // a lock in a field of the receiver: the caller's name for it is not known here
    }
    for (dev.threadlint.model.CallGraph.Edge edge : model.graph().callers(use.root())) {
      dev.threadlint.model.Call call = edge.call();
      if (call.setUp()
          || call.receiver() == dev.threadlint.model.Receiver.THIS
          || call.receiver() == dev.threadlint.model.Receiver.STATIC && receiverMonitor
          || call.receiver() == dev.threadlint.model.Receiver.OWNED
          || model.graph().targets(call).size() != 1
          || judgedAtItsCalls(model, edge.caller())) {
        continue;
      }
      // a class-wide guard has one name everywhere: the caller must hold it at the call
      boolean held =
          receiverMonitor
              ? call.receiverHeld()
              : LockId.holdsAll(call.locks(), guards, use.access().isWrite());
      Site at = call.site();
      if (held || !reported.add(at)) {
        continue;
      }
      String path = use.access().site().path();
      String message =
          String.format(
              "this call %s '%s' (%s:%d), which is @GuardedBy %s, without holding it",
              use.access().isWrite() ? "writes" : "reads",
              field.path().path(),
              path.substring(path.lastIndexOf('/') + 1),
              use.access().site().line(),
              receiverMonitor ? "the receiver's monitor" : qualified(guards.iterator().next()));
      sink.report(
          Finding.of(METADATA.id(), METADATA.severity(), at.location(), at.member(), message)
              .withRelated(java.util.List.of(use.access().site().location("the access"))));
    }
  }

  /**
   * A class-wide guard as the caller writes it: {@code 'Registry.LOCK'}, {@code Registry.class}.
   */
  private static String qualified(LockId guard) {
    String simple = guard.owner().substring(guard.owner().lastIndexOf('.') + 1);
    return guard.kind() == LockId.Kind.STATIC_FIELD
        ? "'" + simple + "." + guard.path() + "'"
        : guard.describe();
  }

  /** A class literal's monitor or a lock in a static field: the same object for every caller. */
  private static boolean isClassWide(LockId guard) {
    return guard.kind() == LockId.Kind.CLASS || guard.kind() == LockId.Kind.STATIC_FIELD;
  }

  private static boolean judgedAtItsCalls(ConcurrencyModel model, MethodSummary root) {
    return root.isHidden() && !root.key().isSynthetic() && model.hasCallers(root);
  }

  /**
   * A guard is judged only when threadlint knows how it is held: {@code this} (unless the class is
   * itself a Lock, held with lock()), a class literal, or a field the class locks or synchronizes
   * on.
   */
  private static boolean understood(TypeSummary type, LockId guard) {
    return switch (guard.kind()) {
      case THIS ->
          type.supertypes().stream()
              .flatMap(java.util.List::stream)
              .noneMatch(t -> t.endsWith("Lock"));
      case CLASS -> true;
      case FIELD, STATIC_FIELD ->
          guard.type() == LockId.Type.LOCK
              || guard.type() == LockId.Type.READ_WRITE_LOCK
              || type.methods().stream()
                  .flatMap(m -> m.takes().stream())
                  .anyMatch(t -> t.lock().sameObject(guard));
      case LOCAL -> false;
    };
  }
}
