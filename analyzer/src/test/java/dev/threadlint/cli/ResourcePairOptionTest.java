package dev.threadlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resource-pair}: declared semaphore-like APIs are followed; bad specs are usage errors.
 */
class ResourcePairOptionTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Path writeLeak() throws IOException {
    Path file = dir.resolve("Api.java");
    Files.writeString(
        file,
        """
        package demo;
        class Api {
          private final Limiter limiter = new Limiter();
          void call(Runnable task) {
            limiter.take();
            task.run();
            limiter.give();
          }
        }
        """);
    return file;
  }

  @Test
  void declaredPairIsFollowed() throws IOException {
    Path file = writeLeak();
    assertThat(run("--fail-on", "warning", file.toString())).isZero();
    assertThat(run("--resource-pair", "Limiter#take:give", file.toString())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Api.java:5:")
        .contains("[semaphore-not-released]");
  }

  @Test
  void badSpecExitsTwoNamingTheOption() throws IOException {
    int code = run("--resource-pair", "Limiter#take", writeLeak().toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--resource-pair")
        .contains("Limiter#take")
        .contains("Type#acquire");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
