package dev.threadlint.deadlock;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import dev.threadlint.facts.Declarations;
import dev.threadlint.facts.Fact;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeDecl;
import dev.threadlint.facts.TypeIndex;
import dev.threadlint.model.ConcurrencyModel;
import dev.threadlint.model.LockId;
import dev.threadlint.model.SummaryExtractor;
import dev.threadlint.model.TypeSummary;
import dev.threadlint.parse.Parsers;
import dev.threadlint.source.SourceFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project's lock order on small projects: chains through calls, files, re-entry, locals. */
class LockOrderGraphTest {

  private static LockOrderGraph graph(String... sources) {
    List<TypeSummary> types = new ArrayList<>();
    List<TypeDecl> decls = new ArrayList<>();
    Map<LockId, List<String>> locals = new HashMap<>();
    int n = 0;
    for (String source : sources) {
      CompilationUnit unit =
          Parsers.newParser(Parsers.newest()).parse(source).getResult().orElseThrow();
      String name = "F" + n++ + ".java";
      FileContext file = new FileContext(new SourceFile(Path.of("/x/" + name), name), unit);
      types.addAll(SummaryExtractor.summarize(file).types());
      decls.addAll(Declarations.of(file));
      List<Fact> facts = new ArrayList<>();
      new LocalMonitors().extract(file, facts::add);
      facts.forEach(f -> locals.putAll(((LocalMonitors.Types) f).types()));
    }
    return new LockOrderGraph(new ConcurrencyModel(types, new TypeIndex(decls)), locals);
  }

  @Test
  void anInversionThroughCallsInTwoFilesCarriesBothChains() {
    LockOrderGraph graph =
        graph(
            """
            package p;
            class Dog implements Runnable {
              private Listener listener;
              synchronized void stop() {}
              public synchronized void run() { fire(); }
              private void fire() { listener.timeout(); }
            }
            """,
            """
            package p;
            class Listener {
              private Dog dog;
              synchronized void timeout() {}
              synchronized void stop() { dog.stop(); }
            }
            """);
    List<LockOrderGraph.Inversion> inversions = graph.inversions();
    assertThat(inversions).hasSize(1);
    // reported at the later of the two in source order; the other is the related location
    LockOrderGraph.Acquisition reported = inversions.get(0).reported();
    LockOrderGraph.Acquisition other = inversions.get(0).other();
    assertThat(reported.site().path()).isEqualTo("F1.java");
    assertThat(reported.through()).isEqualTo(" (through Dog.stop())");
    assertThat(other.site().path()).isEqualTo("F0.java");
    assertThat(other.through()).isEqualTo(" (through Dog.fire() → Listener.timeout())");
    assertThat(other.chain()).extracting(s -> s.site().line()).containsExactly(5, 6, 4);
    assertThat(LockOrderGraph.describe(other.outer())).isEqualTo("the monitor of Dog.this");
  }

  @Test
  void reentryThroughThisAndSuperIsNoOrderAndRecursionConverges() {
    LockOrderGraph graph =
        graph(
            """
            package p;
            class Base { synchronized void touch() {} }
            class A extends Base {
              private final Object lock = new Object();
              synchronized void outer(int n) {
                super.touch();
                synchronized (lock) { if (n > 0) outer(n - 1); }
              }
              void ping(int n) { pong(n); }
              void pong(int n) { ping(n); }
            }
            """);
    assertThat(graph.inversions()).isEmpty();
    assertThat(graph.acquisitions())
        .extracting(
            a -> LockOrderGraph.describe(a.outer()) + " > " + LockOrderGraph.describe(a.inner()))
        .containsOnly("the monitor of A.this > 'A.lock'");
  }

