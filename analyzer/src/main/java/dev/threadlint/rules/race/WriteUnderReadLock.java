package dev.threadlint.rules.race;

import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.race.Access;
import dev.threadlint.race.FileRaces;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import java.util.Set;

/**
 * A field written while only the read view of a read-write lock is held: readers run together, so
 * their writes race with each other.
 */
public final class WriteUnderReadLock implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "write-under-read-lock",
              Family.RACE,
              Severity.WARNING,
              "Field written while only a read lock is held",
              "A read lock is shared: any number of threads hold it at once. A write made under"
                  + " it races with the other readers' writes and reads, exactly as if there were"
                  + " no lock.")
          .fix(
              "Take the write lock for code that changes state (rw.writeLock().lock()), or move the write out of the read section.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (Access access : FileRaces.of(file).accesses()) {
      if (!access.write() || access.field().isVolatile()) {
        continue;
      }
      Set<String> locks = access.locks();
      for (String lock : locks) {
        if (lock.endsWith(".read")) {
          String base = lock.substring(0, lock.length() - ".read".length());
          boolean exclusive =
              locks.stream()
                  .anyMatch(
                      l ->
                          !l.endsWith(".read")
                              && !l.equals(lock)
                              && (l.equals(base + ".write") || !l.startsWith(base)));
          if (!exclusive) {
            sink.report(
                finding(
                    file,
                    access.node(),
                    String.format(
                        "'%s' is written while only the read lock of '%s' is held; other readers"
                            + " run at the same time: take the write lock",
                        access.field().name(), base.substring(base.indexOf(':') + 1))));
            break;
          }
        }
      }
    }
  }
}
