package dev.threadlint.rules.race;

import dev.threadlint.facts.ProjectModel;
import dev.threadlint.findings.Severity;
import dev.threadlint.model.Access;
import dev.threadlint.model.ConcurrencyModel;
import dev.threadlint.model.FieldInfo;
import dev.threadlint.model.FieldPath;
import dev.threadlint.model.LockId;
import dev.threadlint.model.MethodSummary;
import dev.threadlint.model.Occurrence;
import dev.threadlint.model.Site;
import dev.threadlint.model.ThreadContext;
import dev.threadlint.model.TypeSummary;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An instance method assigns a static field of its class without a class-wide lock, in code the
 * concurrency model says runs on several threads: run() of a thread or task class, a task handed to
 * a pool, or the API of a class meant for threads (one that synchronizes or is
 * {@code @ThreadSafe}). Every instance shares the static, so the instance's own lock (its monitor,
 * a lock in an instance field) does not exclude another instance's thread.
 */
public final class StaticWriteFromInstance implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "static-write-from-instance",
              Family.RACE,
              Severity.WARNING,
              "an instance method of concurrent code writes a static field without a class-wide"
                  + " lock",
              "A static field is shared by every instance. When instance methods that run on"
                  + " several threads assign it, holding at most the instance's own lock (a"
                  + " synchronized method locks this, not the class), two instances write it at"
                  + " the same time: updates are lost and readers see stale or torn values.")
          .equivalent(Tool.SPOTBUGS, "ST_WRITE_TO_STATIC_FROM_INSTANCE_METHOD")
          .equivalent(Tool.SONARJAVA, "S2696")
          .fix(
              "Make the field an instance field if it belongs to one object; otherwise write it"
                  + " under a class-wide lock (synchronized (Foo.class), a static final lock) or"
                  + " make it an AtomicXxx / volatile written once.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkProject(ProjectModel project, FindingSink sink) {
    ConcurrencyModel model = ConcurrencyModel.of(project);
    for (TypeSummary type : model.graph().types().values()) {
      Set<Site> reported = new HashSet<>();
      boolean shared = model.isMeantForThreads(type);
      // only static fields' own writes are judged: the others' occurrences are not gathered
      for (Map.Entry<FieldPath, List<Occurrence>> entry :
          model.occurrences(type, f -> f.isStatic() && !f.path().contains(".")).entrySet()) {
        FieldPath path = entry.getKey();
        Optional<FieldInfo> field = model.field(path);
        if (field.isEmpty() || field.get().isVolatile()) {
          continue;
        }
        for (Occurrence occurrence : entry.getValue()) {
          Access access = occurrence.access();
          MethodSummary root = occurrence.root();
          if (!isAssignment(access)
              || access.setUp()
              || root.is(MethodSummary.Flag.STATIC)
              || root.is(MethodSummary.Flag.CONSTRUCTOR)
              || root.is(MethodSummary.Flag.SET_UP)
              || holdsClassWideLock(access)
              || !runsOnSeveralThreads(occurrence.contexts(), shared)
              || !reported.add(access.site())) {
            continue;
          }
          sink.report(
              finding(
                  access.site(),
                  String.format(
                      "static field '%s' is written by an instance method (%s) without a"
                          + " class-wide lock: every instance shares it, so threads of different"
                          + " instances write it at the same time; lock %s.class or make it"
                          + " atomic",
                      path.field(), describe(occurrence.contexts()), simpleName(path.owner()))));
        }
      }
    }
  }

  private static boolean isAssignment(Access access) {
    return access.kind() == Access.Kind.WRITE || access.kind() == Access.Kind.UPDATE;
  }

  /** The class monitor or a lock held in a static field excludes every instance. */
  private static boolean holdsClassWideLock(Access access) {
    return access.locks().stream()
        .anyMatch(
            lock ->
                lock.kind() == LockId.Kind.CLASS
                    || lock.kind() == LockId.Kind.STATIC_FIELD
                    || lock.kind() == LockId.Kind.LOCAL);
  }

  /**
   * Runs on threads: a thread's or task's body, or the API of a class meant for threads. Confined
   * code does not.
   */
  private static boolean runsOnSeveralThreads(List<ThreadContext> contexts, boolean shared) {
    if (contexts.stream().anyMatch(c -> c.kind() == ThreadContext.Kind.CONFINED)) {
      return false;
    }
    return contexts.stream()
        .anyMatch(
            c ->
                c.kind() == ThreadContext.Kind.THREAD
                    || c.kind() == ThreadContext.Kind.TASK
                    || c.kind() == ThreadContext.Kind.API && shared);
  }

  private static String describe(List<ThreadContext> contexts) {
    return contexts.stream()
        .filter(c -> c.kind() != ThreadContext.Kind.API)
        .findFirst()
        .orElse(contexts.get(0))
        .description();
  }

  private static String simpleName(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }
}
