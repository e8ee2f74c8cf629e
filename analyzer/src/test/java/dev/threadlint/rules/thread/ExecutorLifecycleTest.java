package dev.threadlint.rules.thread;

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

/**
 * Java 21 cases that the Java 17 fixture module cannot compile: ExecutorService is AutoCloseable
 * there, and try-with-resources shuts it down.
 */
class ExecutorLifecycleTest {
  @TempDir Path dir;

  private List<String> findings(String source) throws IOException {
    Files.writeString(dir.resolve("Jobs.java"), source);
    return Analyzer.run(
            AnalysisRequest.of(dir, List.of(dir))
                .withRules(Set.of("executor-not-shutdown", "unjoined-thread"), Set.of()))
        .findings()
        .stream()
        .map(f -> f.ruleId() + "@" + f.location().startLine())
        .toList();
  }

  @Test
  void tryWithResourcesClosesTheExecutor() throws IOException {
    assertThat(
            findings(
                """
                import java.util.concurrent.*;
                class Jobs {
                  int run(Callable<Integer> task) throws Exception {
                    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                      return pool.submit(task).get();
                    }
                  }
                }
                """))
        .isEmpty();
  }

  @Test
  void executorLeakedOnAnEarlyReturn() throws IOException {
    assertThat(
            findings(
                """
                import java.util.concurrent.*;
                class Jobs {
                  void run(Runnable task, boolean skip) {
                    ExecutorService pool = Executors.newCachedThreadPool();
                    if (skip) {
                      return;
                    }
                    pool.execute(task);
                    pool.shutdown();
                  }
                }
                """))
        .containsExactly("executor-not-shutdown@4");
  }

  @Test
  void virtualThreadsAreDaemon() throws IOException {
    assertThat(
            findings(
                """
                import java.util.concurrent.*;
                class Jobs {
                  void run(Runnable task) {
                    Thread.startVirtualThread(task);
                    Thread.ofVirtual().start(task);
                    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
                    pool.execute(task);
                  }
                }
                """))
        .isEmpty();
  }

  @Test
  void platformBuilderThreadIsTracked() throws IOException {
    assertThat(
            findings(
                """
                class Jobs {
                  void run(Runnable task) {
                    Thread.ofPlatform().name("worker").start(task);
                    Thread.ofPlatform().daemon(true).start(task);
                  }
                }
                """))
        .containsExactly("unjoined-thread@3");
  }
}
