package dev.threadlint.source;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A Java source file to analyse.
 *
 * @param path absolute, normalised path
 * @param relativePath path relative to the analysis base directory with {@code /} separators, or
 *     the absolute path when the file lies outside it; used in every report
 */
public record SourceFile(Path path, String relativePath) implements Serializable {
  public SourceFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(relativePath, "relativePath");
  }

  /** A source file named relative to {@code baseDir} where it lies below it. */
  public static SourceFile of(Path path, Path baseDir) {
    Path absolute = path.toAbsolutePath().normalize();
    Path base = baseDir.toAbsolutePath().normalize();
    String relative =
        absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
    return new SourceFile(absolute, relative.replace('\\', '/'));
  }

  /** A {@link Path} is not serializable: the cache stores the file as two strings. */
  private Object writeReplace() {
    return new Stored(path.toString(), relativePath);
  }

  /** The stored form of a source file. */
  private record Stored(String path, String relativePath) implements Serializable {
    private Object readResolve() {
      return new SourceFile(Path.of(path), relativePath);
    }
  }
}
