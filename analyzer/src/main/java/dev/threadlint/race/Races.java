package dev.threadlint.race;

import com.github.javaparser.ast.body.MethodDeclaration;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Pairs of conflicting accesses: the judgement behind data-race and inconsistent-locking. */
public final class Races {
  private Races() {}

  /** Two accesses that may run at the same time, at least one a write, with no common lock. */
  public record Race(Access write, Access other, Context writeContext, Context otherContext) {}

  /** Fields that are safe to share whatever the access: final, volatile, atomic, concurrent. */
  public static boolean isSafeField(Variable field) {
    return field.isFinal() && !FileRaces.isContainerField(field)
        || field.isVolatile()
        || FileRaces.notShared(field);
  }

  /**
   * The first race on each field that involves a thread or task body (entry), in source order.
   * Fields accessed under a lock anywhere are left to inconsistent-locking.
   */
  public static List<Race> dataRaces(FileContext file) {
    FileRaces races = FileRaces.of(file);
    List<Race> found = new ArrayList<>();
    for (Map.Entry<Variable, List<Access>> entry : FileRaces.byField(races.accesses()).entrySet()) {
      Variable field = entry.getKey();
      List<Access> accesses = entry.getValue();
      if (isSafeField(field) || accesses.stream().anyMatch(a -> !a.locks().isEmpty())) {
        continue;
      }
      firstRace(races, accesses).ifPresent(found::add);
    }
    return found;
  }

  private static Optional<Race> firstRace(FileRaces races, List<Access> accesses) {
    for (Access write : accesses) {
      if (!write.write()) {
        continue;
      }
      for (Context c1 : races.contextsOf(write.body())) {
        for (Access other : accesses) {
          for (Context c2 : races.contextsOf(other.body())) {
            // only tasks whose hand-off to another thread is visible here: the API of a class,
            // or a run() scheduled we cannot see where, is too often confined to one thread
            // (event loops, lifecycle methods that run before the task starts)
            if (c1.entry()
                && c2.entry()
                && c1.origin() != null
                && c2.origin() != null
                && !(c1.origin() instanceof com.github.javaparser.ast.body.MethodDeclaration)
                && !(c2.origin() instanceof com.github.javaparser.ast.body.MethodDeclaration)
                && mayOverlap(c1, c2, write, other)
                && !startedAfter(write, other, c1, c2)) {
              return Optional.of(new Race(write, other, c1, c2));
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean mayOverlap(Context c1, Context c2, Access a1, Access a2) {
    if (c1.equals(c2)) {
      return c1.selfParallel();
    }
    return true;
  }

  /**
   * Thread.start() and executor hand-off order what came before them: an access in the method that
   * starts the task, before the start, does not race with the task.
   */
  private static boolean startedAfter(Access a1, Access a2, Context c1, Context c2) {
    return precedesHandoff(a1, c2) || precedesHandoff(a2, c1);
  }

  private static boolean precedesHandoff(Access access, Context task) {
    return task.entry()
        && dev.threadlint.facts.Dominance.bodyOf(task.origin()) == access.body()
        && dev.threadlint.facts.Dominance.precedes(access.node(), task.origin());
  }

  /**
   * Locks every locked access of the field holds. Locks held through locals and parameters are left
   * out: the same name in two methods is not the same object. {@code Owner.this} (from code in an
   * inner class) counts as the same monitor as {@code this} in the owner's own methods.
   */
  public static Set<String> commonLocks(List<Access> locked, String owner) {
    Set<String> common = null;
    for (Access access : locked) {
      Set<String> comparable = normalized(access.locks(), owner);
      comparable.removeIf(lock -> lock.startsWith("local:"));
      if (common == null) {
        common = comparable;
      } else {
        common.retainAll(comparable);
      }
    }
    return common == null ? new HashSet<>() : common;
  }

  /** The locks with {@code this:Owner} written as {@code this}. */
  public static Set<String> normalized(Set<String> locks, String owner) {
    Set<String> result = new HashSet<>();
    for (String lock : locks) {
      result.add(owner != null && lock.equals("this:" + owner) ? "this" : lock);
    }
    return result;
  }

  /**
   * Methods that set a component up before it is shared (servlet init, lifecycle start): their
   * writes are published by whatever starts the component, so they are not judged.
   */
  public static boolean isSetUp(Access access) {
    return access.body() instanceof MethodDeclaration method
        && isSetUpMethod(method.getNameAsString());
  }

  /** A lifecycle method that sets a component up before it is shared. */
  public static boolean isSetUpMethod(String name) {
    return SET_UP.contains(name);
  }

  private static final Set<String> SET_UP =
      Set.of(
          "init",
          "initialize",
          "initInternal",
          "doStart",
          "start",
          "startInternal",
          "afterPropertiesSet",
          "postConstruct",
          "setUp",
          "onStart");

  /** A lock name as people write it: the monitor of 'this', of Foo.class, or a field's name. */
  public static String describeLock(String lock) {
    if (lock.equals("this") || lock.startsWith("this:")) {
      return "the monitor of 'this'";
    }
    if (lock.startsWith("class:")) {
      return "the monitor of " + lock.substring("class:".length()) + ".class";
    }
    return "'" + lock.substring(lock.indexOf(':') + 1) + "'";
  }
}
