package dev.threadlint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which files without a concurrency word still matter, and that the others do not. */
class RelevanceTest {
  private static final PreScanner SCANNER = new PreScanner(Set.of());

  private static List<String> relevant(String... files) {
    List<PreScan> scans = new ArrayList<>();
    for (String file : files) {
      scans.add(SCANNER.scan(file, "F.java"));
    }
    BitSet selected = Relevance.select(scans).parse();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < files.length; i++) {
      if (selected.get(i)) {
        names.add(scans.get(i).types().get(0).qualifiedName());
      }
    }
    return names;
  }

  @Test
  void filesNobodyConcurrentReachesAreLeftOut() {
    assertThat(
            relevant(
                "package p; class Worker { synchronized void m() {} }",
                "package p; class Text { String s; }",
                "package p; class Other { Text t; }"))
        .containsExactly("p.Worker");
  }

  @Test
  void whatConcurrentCodeCallsMatters() {
    assertThat(
            relevant(
                "package p; class Worker implements Runnable { Counter c; public void run() {"
                    + " c.inc(); } }",
                "package p; class Counter { Store s; int n; void inc() { n++; s.put(n); } }",
                "package p; class Store { void put(int n) {} }"))
        .containsExactly("p.Worker", "p.Counter", "p.Store");
  }

  @Test
  void supertypesAndImplementationsMatter() {
    assertThat(
            relevant(
                "package p; class Worker extends Base { Shape s; synchronized void m() { s.area();"
                    + " } }",
                "package p; class Base { int shared; }",
                "package p; interface Shape { int area(); }",
                "package p; class Square implements Shape { public int area() { return 4; } }"))
        .containsExactly("p.Worker", "p.Base", "p.Shape", "p.Square");
  }

  @Test
  void subtypesOfConcurrencyTypesAndTheirUsersMatter() {
    assertThat(
            relevant(
                "package p; class Pool extends java.util.concurrent.Semaphore { Pool() { super(1);"
                    + " } }",
                "package p; class SmallPool extends Pool {}",
                "package p; class User { void m(SmallPool pool) { pool.release(); } }"))
        .containsExactly("p.Pool", "p.SmallPool", "p.User");
  }

  @Test
  void callersOfConcurrentTypesMatter() {
    // whether a method is always called under a lock depends on every call
    assertThat(
            relevant(
                "package p; class Guarded { private final Object lock = new Object(); void helper()"
                    + " {} void safe() { synchronized (lock) { helper(); } } }",
                "package p; class Caller { void m(Guarded g) { g.helper(); } }"))
        .containsExactly("p.Guarded", "p.Caller");
  }
}
