package dev.threadlint.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import dev.threadlint.facts.FileContext;
import dev.threadlint.parse.Parsers;
import dev.threadlint.source.SourceFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one derivation of a body's thread contexts, with the caller's knowledge of types. */
class ThreadRootsTest {

  private static final ThreadRoots.Hierarchy DIRECT =
      new ThreadRoots.Hierarchy() {
        @Override
        public boolean isSubtype(TypeSummary type, String supertype) {
          return type.supertypes().stream().anyMatch(c -> c.contains(supertype));
        }

        @Override
        public boolean severalInstances(TypeSummary type) {
          return type.name().endsWith("Many");
        }
      };

  private static List<ThreadContext> contexts(String source, String type, String method) {
    CompilationUnit unit =
        Parsers.newParser(Parsers.newest()).parse(source).getResult().orElseThrow();
    FileContext file = new FileContext(new SourceFile(Path.of("/x/A.java"), "A.java"), unit);
    for (TypeSummary summary : SummaryExtractor.summarize(file).types()) {
      if (summary.name().equals(type)) {
        for (MethodSummary m : summary.methods()) {
          if (m.key().name().equals(method)) {
            return ThreadRoots.of(m, summary, DIRECT);
          }
        }
      }
    }
    throw new AssertionError(type + "." + method);
  }

  private static final String SOURCE =
      """
      package p;
      class W extends Thread {
        public void run() {}
        public void poke() {}
        private void quiet() {}
        W() {}
      }
      class Many implements Runnable {
        public void run() {}
      }
      """;

  @Test
  void runOfAThreadRunsOnThatThread() {
    assertThat(contexts(SOURCE, "p.W", "run"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(ThreadContext.Kind.THREAD);
              assertThat(c.selfParallel()).isFalse();
              assertThat(c.description()).isEqualTo("run() of the thread W");
            });
  }

  @Test
  void aTaskStartedInALoopRunsInParallelWithItself() {
    assertThat(contexts(SOURCE, "p.Many", "run"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.selfParallel()).isTrue();
              assertThat(c.description()).contains("the task Many", "created in a loop");
            });
  }

  @Test
  void otherNonPrivateMethodsAreApiAndPrivateOnesAndConstructorsAreNot() {
    assertThat(contexts(SOURCE, "p.W", "poke"))
        .extracting(ThreadContext::kind)
        .containsExactly(ThreadContext.Kind.API);
    assertThat(contexts(SOURCE, "p.W", "quiet")).isEmpty();
    assertThat(contexts(SOURCE, "p.W", "<init>")).isEmpty();
  }
}
