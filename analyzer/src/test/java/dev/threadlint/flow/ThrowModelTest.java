package dev.threadlint.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.parse.Parsers;
import dev.threadlint.source.SourceFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which statements can throw: calls into unknown code can; fields, ++ and known JDK calls not. */
class ThrowModelTest {
  private static final String SOURCE =
      """
      import java.util.*;
      import java.util.concurrent.atomic.*;
      class A {
        private final AtomicReference<String> last = new AtomicReference<>();
        private final AtomicInteger hits = new AtomicInteger();
        private final List<String> items = new ArrayList<>();
        private int count;
        private long at;
        void body(Runnable task, String name, Other other) {
          count++;
          this.count = count * 2 + 1;
          last.lazySet(name);
          hits.incrementAndGet();
          at = System.nanoTime();
          int n = items.size() + name.length();
          task.run();
          other.size();
          new StringBuilder();
          last.updateAndGet(s -> s + "x");
        }
      }
      """;

  private static List<ExpressionStmt> statements(FileContext file) {
    MethodDeclaration body =
        file.unit().findAll(MethodDeclaration.class).stream()
            .filter(m -> m.getNameAsString().equals("body"))
            .findFirst()
            .orElseThrow();
    return body.findAll(ExpressionStmt.class);
  }

  /** The last statement is the lambda's body: it runs elsewhere, and only adds a string. */
  @Test
  void onlyCallsIntoUnknownCodeAndCreationsThrow() {
    CompilationUnit unit =
        Parsers.newParser(Parsers.newest()).parse(SOURCE).getResult().orElseThrow();
    FileContext file = new FileContext(new SourceFile(Path.of("/x/A.java"), "A.java"), unit);
    ThrowModel model = ThrowModel.of(file);
    List<Boolean> throwing = statements(file).stream().map(model::mayThrow).toList();
    assertThat(throwing)
        .containsExactly(false, false, false, false, false, false, true, true, true, true, false);
  }

  @Test
  void withoutTypesEveryCallMayThrow() {
    CompilationUnit unit =
        Parsers.newParser(Parsers.newest()).parse(SOURCE).getResult().orElseThrow();
    FileContext file = new FileContext(new SourceFile(Path.of("/x/A.java"), "A.java"), unit);
    List<Boolean> throwing = statements(file).stream().map(ThrowModel.ANY_CALL::mayThrow).toList();
    // nanoTime is a known static even without types; count++ and assignments never call
    assertThat(throwing)
        .containsExactly(false, false, true, true, false, true, true, true, true, true, false);
  }
}
