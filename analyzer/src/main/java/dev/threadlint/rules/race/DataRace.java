package dev.threadlint.rules.race;

import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.race.Races;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.List;

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
                  + " a happens-before edge the JIT and the CPU may keep it in a register.")
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
  public void checkFile(FileContext file, FindingSink sink) {
    for (Races.Race race : Races.dataRaces(file)) {
      String field = race.write().field().name();
      sink.report(
          finding(
                  file,
                  race.write().node(),
                  String.format(
                      "'%s' is written in %s and %s in %s with no lock in common; guard both with"
                          + " one lock or make it atomic",
                      field,
                      race.writeContext().description(),
                      race.other().write() ? "written" : "read",
                      race.other() == race.write()
                          ? "another run of the same task"
                          : race.otherContext().description()))
              .withRelated(List.of(file.location(race.other().node(), "the other access"))));
    }
  }
}
