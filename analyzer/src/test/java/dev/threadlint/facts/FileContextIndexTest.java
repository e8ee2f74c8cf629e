package dev.threadlint.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithSimpleName;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import dev.threadlint.flow.Bodies;
import dev.threadlint.parse.Parsers;
import dev.threadlint.source.SourceFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The file's index of its tree answers as the tree does: the nodes of a kind in the whole file and
 * in any subtree, for single classes, abstract kinds and interfaces, in the order the tree's own
 * walk gives them; and a body's rare nodes, found from the index, are those a walk of the body
 * finds.
 */
class FileContextIndexTest {
  private static final String SOURCE =
      """
      package p;
      import java.util.concurrent.*;
      class A<T> extends B implements Runnable {
        private final Object lock = new Object();
        volatile int count = 1 + 2 * 3;
        static { init(() -> run(1)); }
        { count(); }
        A() { this(2); call(); }
        A(int x) { super(x); call(x); assert x > 0; }
        synchronized void body(ExecutorService pool) {
          synchronized (lock) { first(); count += 1; this.count++; }
          pool.submit(() -> { inner(); assert inEventLoop(); return nested(() -> deeper()); });
          Runnable r = new Runnable() {
            int n = compute();
            @Override public void run() { synchronized (this) { anonymous(); } }
          };
          class Local { void m() { local(); assert false; } }
          new Thread(r).start();
          after(new Object() { public String toString() { return name(); } }, arg());
          record R(int a) { R { check(a); } }
          for (int i = 0; i < 3; i++) { if (i == 1) { continue; } else { x = i; } }
          switch (count) { case 1 -> first(); default -> { second(); } }
          try (var c = open()) { use(c); } catch (Exception e) { log(e); } finally { done(); }
        }
        public void run() { String s = "a" + "b" + "c" + "d"; Object o = (Object) s; }
        interface I { default void d() { dflt(); } }
        enum E { X { void e() { constant(); } }; void e() { base(); } }
        @interface Note { String value() default ""; }
      }
      """;

  private static final List<Class<? extends Node>> KINDS =
      List.of(
          Node.class,
          Expression.class,
          Statement.class,
          BodyDeclaration.class,
          TypeDeclaration.class,
          CallableDeclaration.class,
          MethodCallExpr.class,
          NameExpr.class,
          FieldAccessExpr.class,
          AssignExpr.class,
          LambdaExpr.class,
          VariableDeclarator.class,
          SynchronizedStmt.class,
          AssertStmt.class,
          InitializerDeclaration.class,
          com.github.javaparser.ast.expr.SwitchExpr.class);

  private static FileContext context() {
    CompilationUnit unit = Parsers.newParser(Parsers.newest()).parse(SOURCE).getResult().get();
    return new FileContext(new SourceFile(Path.of("/x/A.java"), "A.java"), unit);
  }

  @Test
  void kindsOfTheWholeFileAndOfEverySubtreeMatchTheTreeWalks() {
    FileContext file = context();
    List<Node> every = file.unit().findAll(Node.class);
    assertThat(every).hasSizeGreaterThan(300);
    for (Class<? extends Node> kind : KINDS) {
      assertSameNodes(file.all(kind), file.unit().findAll(kind));
      for (Node root : every) {
        assertSameNodes(file.allWithin(root, kind), root.findAll(kind));
      }
    }
    // an interface: the nodes that have a simple name
    assertSameNodes(
        file.all(Node.class).stream().filter(NodeWithSimpleName.class::isInstance).toList(),
        file.unit().findAll(Node.class, NodeWithSimpleName.class::isInstance));
  }

  @Test
  void severalKindsAtOnceComeInTreeOrder() {
    FileContext file = context();
    assertSameNodes(
        file.allOfKinds(List.of(NameExpr.class, FieldAccessExpr.class)),
        file.unit()
            .findAll(Node.class, n -> n instanceof NameExpr || n instanceof FieldAccessExpr));
    assertSameNodes(
        file.allOfKinds(
            List.of(CallableDeclaration.class, LambdaExpr.class, InitializerDeclaration.class)),
        file.unit()
            .findAll(
                Node.class,
                n ->
                    n instanceof CallableDeclaration<?>
                        || n instanceof LambdaExpr
                        || n instanceof InitializerDeclaration));
  }

  @Test
  void aBodysRareNodesFromTheIndexMatchTheBodyWalk() {
    FileContext file = context();
    List<Node> roots =
        file.allOfKinds(
            List.of(
                CallableDeclaration.class,
                LambdaExpr.class,
                InitializerDeclaration.class,
                TypeDeclaration.class));
    for (Node root : roots) {
      for (Class<? extends Node> kind : KINDS) {
        assertSameNodes(
            Bodies.findAllInSameBody(file, root, kind), Bodies.findAllInSameBody(root, kind));
      }
    }
  }

  /** The same nodes, by identity (nodes are equal when they read alike), in the same order. */
  private static void assertSameNodes(List<? extends Node> actual, List<? extends Node> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).isSameAs(expected.get(i));
    }
  }
}
