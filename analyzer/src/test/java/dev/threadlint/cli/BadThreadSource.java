package dev.threadlint.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A source file with one finding (thread-run-direct at 6:7), for tests of the command line. */
final class BadThreadSource {
  private BadThreadSource() {}

  /** Writes it as {@code src/demo/Starter.java} below {@code dir} and returns its path. */
  static Path writeBelow(Path dir) throws IOException {
    Path file = dir.resolve("src/demo/Starter.java");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        package demo;

        class Starter {
          void go() {
            Thread t = new Thread(() -> {});
            t.run();
          }
        }
        """);
    return file;
  }
}
