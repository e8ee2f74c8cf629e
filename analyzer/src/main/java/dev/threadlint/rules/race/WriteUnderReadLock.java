package dev.threadlint.rules.race;

import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.model.Access;
import dev.threadlint.model.LockId;
import dev.threadlint.model.MethodSummary;
import dev.threadlint.model.Site;
import dev.threadlint.model.SummaryExtractor;
import dev.threadlint.model.TypeSummary;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;

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
    for (TypeSummary type : SummaryExtractor.summarize(file).types()) {
      for (MethodSummary method : type.methods()) {
        for (Access access : method.accesses()) {
          if (!access.isWrite()
              || type.field(access.field().path()).filter(f -> f.isVolatile()).isPresent()) {
            continue;
          }
          for (LockId lock : access.locks().stream().sorted(LockId.BY_NAME).toList()) {
            if (lock.view() != LockId.View.READ) {
              continue;
            }
            boolean exclusive =
                access.locks().stream()
                    .anyMatch(l -> l.view() != LockId.View.READ && !l.equals(lock));
            if (!exclusive) {
              Site at = access.site();
              sink.report(
                  finding(
                      at,
                      String.format(
                          "'%s' is written while only the read lock of '%s' is held; other"
                              + " readers run at the same time: take the write lock",
                          access.field().path(), lock.path())));
              break;
            }
          }
        }
      }
    }
  }
}
