package dev.threadlint;

import dev.threadlint.deadlock.LocalMonitors;
import dev.threadlint.facts.Fact;
import dev.threadlint.facts.FileFacts;
import dev.threadlint.model.Access;
import dev.threadlint.model.Call;
import dev.threadlint.model.FieldInfo;
import dev.threadlint.model.FileSummary;
import dev.threadlint.model.LockId;
import dev.threadlint.model.LockTake;
import dev.threadlint.model.MethodSummary;
import dev.threadlint.model.TypeSummary;
import dev.threadlint.protocol.HelperFact;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The locks of a file that two files can share without either naming a type of the other: a class's
 * monitor or a static field of a type that need not be the project's ({@code synchronized
 * (System.out)}, {@code String.class}), and the types that local monitors are matched by. Two files
 * that take {@code System.out} and {@code System.err} in opposite orders deadlock whatever else
 * they name, so {@link dev.threadlint.parse.FileLinks} connects files that share one of these keys,
 * as it connects files that name each other's types.
 */
final class SharedLocks {
  private SharedLocks() {}

  /** The keys of the file's shared locks ({@code owner#field}, or a local monitor's type). */
  static Set<String> of(FileFacts facts) {
    Set<String> keys = new TreeSet<>();
    for (Fact fact : facts.facts()) {
      if (fact instanceof FileSummary summary) {
        for (TypeSummary type : summary.types()) {
          for (FieldInfo field : type.fields()) {
            add(field.guardedBy(), keys);
          }
          for (MethodSummary method : type.methods()) {
            add(method.assumedHeld(), keys);
            for (LockTake take : method.takes()) {
              add(List.of(take.lock()), keys);
              add(take.held(), keys);
            }
            for (Access access : method.accesses()) {
              add(access.locks(), keys);
            }
            for (Call call : method.calls()) {
              add(call.locks(), keys);
            }
          }
        }
      } else if (fact instanceof HelperFact helper && helper.lock() != null) {
        add(List.of(helper.lock()), keys);
      } else if (fact instanceof LocalMonitors.Types monitors) {
        monitors.types().values().forEach(types -> types.forEach(t -> keys.add("type " + t)));
      }
    }
    return keys;
  }

  private static void add(Collection<LockId> locks, Set<String> keys) {
    for (LockId lock : locks) {
      if (lock.kind() == LockId.Kind.CLASS || lock.kind() == LockId.Kind.STATIC_FIELD) {
        keys.add(lock.owner() + "#" + lock.path());
      }
    }
  }
}
