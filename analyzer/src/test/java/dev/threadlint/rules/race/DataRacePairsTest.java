package dev.threadlint.rules.race;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadlint.model.Access;
import dev.threadlint.model.FieldPath;
import dev.threadlint.model.MethodKey;
import dev.threadlint.model.MethodSummary;
import dev.threadlint.model.Occurrence;
import dev.threadlint.model.Receiver;
import dev.threadlint.model.Site;
import dev.threadlint.model.ThreadContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link DataRace#firstRace(List, boolean)} tries a field's uses by shape rather than pair by pair;
 * it must find exactly the race that trying every write against every use in order finds.
 */
class DataRacePairsTest {
  private static final FieldPath FIELD = new FieldPath("p.Counter", "count", false);

  /** Every write against every use, in order: what the rule did before, as the oracle. */
  private static Optional<DataRace.Race> everyPair(List<Occurrence> uses, boolean threadSafe) {
    for (Occurrence write : uses) {
      if (!write.access().isWrite()) {
        continue;
      }
      for (Occurrence other : uses) {
        Optional<String> why = DataRace.parallel(write, other, threadSafe);
        if (why.isPresent()) {
          return Optional.of(new DataRace.Race(write, other, why.get()));
        }
      }
    }
    return Optional.empty();
  }

  @Test
  void findsTheSameWriteUseAndReasonAsEveryPairInOrder() {
    Random random = new Random(20261202);
    List<ThreadContext> contexts = contexts();
    int races = 0;
    for (int round = 0; round < 3000; round++) {
      List<Occurrence> uses = uses(random, contexts, 1 + random.nextInt(24));
      boolean threadSafe = random.nextInt(3) == 0;
      Optional<DataRace.Race> expected = everyPair(uses, threadSafe);
      Optional<DataRace.Race> found = DataRace.firstRace(uses, threadSafe);
      assertThat(found.isPresent()).as("round %d", round).isEqualTo(expected.isPresent());
      if (expected.isPresent()) {
        races++;
        // the same objects, not equal ones: uses of one shape differ only in where they are
        assertThat(found.get().write()).as("round %d", round).isSameAs(expected.get().write());
        assertThat(found.get().other()).as("round %d", round).isSameAs(expected.get().other());
        assertThat(found.get().why()).isEqualTo(expected.get().why());
      }
    }
    // both outcomes were tried, many times each
    assertThat(races).isBetween(300, 2700);
  }

  @Test
  void aFieldUsedThousandsOfTimesInAFewShapesIsNotTriedPairByPair() {
    List<ThreadContext> contexts = contexts();
    List<Occurrence> uses = new ArrayList<>();
    // thousands of API writes of a plain class (no race among them), then one task that reads
    for (int i = 0; i < 5000; i++) {
      uses.add(use(i, Access.Kind.WRITE, false, List.of(contexts.get(0))));
    }
    uses.add(use(5000, Access.Kind.READ, false, List.of(contexts.get(2))));
    uses.add(use(5001, Access.Kind.WRITE, false, List.of(contexts.get(3))));
    Optional<DataRace.Race> found = DataRace.firstRace(uses, false);
    assertThat(found).isEqualTo(everyPair(uses, false));
    assertThat(found).isPresent();
    assertThat(found.get().write()).isSameAs(uses.get(5001));
  }

  private static List<ThreadContext> contexts() {
    Site api = new Site("p/Counter.java", 3, 3, 9, 3, "p.Counter.add");
    Site task = new Site("p/Counter.java", 12, 7, 12, 40, "p.Counter.start");
    return List.of(
        new ThreadContext(ThreadContext.Kind.API, "", false, "add() of Counter", api),
        new ThreadContext(ThreadContext.Kind.THREAD, "", false, "run() of Worker", api),
        new ThreadContext(ThreadContext.Kind.TASK, "", false, "a task submitted at line 12", task),
        new ThreadContext(ThreadContext.Kind.TASK, "", true, "a task submitted in a loop", task),
        new ThreadContext(ThreadContext.Kind.CONFINED, "io", false, "the io thread", task),
        new ThreadContext(ThreadContext.Kind.CONFINED, "main", false, "the main thread", task));
  }

  private static List<Occurrence> uses(Random random, List<ThreadContext> contexts, int count) {
    Access.Kind[] kinds = Access.Kind.values();
    List<Occurrence> uses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<ThreadContext> those = new ArrayList<>();
      int n = random.nextInt(3);
      for (int k = 0; k < n; k++) {
        ThreadContext context = contexts.get(random.nextInt(contexts.size()));
        if (!those.contains(context)) {
          those.add(context);
        }
      }
      // few shapes, so that most uses share one with another
      Access.Kind kind = kinds[random.nextInt(kinds.length)];
      uses.add(use(i, kind, random.nextInt(4) == 0, those));
    }
    return uses;
  }

  private static Occurrence use(
      int line, Access.Kind kind, boolean polled, List<ThreadContext> contexts) {
    Site site = new Site("p/Counter.java", 20 + line, 5, 20 + line, 14, "p.Counter.m" + line);
    MethodSummary root =
        new MethodSummary(
            new MethodKey("p.Counter", "m" + line, 0),
            Set.of(MethodSummary.Flag.PUBLIC),
            contexts,
            List.of(),
            List.of(),
            List.of(),
            Set.of(),
            "",
            site);
    Access access = new Access(FIELD, kind, Set.of(), Receiver.THIS, false, polled, site);
    return new Occurrence(access, root, contexts, null);
  }
}