  @Test
  void aMonitorHeldInALocalOfAProjectTypeIsThatTypesMonitor() {
    LockOrderGraph graph =
        graph(
            """
            package p;
            class Registry {
              synchronized void register(Sensor s) {}
              void remove(Sensor sensor) {
                synchronized (sensor) {
                  synchronized (this) { sensor.size(); }
                }
              }
            }
            class Sensor {
              private Registry registry;
              synchronized int size() { return 0; }
              synchronized void add() { registry.register(this); }
            }
            """);
    assertThat(graph.inversions()).isEmpty();
    assertThat(graph.acquisitions())
        .extracting(
            a -> LockOrderGraph.describe(a.outer()) + " > " + LockOrderGraph.describe(a.inner()))
        .containsOnly("the monitor of Sensor.this > the monitor of Registry.this");
  }

  @Test
  void aDispatchedCallOrdersTheLocksEachOfItsFewImplementationsTakesItself() {
    LockOrderGraph graph =
        graph(
            """
            package p;
            interface Sink { void write(); }
            class A implements Sink { public synchronized void write() {} }
            class B implements Sink {
              private Helper helper;
              public synchronized void write() { helper.step(); }
            }
            class Helper { synchronized void step() {} }
            class Hub {
              synchronized void publish(Sink sink) { sink.write(); }
            }
            """);
    // what B's callees take is not followed through the dispatch: only what A and B take
    assertThat(graph.acquisitions())
        .extracting(
            a -> LockOrderGraph.describe(a.outer()) + " > " + LockOrderGraph.describe(a.inner()))
        .containsExactlyInAnyOrder(
            "the monitor of Hub.this > the monitor of A.this",
            "the monitor of Hub.this > the monitor of B.this",
            "the monitor of B.this > the monitor of Helper.this");
  }

  @Test
  void aDispatchedCallWhereOnlySomeImplementationsLockOrdersNothing() {
    LockOrderGraph graph =
        graph(
            """
            package p;
            interface Sink { void write(); }
            class A implements Sink { public synchronized void write() {} }
            class B implements Sink { public void write() {} }
            class Hub {
              synchronized void publish(Sink sink) { sink.write(); }
            }
            """);
    assertThat(graph.acquisitions()).isEmpty();
  }

  @Test
  void aLockInAnotherObjectsFieldIsTheDeclaringTypesLock() {
    LockOrderGraph graph =
        graph(
            """
            package p;
            class Base {
              final Object bell = new Object();
              void carry(Guard guard) { synchronized (bell) { guard.ring(); } }
            }
            """,
            """
            package p;
            class Vault extends Base {}
            """,
            """
            package p;
            class Guard {
              synchronized void ring() {}
              synchronized void check(Vault vault) { synchronized (vault.bell) {} }
            }
            """);
    List<LockOrderGraph.Inversion> inversions = graph.inversions();
    assertThat(inversions).hasSize(1);
    LockOrderGraph.Acquisition reported = inversions.get(0).reported();
    assertThat(reported.site().path()).isEqualTo("F2.java");
    assertThat(LockOrderGraph.describe(reported.inner())).isEqualTo("'Base.bell'");
  }

  @Test
  void aFieldOfAnUnknownTypeNamesNoLock() {
    LockOrderGraph graph =
        graph(
            """
            package p;
            import org.example.Depot;
            class Porter {
              void carry(Depot depot, Guard guard) { synchronized (depot.bell) { guard.ring(); } }
            }
            """,
            """
            package p;
            import org.example.Depot;
            class Guard {
              synchronized void ring() {}
              synchronized void check(Depot depot) { synchronized (depot.bell) {} }
            }
            """);
    assertThat(graph.inversions()).isEmpty();
  }

  @Test
  void anotherObjectsLockOfTheSameFieldIsReEnteredNotAnOrder() {
    LockOrderGraph graph =
        graph(
            """
            package p;
            import java.util.concurrent.locks.ReentrantLock;
            class Node {
              final ReentrantLock lock = new ReentrantLock();
              void link(Node next) {
                lock.lock();
                try { next.lock.lock(); try {} finally { next.lock.unlock(); } }
                finally { lock.unlock(); }
              }
            }
            """);
    assertThat(graph.inversions()).isEmpty();
    assertThat(graph.acquisitions()).isEmpty();
  }
}
