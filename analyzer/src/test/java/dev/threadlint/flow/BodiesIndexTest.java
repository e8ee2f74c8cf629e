package dev.threadlint.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.parse.Parsers;
import dev.threadlint.source.SourceFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The walks that read the file's index of its tree give the nodes the tree walks give, in the same
 * order: every body and type of a file with lambdas, anonymous and local classes.
 */
class BodiesIndexTest {
  private static final String SOURCE =
      """
      import java.util.concurrent.*;
      class A {
        private final Object lock = new Object();
        static { init(() -> run(1)); }
        { count(); }
        A() { this(2); call(); }
        A(int x) { call(x); }
        void body(ExecutorService pool) {
          synchronized (lock) { first(); }
          pool.submit(() -> { inner(); return nested(() -> deeper()); });
          Runnable r = new Runnable() {
            int n = compute();
            @Override public void run() { anonymous(); }
          };
          class Local { void m() { local(); } }
          new Thread(r).start();
          after(new Object() { public String toString() { return name(); } }, arg());
          record R(int a) { R { check(a); } }
        }
        interface I { default void d() { dflt(); } }
        enum E { X { void e() { constant(); } }; void e() { base(); } }
      }
      """;

  private static FileContext context() {
    CompilationUnit unit = Parsers.newParser(Parsers.newest()).parse(SOURCE).getResult().get();
    return new FileContext(new SourceFile(Path.of("/x/A.java"), "A.java"), unit);
  }

  @Test
  void bodyWalksFromTheIndexMatchTheTreeWalks() {
    FileContext file = context();
    List<Node> roots =
        file.unit()
            .findAll(
                Node.class,
                n ->
                    n instanceof CallableDeclaration<?>
                        || n instanceof LambdaExpr
                        || n instanceof InitializerDeclaration
                        || n instanceof TypeDeclaration<?>);
    assertThat(roots).hasSizeGreaterThan(15);
    for (Node root : roots) {
      assertThat(file.indexOf(root)).isNotNegative();
      assertThat(Bodies.findAllInSameBody(file, root, Node.class))
          .containsExactlyElementsOf(Bodies.findAllInSameBody(root, Node.class));
      assertThat(Bodies.findAllInSameBody(file, root, MethodCallExpr.class))
          .containsExactlyElementsOf(Bodies.findAllInSameBody(root, MethodCallExpr.class));
      assertThat(file.allWithin(root, MethodCallExpr.class))
          .containsExactlyElementsOf(root.findAll(MethodCallExpr.class));
    }
    // any other root is walked as before
    MethodCallExpr call = file.all(MethodCallExpr.class).get(0);
    assertThat(file.indexOf(call)).isEqualTo(-1);
    assertThat(Bodies.findAllInSameBody(file, call, Node.class))
        .containsExactlyElementsOf(Bodies.findAllInSameBody(call, Node.class));
    assertThat(file.allWithin(call, Node.class))
        .containsExactlyElementsOf(call.findAll(Node.class));
    assertThat(file.allMatching(n -> n instanceof LambdaExpr))
        .containsExactlyElementsOf(file.unit().findAll(LambdaExpr.class));
  }
}
