package dev.threadlint.rules.race;

import dev.threadlint.facts.ProjectModel;
import dev.threadlint.findings.Severity;
import dev.threadlint.model.Access;
import dev.threadlint.model.ConcurrencyModel;
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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code v++}, {@code v += n} or {@code v = v op e} on a volatile field, outside any lock. */
public final class NonAtomicVolatileUpdate implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "non-atomic-volatile-update",
              Family.RACE,
              Severity.WARNING,
              "Read-modify-write of a volatile field",
              "volatile makes each single read and write visible, but v++ is a read, an add and"
                  + " a write: two threads can read the same value and one update is lost."
                  + " Reported wherever the update can run on more than one thread: a public or"
                  + " protected method (any thread may call it), a method of a @ThreadSafe class,"
                  + " a task that runs in parallel with itself, or two contexts that both update"
                  + " it. A volatile counter whose every update is confined to one thread (one"
                  + " thread's run loop, a single-thread executor, a method that asserts its"
                  + " event loop, an event listener's callback) is a correct idiom and stays"
                  + " quiet. A static volatile counter bumped in a constructor is reported: any"
                  + " thread may create an instance.")
          .equivalent(Tool.SPOTBUGS, "VO_VOLATILE_INCREMENT")
          .equivalent(Tool.INTELLIJ, "NonAtomicOperationOnVolatileField")
          .fix(
              "Use an AtomicInteger/AtomicLong (incrementAndGet, updateAndGet) or LongAdder, or do the update under a lock.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkProject(ProjectModel project, FindingSink sink) {
    ConcurrencyModel model = ConcurrencyModel.of(project);
    constructorUpdates(model, sink);
    for (SharedFields.Field field : SharedFields.of(model)) {
      if (!field.info().isVolatile()) {
        continue;
      }
      List<Occurrence> updates =
          SharedFields.onOwnObject(field.uses()).stream()
              .filter(
                  u ->
                      (u.access().kind() == Access.Kind.UPDATE
                              || u.access().kind() == Access.Kind.FLAG_UPDATE)
                          && !SharedFields.isLocked(u))
              .filter(u -> !u.root().is(MethodSummary.Flag.ASSERTS_CONFINEMENT))
              .toList();
      Set<Site> reported = new HashSet<>();
      for (Occurrence update : updates) {
        Optional<String> why = moreThanOneThread(model, field, update, updates);
        if (why.isPresent() && reported.add(update.access().site())) {
          Site at = update.access().site();
          sink.report(
              finding(
                  at,
                  String.format(
                      "'%s' is volatile but this update is a separate read and write, and %s:"
                          + " concurrent updates are lost; use an atomic or a lock",
                      field.path().path(), why.get())));
        }
      }
    }
  }

  /**
   * A static volatile counter bumped in a constructor ({@code id = count++}): any thread may create
   * an instance, and two threads creating one at once lose an update and share a number. The
   * constructor's other writes are set-up of its own object; the static belongs to every instance.
   */
  private void constructorUpdates(ConcurrencyModel model, FindingSink sink) {
    List<TypeSummary> types = new java.util.ArrayList<>(model.graph().types().values());
    types.sort(java.util.Comparator.comparing(TypeSummary::name));
    for (TypeSummary type : types) {
      for (MethodSummary method : type.methods()) {
        if (!method.is(MethodSummary.Flag.CONSTRUCTOR)
            || !method.key().name().equals("<init>")
            || method.is(MethodSummary.Flag.PRIVATE)) {
          continue;
        }
        for (Access access : method.accesses()) {
          if (access.receiver() != dev.threadlint.model.Receiver.STATIC
              || access.kind() != Access.Kind.UPDATE
              || access.locks().stream().anyMatch(dev.threadlint.model.LockId::isComparable)
              || !model
                  .field(access.field())
                  .filter(f -> f.isVolatile() && f.isStatic())
                  .isPresent()) {
            continue;
          }
          Site at = access.site();
          sink.report(
              finding(
                  at,
                  String.format(
                      "static '%s' is volatile but this update is a separate read and write, and"
                          + " a constructor of %s runs on whichever thread creates an instance:"
                          + " two threads creating one at once lose an update; use an atomic",
                      access.field().path(),
                      type.name().substring(type.name().lastIndexOf('.') + 1))));
        }
      }
    }
  }

  /** Why the update can run on two threads at once, if it can. */
  private static Optional<String> moreThanOneThread(
      ConcurrencyModel model,
      SharedFields.Field field,
      Occurrence update,
      List<Occurrence> updates) {
    MethodSummary root = update.root();
    for (ThreadContext context : update.contexts()) {
      switch (context.kind()) {
        case API -> {
          if (field.type().intent() == TypeSummary.Intent.THREAD_SAFE) {
            return Optional.of("the class is @ThreadSafe, so any thread may call " + where(update));
          }
          // flags (state |= FLAG) on a volatile are the event-loop idiom: one thread updates,
          // others read; only a counter in public API is taken to have several writers
          if ((root.is(MethodSummary.Flag.PUBLIC) || root.is(MethodSummary.Flag.PROTECTED))
              && update.access().kind() == Access.Kind.UPDATE
              && !isListenerCallback(model.ownerOf(root), root)) {
            return Optional.of(where(update) + " is public API that any thread may call");
          }
        }
        case TASK -> {
          if (context.selfParallel()) {
            return Optional.of(context.description() + " runs in parallel with itself");
          }
        }
        default -> {}
      }
    }
    for (Occurrence other : updates) {
      if (other.root() != root
          && other.mayRunWith(update)
          && !(onlyApi(update) && onlyApi(other))) {
        return Optional.of(
            String.format(
                "%s (%s) updates it too", where(other), other.contexts().get(0).description()));
      }
    }
    return Optional.empty();
  }

  /**
   * The callback of an event listener ({@code handleEvent}, {@code onData}): its event source
   * delivers events on one dispatch thread, so a volatile the callback counts has one writer and
   * the volatile only publishes it to readers.
   */
  private static boolean isListenerCallback(TypeSummary type, MethodSummary root) {
    if (type == null) {
      return false;
    }
    String name = root.key().name();
    boolean callbackName =
        name.startsWith("handle")
            || name.length() > 2 && name.startsWith("on") && Character.isUpperCase(name.charAt(2));
    return callbackName
        && !root.is(MethodSummary.Flag.STATIC)
        && type.supertypes().stream()
            .map(candidates -> candidates.isEmpty() ? "" : candidates.get(0))
            .anyMatch(t -> t.endsWith(ThreadEntries.LISTENER_SUFFIX));
  }

  /** Two methods of the API are the public-API case above, which flags do not meet. */
  private static boolean onlyApi(Occurrence use) {
    return use.contexts().stream().allMatch(c -> c.kind() == ThreadContext.Kind.API);
  }

  private static String where(Occurrence use) {
    return SharedFields.where(use);
  }
}
