package dev.threadlint.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.parse.Parsers;
import dev.threadlint.source.SourceFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-method permit and lock summaries, and their use at call sites. */
class HelperSummariesTest {
  private static FileContext parse(String source) {
    CompilationUnit unit =
        Parsers.newParser(Parsers.newest()).parse(source).getResult().orElseThrow();
    return new FileContext(new SourceFile(Path.of("/x/A.java"), "A.java"), unit);
  }

  private static final String SOURCE =
      """
      import java.util.concurrent.Semaphore;
      import java.util.concurrent.locks.ReentrantLock;
      class A {
        private final Semaphore permits = new Semaphore(4);
        private final ReentrantLock lock = new ReentrantLock();
        private int count;

        void acquireSlot() throws InterruptedException { permits.acquire(); }
        void releaseSlot() { permits.release(); count++; }
        boolean tryReserve() {
          if (!permits.tryAcquire()) { return false; }
          return true;
        }
        boolean tryDirect() { return permits.tryAcquire(); }
        boolean wrongWayRound() {
          if (permits.tryAcquire()) { return false; }
          return true;
        }
        void enter() { count++; lock.lock(); }
        void maybeRelease(boolean really) { if (really) { permits.release(); } }
        void balanced() throws InterruptedException {
          permits.acquire();
          try { count++; } finally { permits.release(); }
        }
        void leaveAfterThrowingCall(Runnable r) { r.run(); lock.lock(); }
        void twoResources() throws InterruptedException { permits.acquire(); lock.lock(); }
        void caller() throws InterruptedException { acquireSlot(); count++; releaseSlot(); }
      }
      """;

  private static HelperSummaries summaries(FileContext file) {
    List<BodyProtocol> bodies =
        file.unit().findAll(MethodDeclaration.class).stream()
            .map(m -> BodyProtocol.analyze(file, m))
            .flatMap(Optional::stream)
            .toList();
    return HelperSummaries.of(file, bodies);
  }

  private static Optional<HelperSummary> summaryOf(FileContext file, String method) {
    MethodCallExpr call =
        file.unit().findAll(MethodCallExpr.class).stream()
            .filter(c -> c.getNameAsString().equals(method) && c.getScope().isEmpty())
            .findFirst()
            .orElseGet(
                () -> {
                  MethodCallExpr synthetic = new MethodCallExpr(method);
                  MethodDeclaration host =
                      file.unit().findFirst(MethodDeclaration.class).orElseThrow();
                  host.getBody().orElseThrow().addStatement(synthetic);
                  return synthetic;
                });
    return summaries(file).of(call);
  }

  @Test
  void acquireOnlyAndReleaseOnlyMethodsAreAPair() {
    FileContext file = parse(SOURCE);
    assertThat(summaryOf(file, "acquireSlot"))
        .get()
        .satisfies(
            s -> {
              assertThat(s.effect()).isEqualTo(HelperSummary.Effect.ACQUIRES);
              assertThat(s.permits()).isEqualTo(1);
              assertThat(s.resource().describe()).isEqualTo("permits");
              assertThat(s.describe()).isEqualTo("`acquireSlot()` takes a permit");
            });
    assertThat(summaryOf(parse(SOURCE), "releaseSlot"))
        .get()
        .extracting(HelperSummary::effect)
        .isEqualTo(HelperSummary.Effect.RELEASES);
  }

  @Test
  void booleanHelpersTakeThePermitWhenTheyReturnTrue() {
    assertThat(summaryOf(parse(SOURCE), "tryReserve"))
        .get()
        .satisfies(
            s -> {
              assertThat(s.effect()).isEqualTo(HelperSummary.Effect.ACQUIRES_WHEN_TRUE);
              assertThat(s.describe())
                  .isEqualTo("`tryReserve()` takes a permit when it returns true");
            });
    assertThat(summaryOf(parse(SOURCE), "tryDirect"))
        .get()
        .extracting(HelperSummary::effect)
        .isEqualTo(HelperSummary.Effect.ACQUIRES_WHEN_TRUE);
    assertThat(summaryOf(parse(SOURCE), "wrongWayRound")).isEmpty();
  }

  @Test
  void lockWrappersAreSummarisedToo() {
    assertThat(summaryOf(parse(SOURCE), "enter"))
        .get()
        .satisfies(
            s -> {
              assertThat(s.effect()).isEqualTo(HelperSummary.Effect.ACQUIRES);
              assertThat(s.describe()).isEqualTo("`enter()` takes it");
            });
  }

