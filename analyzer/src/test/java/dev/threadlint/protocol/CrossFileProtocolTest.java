package dev.threadlint.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadlint.AnalysisRequest;
import dev.threadlint.Analyzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Helper calls of other files, resolved on the model's call graph in the project phase. */
class CrossFileProtocolTest {
  @TempDir Path dir;

  private static final String POOL =
      """
      package p;
      import java.util.concurrent.Semaphore;
      public class Pool {
        private final Semaphore slots = new Semaphore(4);
        public void take() throws InterruptedException { slots.acquire(); }
        public void giveBack() { slots.release(); }
      }
      """;

  private List<String> findings(String user, String... more) throws IOException {
    Files.createDirectories(dir.resolve("p"));
    Files.writeString(dir.resolve("p/Pool.java"), POOL);
    Files.writeString(dir.resolve("p/User.java"), user);
    for (int i = 0; i < more.length; i++) {
      Files.writeString(dir.resolve("p/More" + i + ".java"), more[i]);
    }
    return Analyzer.run(
            AnalysisRequest.of(dir, List.of(dir))
                .withRules(Set.of("semaphore-not-released"), Set.of()))
        .findings()
        .stream()
        .map(f -> f.ruleId() + "@" + f.location().startLine())
        .toList();
  }

  @Test
  void helpersAreFollowedThroughParametersAndLocals() throws IOException {
    assertThat(
            findings(
                """
                package p;
                class User {
                  void viaParameter(Pool pool, Runnable work) throws InterruptedException {
                    pool.take();
                    work.run();
                    pool.giveBack();
                  }
                  void viaLocal(Runnable work) throws InterruptedException {
                    Pool pool = new Pool();
                    pool.take();
                    try { work.run(); } finally { pool.giveBack(); }
                  }
                }
                """))
        .containsExactly("semaphore-not-released@4");
  }

  @Test
  void aCallThatMayRunAnOverrideIsNotFollowed() throws IOException {
    assertThat(
            findings(
                """
                package p;
                class User {
                  void run(Pool pool, Runnable work) throws InterruptedException {
                    pool.take();
                    work.run();
                    pool.giveBack();
                  }
                }
                """,
                """
                package p;
                class QuietPool extends Pool {
                  @Override public void take() {}
                }
                """))
        .isEmpty();
  }
}
