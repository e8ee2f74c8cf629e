package dev.threadlint.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.AssignExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.parse.Parsers;
import dev.threadlint.source.SourceFile;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which bodies of one file may run on two threads at once, and which run under callers' locks. */
class FileParallelismTest {

  private static FileContext parse(String source) {
    CompilationUnit unit =
        Parsers.newParser(Parsers.newest()).parse(source).getResult().orElseThrow();
    return new FileContext(new SourceFile(Path.of("/x/A.java"), "A.java"), unit);
  }

  /** The reason given for the body that assigns {@code target}. */
  private static Optional<String> reason(FileContext file, String target) {
    AssignExpr assign =
        file.unit()
            .findFirst(AssignExpr.class, a -> a.getTarget().toString().equals(target))
            .orElseThrow();
    return FileParallelism.of(file).parallelReason(assign);
  }

  @Test
  void innerThreadsCreatedInALoopReachTheOuterObjectsPrivateMethod() {
    FileContext file =
        parse(
            """
            package p;
            class A {
              int x;
              A(java.util.List<String> names) {
                for (String n : names) { new W().start(); }
              }
              class W extends Thread {
                public void run() { bump(); }
              }
              private void bump() { x = 1; }
            }
            """);
    assertThat(reason(file, "x"))
        .hasValueSatisfying(r -> assertThat(r).contains("run() of the thread W"));
  }

  @Test
  void oneThreadAndAClassThatNeverLocksAreNotParallel() {
    FileContext file =
        parse(
            """
            package p;
            class A {
              int x;
              void go() { new W().start(); }
              class W extends Thread {
                public void run() { bump(); }
              }
              private void bump() { x = 1; }
            }
            """);
    assertThat(reason(file, "x")).isEmpty();
  }

  @Test
  void aPoolTaskRunsInParallelWithItself() {
    FileContext file =
        parse(
            """
            package p;
            import java.util.concurrent.*;
            class A {
              int x;
              void go(ExecutorService pool) {
                for (int i = 0; i < 4; i++) { pool.submit(() -> bump()); }
              }
              private void bump() { x = 1; }
            }
            """);
    assertThat(reason(file, "x")).isPresent();
  }

  @Test
  void aThreadsOwnPublicLoopIsNotAnotherEntry() {
    FileContext file =
        parse(
            """
            package p;
            class A extends Thread {
              int x;
              public void run() { while (true) { once(); } }
              public void once() { x = 1; }
              public synchronized void halt() {}
            }
            """);
    assertThat(reason(file, "x")).isEmpty();
  }

  @Test
  void aPrivateMethodEveryCallerLocksRunsUnderTheLock() {
    FileContext file =
        parse(
            """
            package p;
            class A {
              int x, y;
              private final Object lock = new Object();
              void a() { synchronized (lock) { set(); } }
              synchronized void b() { synchronized (lock) { set(); } }
              void c() { other(); }
              private void set() { x = 1; }
              private void other() { y = 1; }
            }
            """);
    AssignExpr x =
        file.unit().findFirst(AssignExpr.class, a -> a.getTarget().toString().equals("x")).get();
    AssignExpr y =
        file.unit().findFirst(AssignExpr.class, a -> a.getTarget().toString().equals("y")).get();
    assertThat(FileParallelism.of(file).lockedOnEntry(x)).isTrue();
    assertThat(FileParallelism.of(file).lockedOnEntry(y)).isFalse();
  }

  @Test
  void aRecursivePrivateMethodRunsUnderItsCallersLock() {
    FileContext file =
        parse(
            """
            package p;
            class A {
              int depth;
              synchronized void walk() { step(3); }
              private void step(int n) { depth = n; if (n > 0) { step(n - 1); } }
              private void loose() { depth = 0; }
              void reset() { loose(); }
            }
            """);
    AssignExpr locked =
        file.unit().findFirst(AssignExpr.class, a -> a.getValue().toString().equals("n")).get();
    AssignExpr unlocked =
        file.unit().findFirst(AssignExpr.class, a -> a.getValue().toString().equals("0")).get();
    FileParallelism parallelism = FileParallelism.of(file);
    // the call to itself holds what its own entry holds: it does not undo walk()'s lock
    assertThat(parallelism.lockedOnEntry(locked)).isTrue();
    assertThat(parallelism.lockedOnEntry(unlocked)).isFalse();
  }
}