  @Test
  void mixedConditionalOrSeveralResourcesAreNotSummaries() {
    assertThat(summaryOf(parse(SOURCE), "maybeRelease")).isEmpty();
    assertThat(summaryOf(parse(SOURCE), "balanced")).isEmpty();
    assertThat(summaryOf(parse(SOURCE), "twoResources")).isEmpty();
  }

  @Test
  void callersSeeTheHelpersAsOperations() {
    FileContext file = parse(SOURCE);
    HelperSummaries helpers = summaries(file);
    MethodDeclaration caller =
        file.unit().findAll(MethodDeclaration.class).stream()
            .filter(m -> m.getNameAsString().equals("caller"))
            .findFirst()
            .orElseThrow();
    BodyProtocol body = BodyProtocol.analyze(file, caller, helpers).orElseThrow();
    assertThat(body.ops())
        .extracting(ResourceOp::kind)
        .containsExactly(ResourceOp.Kind.ACQUIRE, ResourceOp.Kind.RELEASE);
    assertThat(body.ops()).allMatch(ResourceOp::viaHelper);
    // count++ between the helpers cannot throw: balanced, nothing leaks
    assertThat(body.events()).isEmpty();
  }

  @Test
  void fileProtocolReportsTheLeakAtTheHelperCall() {
    FileContext file =
        parse(
            """
            import java.util.concurrent.Semaphore;
            class B {
              private final Semaphore permits = new Semaphore(4);
              private void acquireSlot() throws InterruptedException { permits.acquire(); }
              private void releaseSlot() { permits.release(); }
              void work(Runnable task) throws InterruptedException {
                acquireSlot();
                task.run();
                releaseSlot();
              }
            }
            """);
    List<ProtocolEvent> events =
        FileProtocol.of(file).stream()
            .filter(
                b -> b.owner() instanceof MethodDeclaration m && m.getNameAsString().equals("work"))
            .flatMap(b -> b.events().stream())
            .toList();
    assertThat(events).hasSize(1);
    ProtocolEvent.Leak leak = (ProtocolEvent.Leak) events.get(0);
    assertThat(leak.exceptional()).isTrue();
    assertThat(leak.acquire().text()).isEqualTo("acquireSlot()");
    assertThat(leak.acquire().helper().name()).isEqualTo("acquireSlot");
  }

  private static final String LEASES =
      """
      import java.util.concurrent.Semaphore;
      class L {
        static final class Lease {}
        private final Semaphore permits = new Semaphore(4);
        Lease tryLease() {
          if (!permits.tryAcquire()) { return null; }
          return new Lease();
        }
        L tryThis() { return permits.tryAcquire() ? this : null; }
        Lease nullWhileHolding(boolean keep) {
          if (!permits.tryAcquire()) { return null; }
          return keep ? new Lease() : null;
        }
        Lease nullOnBoth() {
          if (!permits.tryAcquire()) { return null; }
          return null;
        }
        Lease wrapped() {
          Lease lease = tryLease();
          if (lease == null) { return null; }
          return new Lease();
        }
      }
      """;

  @Test
  void helpersReturningAnObjectTakeThePermitWhenItIsNotNull() {
    assertThat(summaryOf(parse(LEASES), "tryLease"))
        .get()
        .satisfies(
            s -> {
              assertThat(s.effect()).isEqualTo(HelperSummary.Effect.ACQUIRES_WHEN_NON_NULL);
              assertThat(s.kind()).isEqualTo(ResourceOp.Kind.TRY_ACQUIRE);
              assertThat(s.describe())
                  .isEqualTo("`tryLease()` takes a permit when it returns non-null");
            });
    // the value returned while holding may be null: callers cannot tell
    assertThat(summaryOf(parse(LEASES), "nullWhileHolding")).isEmpty();
    assertThat(summaryOf(parse(LEASES), "nullOnBoth")).isEmpty();
    assertThat(summaryOf(parse(LEASES), "tryThis")).isEmpty();
  }

  @Test
  void aNullTestedResultIsFollowedLikeATryAcquire() {
    FileContext file = parse(LEASES);
    List<BodyProtocol> bodies = FileProtocol.of(file);
    assertThat(FileProtocol.helpers(file).all())
        .extracting(HelperSummary::name)
        .contains("tryLease", "wrapped");
  }
}
