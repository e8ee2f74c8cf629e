package dev.threadlint.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.parse.Parsers;
import dev.threadlint.source.SourceFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypeKnowledgeTest {
  private static FileContext parse(String source) {
    CompilationUnit unit =
        Parsers.newParser(Parsers.newest()).parse(source).getResult().orElseThrow();
    return new FileContext(new SourceFile(Path.of("/x/A.java"), "A.java"), unit);
  }

  private static TypeRef receiverOf(FileContext file, String method) {
    MethodCallExpr call =
        file.unit().findAll(MethodCallExpr.class).stream()
            .filter(c -> c.getNameAsString().equals(method))
            .findFirst()
            .orElseThrow();
    return file.typeOf(call.getScope().orElseThrow());
  }

  @Test
  void singleImportResolvesExactly() {
    FileContext file =
        parse(
            """
            package p;
            import java.util.concurrent.Semaphore;
            class A { Semaphore s; void m() { s.acquireUninterruptibly(); } }
            """);
    assertThat(receiverOf(file, "acquireUninterruptibly").candidates())
        .containsExactly(JdkTypes.SEMAPHORE);
  }

  @Test
  void onDemandImportGivesCandidatesInShadowingOrder() {
    FileContext file =
        parse(
            """
            package p;
            import java.util.concurrent.*;
            class A { void m(Semaphore s) { s.release(); } }
            """);
    assertThat(receiverOf(file, "release").candidates())
        .containsExactly("p.Semaphore", JdkTypes.SEMAPHORE);
  }

  @Test
  void localsShadowFieldsAndVarTakesTheInitializerType() {
    FileContext file =
        parse(
            """
            package p;
            class A {
              Runnable t;
              void m() {
                var t = new Thread(() -> {});
                t.start();
              }
            }
            """);
    assertThat(receiverOf(file, "start").candidates())
        .containsExactly("p.Thread", "java.lang.Thread");
  }

  @Test
  void fieldOfOuterClassIsFoundFromLambdaAndAnonymousClass() {
    FileContext file =
        parse(
            """
            package p;
            import java.util.concurrent.locks.ReentrantLock;
            class A {
              private final ReentrantLock lock = new ReentrantLock();
              Runnable r = new Runnable() {
                public void run() { Runnable x = () -> lock.lock(); }
              };
            }
            """);
    assertThat(receiverOf(file, "lock").candidates()).containsExactly(JdkTypes.REENTRANT_LOCK);
  }

  @Test
  void fullyQualifiedNamesAndJdkReturnTypes() {
    FileContext file =
        parse(
            """
            class A {
              void m(java.util.concurrent.locks.ReadWriteLock rw) {
                rw.readLock().lock();
                Thread.currentThread().interrupt();
              }
            }
            """);
    assertThat(receiverOf(file, "lock").candidates()).containsExactly(JdkTypes.LOCK);
    assertThat(receiverOf(file, "interrupt").candidates()).containsExactly(JdkTypes.THREAD);
  }

  @Test
  void unknownStaysUnknown() {
    FileContext file =
        parse(
            """
            class A { void m() { var x = make(); x.start(); helper().start(); } }
            """);
    assertThat(receiverOf(file, "start").isKnown()).isFalse();
  }

  @Test
  void projectIndexResolvesSubclassesAcrossFiles() {
    FileContext pool =
        parse(
            """
            package p;
            import java.util.concurrent.Semaphore;
            public class Pool extends Semaphore { Pool() { super(4); } }
            """);
    FileContext user =
        parse(
            """
            package p;
            class User { void m(Pool pool) { pool.release(); } }
            """);
    TypeIndex index = new TypeIndex(Declarations.of(pool));
    TypeRef ref = receiverOf(user, "release");
    assertThat(index.isSubtype(ref, JdkTypes.SEMAPHORE)).isTrue();
    assertThat(index.isSubtype(ref, JdkTypes.LOCK)).isFalse();
    assertThat(new TypeIndex(List.of()).isSubtype(ref, JdkTypes.SEMAPHORE))
        .as("unknown without the declaring file")
        .isFalse();
  }

  @Test
  void resolvingACatchParameterLeavesTheTreeAlone() {
    FileContext file =
        parse(
            """
            package p;
            class A { void m() { try { run(); } catch (InterruptedException e) { log(e); } } }
            """);
    com.github.javaparser.ast.stmt.CatchClause clause =
        file.unit().findFirst(com.github.javaparser.ast.stmt.CatchClause.class).orElseThrow();
    file.variableOf(
        file.unit().findAll(com.github.javaparser.ast.expr.NameExpr.class).stream()
            .filter(n -> n.getNameAsString().equals("e"))
            .findFirst()
            .orElseThrow());
    assertThat(clause.getParameter().getParentNode()).contains(clause);
    assertThat(clause.getChildNodes()).contains(clause.getParameter());
  }
}
