package dev.threadlint.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.UUID;

/**
 * Writes a file so that readers see the old content or the whole new one, never half: the bytes go
 * to a sibling temporary file (created with ordinary permissions) that is then moved into place.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What writes the content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  public static void write(Path target, Content content) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out =
          Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        content.writeTo(out);
      }
      Files.move(
          temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Deletes the temporary files ({@code .*.tmp}) in {@code dir} last written longer than {@code
   * age} ago: a process killed while writing (a build stopped, a machine gone) leaves one behind,
   * and nothing else would remove it. A writer still at work has touched its file more recently.
   * Failures are ignored: another process may delete the same file, or own it.
   */
  public static void deleteStale(Path dir, Duration age) {
    deleteStale(dir, ".*.tmp", age);
  }

  /** The same for the temporary files whose names match {@code glob}. */
  public static void deleteStale(Path dir, String glob, Duration age) {
    FileTime before = FileTime.fromMillis(System.currentTimeMillis() - age.toMillis());
    try (DirectoryStream<Path> temporaries = Files.newDirectoryStream(dir, glob)) {
      for (Path temporary : temporaries) {
        try {
          if (Files.getLastModifiedTime(temporary).compareTo(before) < 0) {
            Files.deleteIfExists(temporary);
          }
        } catch (IOException e) {
          // gone already, or not ours to delete
        }
      }
    } catch (IOException e) {
      // no directory yet, or not readable: nothing to clean
    }
  }
}
