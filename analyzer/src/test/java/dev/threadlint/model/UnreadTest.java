package dev.threadlint.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import dev.threadlint.deadlock.BlockingCalls;
import dev.threadlint.facts.FileContext;
import dev.threadlint.parse.Parsers;
import dev.threadlint.source.SourceFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which calls and reads the model drops before it composes, and that it keeps every other one. */
class UnreadTest {
  private static final String WORKER =
      """
      package p;
      import java.util.concurrent.locks.ReentrantLock;
      class Worker {
        private final ReentrantLock lock = new ReentrantLock();
        private Helper helper;
        void work() throws Exception {
          java.util.Objects.requireNonNull(helper);
          String text = String.valueOf(42).trim();
          helper.assist();
          step();
          Thread.sleep(1);
          lock.unlock();
          notifyAll();
          mystery().isDone();
        }
        private void step() {}
        private Object mystery() { return null; }
      }
      """;

  private static FileSummary summarize(String source) {
    CompilationUnit unit =
        Parsers.newParser(Parsers.newest()).parse(source).getResult().orElseThrow();
    return SummaryExtractor.summarize(
        new FileContext(new SourceFile(Path.of("/x/Worker.java"), "Worker.java"), unit));
  }

  private static List<String> calls(FileSummary summary, String method) {
    return summary.types().get(0).methods().stream()
        .filter(m -> m.key().name().equals(method))
        .flatMap(m -> m.calls().stream())
        .map(Call::name)
        .toList();
  }

  @Test
  void dropsTheCallsOfNoProjectTypeThatNoRuleAsksAbout() {
    FileSummary summary = summarize(WORKER);
    assertThat(calls(summary, "work"))
        .contains("requireNonNull", "valueOf", "trim", "assist", "step", "sleep", "unlock");
    FileSummary kept = new Unread(Set.of("p.Worker", "p.Helper"), Set.of()).without(summary);
    // a project receiver (this, a field of a project type), a blocking JDK call, a release, a
    // monitor call and a done query stay; the rest goes
    assertThat(calls(kept, "work"))
        .doesNotContain("requireNonNull", "valueOf", "trim")
        .contains("assist", "step", "sleep", "unlock", "notifyAll", "isDone");
  }

  @Test
  void aReceiverTypeTheProjectDoesNotSummarizeIsNoTarget() {
    FileSummary summary = summarize(WORKER);
    FileSummary kept = new Unread(Set.of("p.Worker"), Set.of()).without(summary);
    assertThat(calls(kept, "work")).doesNotContain("assist").contains("step");
  }

  @Test
  void aSummaryWithNothingToDropIsKeptAsItIs() {
    FileSummary summary = summarize("package p; class Quiet { int n; void inc() { n++; } }");
    assertThat(new Unread(Set.of("p.Quiet"), Set.of()).without(summary)).isSameAs(summary);
  }

  private static final String FIELDS =
      """
      package p;
      import java.util.ArrayList;
      import java.util.List;
      class Fields {
        private static final Object LOGGER = new Object();
        private final String name = "n";
        private final List<String> items = new ArrayList<>();
        private volatile boolean open;
        @GuardedBy("this") private final int[] slots = new int[4];
        private int count;
        String read() {
          Object a = LOGGER;
          String b = this.name;
          int c = items.size();
          boolean d = open;
          int[] e = slots;
          int f = count;
          return b;
        }
      }
      """;

  private static List<String> reads(FileSummary summary) {
    return summary.types().get(0).methods().stream()
        .filter(m -> m.key().name().equals("read"))
        .flatMap(m -> m.accesses().stream())
        .map(a -> a.field().path())
        .toList();
  }

  /**
   * A read of a final field that holds no container, is not volatile and has no guard is dropped:
   * no rule judges such a field. Reads of the others stay, and so does everything when another file
   * declares the type too.
   */
  @Test
  void dropsReadsOfFieldsThatAreSafeToShareAndUnguarded() {
    FileSummary summary = summarize(FIELDS);
    assertThat(reads(summary)).contains("LOGGER", "name", "items", "open", "slots", "count");
    FileSummary kept = new Unread(Set.of("p.Fields"), Set.of()).without(summary);
    assertThat(reads(kept))
        .doesNotContain("LOGGER", "name")
        .contains("items", "open", "slots", "count");
    assertThat(reads(new Unread(Set.of("p.Fields"), Set.of("p.Fields")).without(summary)))
        .isEqualTo(reads(summary));
  }

  /** The names blocking calls are found by are among those kept. */
  @Test
  void everyBlockingNameIsConsulted() {
    for (String name : List.of("sleep", "join", "get", "take", "put", "await", "acquire")) {
      assertThat(BlockingCalls.blockingOn(name, 0)).as(name).isNotEmpty();
      assertThat(Unread.CONSULTED).as(name).contains(name);
    }
    assertThat(BlockingCalls.blockingOn("requireNonNull", 1)).isEmpty();
  }
}
