package dev.threadlint.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.AssignExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.parse.Parsers;
import dev.threadlint.source.SourceFile;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Lock identity for locks in fields of other objects, and the one "locks held here" query. */
class HeldLocksTest {

  private static FileContext parse(String source) {
    CompilationUnit unit =
        Parsers.newParser(Parsers.newest()).parse(source).getResult().orElseThrow();
    return new FileContext(new SourceFile(Path.of("/x/A.java"), "A.java"), unit);
  }

  private static AssignExpr assignment(FileContext file, String target) {
    return file.unit()
        .findFirst(AssignExpr.class, a -> a.getTarget().toString().equals(target))
        .orElseThrow();
  }

  private static Set<LockId> heldAt(FileContext file, String target) {
    return HeldLocks.at(file, assignment(file, target));
  }

  @Test
  void aMonitorInAParametersFieldIsNamedByTheParameterAndTheField() {
    FileContext file =
        parse(
            """
            package p;
            class A {
              final Object lock = new Object();
              int n;
              void add(A other) {
                synchronized (other.lock) { other.n = 1; }
              }
            }
            """);
    assertThat(heldAt(file, "other.n"))
        .containsExactly(LockId.localField("p.A#add", "other", "lock", LockId.Type.MONITOR));
    assertThat(HeldLocks.unnamedMonitorHeld(file, assignment(file, "other.n"))).isFalse();
  }

  @Test
  void anotherObjectsLockFieldIsNotThisObjectsLock() {
    FileContext file =
        parse(
            """
            package p;
            import java.util.concurrent.locks.ReentrantLock;
            class A {
              final ReentrantLock lock = new ReentrantLock();
              int n;
              void move(A other) {
                lock.lock();
                other.lock.lock();
                try { n = 1; other.n = 2; } finally { other.lock.unlock(); lock.unlock(); }
              }
            }
            """);
    LockId mine = LockId.field("p.A", "lock", false, LockId.Type.LOCK);
    LockId theirs = LockId.localField("p.A#move", "other", "lock", LockId.Type.LOCK);
    assertThat(heldAt(file, "n")).contains(mine, theirs);
    assertThat(mine.sameObject(theirs)).isFalse();
    assertThat(theirs.isComparable()).isFalse();
  }

  @Test
  void aLockTakenBeforeAnotherLockStatementIsHeldThereToo() {
    FileContext file =
        parse(
            """
            package p;
            import java.util.concurrent.locks.ReentrantLock;
            class A {
              final ReentrantLock lock = new ReentrantLock();
              static void both(A from, A to) {
                from.lock.lock();
                to.lock.lock();
                try { } finally { to.lock.unlock(); from.lock.unlock(); }
              }
            }
            """);
    var second =
        file.unit()
            .findFirst(
                com.github.javaparser.ast.expr.MethodCallExpr.class,
                c -> c.toString().equals("to.lock.lock()"))
            .orElseThrow();
    LockId from = LockId.localField("p.A#both", "from", "lock", LockId.Type.LOCK);
    assertThat(HeldLocks.at(file, second)).containsExactly(from);
    assertThat(HeldLocks.takenAt(file, second, from).map(Object::toString))
        .hasValue("from.lock.lock()");
  }

  @Test
  void aLockReleasedBeforeTheStatementIsNotHeld() {
    FileContext file =
        parse(
            """
            package p;
            import java.util.concurrent.locks.ReentrantLock;
            class A {
              final ReentrantLock lock = new ReentrantLock();
              int n;
              void after(A other) {
                other.lock.lock();
                try { } finally { other.lock.unlock(); }
                n = 1;
              }
            }
            """);
    assertThat(heldAt(file, "n")).isEmpty();
  }
}
