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
                  + " on another object whose monitor the caller does not hold, is reported.")
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
    for (SharedFields.Field field : SharedFields.of(model)) {
      Set<LockId> guards = field.info().guardedBy();
      if (guards.isEmpty() || !guards.stream().allMatch(g -> understood(field.type(), g))) {
        continue;
      }
      Set<Site> reported = new HashSet<>();
      for (Occurrence use : field.uses()) {
        boolean held =
            guards.stream()
                .allMatch(
                    g ->
                        use.access().locks().stream()
                            .anyMatch(l -> l.sameObject(g) && covers(l, g, use)));
        if (!held && judgedAtItsCalls(model, use.root())) {
          callsWithoutTheGuard(model, field, guards, use, reported, sink);
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
  }

  /**
   * A helper judged at its calls, called on another object ({@code counter.bump()} from another
   * class): the call is reported when it does not hold the guard. For {@code @GuardedBy("this")}
   * the caller must hold the receiver's monitor ({@code synchronized (counter) { counter.bump();
   * }}); a class-wide guard must be among the locks at the call or on the caller's entry. Guards in
   * fields of the receiver cannot be named at the caller, and a caller that is itself judged at its
   * own calls is left to them: both stay quiet.
   */
  private static void callsWithoutTheGuard(
      ConcurrencyModel model,
      SharedFields.Field field,
      Set<LockId> guards,
      Occurrence use,
      Set<Site> reported,
      FindingSink sink) {
    for (dev.threadlint.model.CallGraph.Edge edge : model.graph().callers(use.root())) {
      dev.threadlint.model.Call call = edge.call();
      if (call.setUp()
          || call.receiver() == dev.threadlint.model.Receiver.THIS
          || call.receiver() == dev.threadlint.model.Receiver.STATIC
          || call.receiver() == dev.threadlint.model.Receiver.OWNED
          || model.graph().targets(call).size() != 1
          || judgedAtItsCalls(model, edge.caller())) {
        continue;
      }
      if (!guards.stream().allMatch(g -> g.kind() == LockId.Kind.THIS)) {
        return; // a lock in a field of the receiver, or a class-wide one: judged elsewhere
      }
      boolean held = call.receiverHeld();
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
              "the receiver's monitor");
      sink.report(
          Finding.of(METADATA.id(), METADATA.severity(), at.location(), at.member(), message)
              .withRelated(java.util.List.of(use.access().site().location("the access"))));
    }
  }

  /** A write needs the write view of a read-write lock; a read is covered by either view. */
  private static boolean covers(LockId held, LockId guard, Occurrence use) {
    return held.view() != LockId.View.READ || !use.access().isWrite();
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
