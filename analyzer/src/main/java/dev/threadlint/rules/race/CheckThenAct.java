package dev.threadlint.rules.race;

import com.github.javaparser.ast.stmt.IfStmt;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.model.FileParallelism;
import dev.threadlint.model.ModelQueries;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A check followed by an act that the check does not make atomic, with no lock held (the model's
 * {@link dev.threadlint.model.HeldLocks}): on a concurrent collection held in a field ({@link
 * CollectionCheckThenAct}), and on a volatile field tested and then set in code that the model says
 * runs on two threads at once ({@link FieldCheckThenAct}, {@link FileParallelism}).
 */
public final class CheckThenAct implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "check-then-act",
              Family.RACE,
              Severity.WARNING,
              "Non-atomic check-then-act on a concurrent collection or a volatile field",
              "A concurrent collection makes each call atomic, not a sequence of calls: between"
                  + " containsKey() (or get() == null) and put() another thread can put the same"
                  + " key, and between isEmpty() and remove() it can take the last element."
                  + " Likewise volatile makes each read and write of a field visible, not a test"
                  + " and the update it guards atomic: where two threads can run the code, both"
                  + " can pass 'if (!next.equals(current))' and both switch and rebuild. A key"
                  + " only the calling thread uses (the current thread, or the identity of an"
                  + " object handed in, such as a connection served by one thread) is not"
                  + " reported.")
          .equivalent(Tool.SPOTBUGS, "AT_OPERATION_SEQUENCE_ON_CONCURRENT_ABSTRACTION")
          .fix(
              "Use the atomic operation: putIfAbsent, computeIfAbsent, compute, merge, poll() instead"
                  + " of isEmpty()+remove(); for a field, hold one lock over the test and the"
                  + " update, or use compareAndSet/getAndSet on an atomic.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    List<IfStmt> reported = new ArrayList<>();
    for (IfStmt ifStmt : file.all(IfStmt.class)) {
      if (!ModelQueries.noLockHeld(file, ifStmt)
          || reported.stream().anyMatch(r -> Dominance.isAncestorOrSelf(r.getThenStmt(), ifStmt))) {
        continue; // the whole sequence holds a lock, or an enclosing check was reported
      }
      Optional<CollectionCheckThenAct.Found> onCollection =
          CollectionCheckThenAct.in(file, ifStmt)
              .filter(f -> !FileParallelism.of(file).lockedOnEntry(ifStmt));
      if (onCollection.isPresent()) {
        CollectionCheckThenAct.Found found = onCollection.get();
        String name = found.collection().name();
        sink.report(
            finding(
                    file,
                    found.act(),
                    String.format(
                        "'%s.%s(..)' after '%s.%s(..)' is not atomic: another thread can change"
                            + " '%s' in between; use one atomic call (putIfAbsent,"
                            + " computeIfAbsent, poll...)",
                        name, found.act().getNameAsString(), name, found.checkName(), name))
                .withRelated(List.of(file.location(found.check(), "the check"))));
        reported.add(ifStmt);
        continue;
      }
      Optional<FieldCheckThenAct.Found> onField = FieldCheckThenAct.in(file, ifStmt);
      Optional<String> parallel =
          onField
              .filter(f -> !FileParallelism.of(file).lockedOnEntry(ifStmt))
              .flatMap(f -> FileParallelism.of(file).parallelReason(ifStmt));
      if (parallel.isPresent()) {
        String name = onField.get().field().name();
        sink.report(
            finding(
                    file,
                    onField.get().write(),
                    String.format(
                        "%s '%s' is tested and then set with no lock, and %s: two threads"
                            + " can both pass the test and both do the work; hold a lock over"
                            + " the test and the update, or use compareAndSet on an atomic",
                        onField.get().field().isVolatile() ? "volatile" : "atomic",
                        name,
                        parallel.get()))
                .withRelated(List.of(file.location(onField.get().check(), "the test"))));
        reported.add(ifStmt);
      }
    }
  }
}
