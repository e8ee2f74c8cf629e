package dev.threadlint.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the {@code .java} files below the given roots (directories or single files). Links are
 * followed but every real file is listed once, so duplicate or nested roots and symlink loops do no
 * harm. Include and exclude globs match the path relative to the base directory; the result is
 * sorted by that path, so every run sees the same order.
 */
public final class SourceScanner {
  private final Path baseDir;
  private final List<PathMatcher> includes;
  private final List<PathMatcher> excludes;

  /**
   * @param baseDir the directory that relative paths in reports start from
   * @param includes globs a file must match one of (all files when empty)
   * @param excludes globs no file may match
   */
  public SourceScanner(Path baseDir, List<String> includes, List<String> excludes) {
    this.baseDir = baseDir.toAbsolutePath().normalize();
    FileSystem fs = FileSystems.getDefault();
    this.includes = includes.stream().map(g -> fs.getPathMatcher("glob:" + g)).toList();
    this.excludes = excludes.stream().map(g -> fs.getPathMatcher("glob:" + g)).toList();
  }

  /**
   * Lists the sources below every root.
   *
   * @throws java.nio.file.NoSuchFileException when a root does not exist
   */
  public List<SourceFile> scan(List<Path> roots) throws IOException {
    // each real file once: by the file system's key of the file (device and inode), which the walk
    // reads anyway; by its real path where there is no such key (a path per file cost 50-100 ms)
    Map<Object, SourceFile> byRealPath = new HashMap<>();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        throw new java.nio.file.NoSuchFileException(
            root.toString(), null, "no such file or directory");
      }
      if (Files.isRegularFile(root)) {
        add(root, Files.readAttributes(root, BasicFileAttributes.class), byRealPath, true);
        continue;
      }
      Files.walkFileTree(
          root,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".java")) {
                add(file, attrs, byRealPath, false);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              // A symlink loop or an unreadable directory: skip it, the rest is still worth
              // reading.
              return FileVisitResult.CONTINUE;
            }
          });
    }
    List<SourceFile> files = new ArrayList<>(byRealPath.values());
    files.sort(java.util.Comparator.comparing(SourceFile::relativePath));
    return files;
  }

  private void add(
      Path file, BasicFileAttributes attrs, Map<Object, SourceFile> byRealPath, boolean explicit) {
    SourceFile source = SourceFile.of(file, baseDir);
    if (!explicit
        && !(includes.isEmpty() && excludes.isEmpty())
        && !matches(Path.of(source.relativePath()))) {
      return;
    }
    Object real = attrs.fileKey();
    if (real == null) {
      try {
        real = file.toRealPath();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot resolve " + file, e);
      }
    }
    byRealPath.putIfAbsent(real, source);
  }

  private boolean matches(Path relative) {
    boolean included = includes.isEmpty() || includes.stream().anyMatch(m -> m.matches(relative));
    boolean excluded = excludes.stream().anyMatch(m -> m.matches(relative));
    return included && !excluded;
  }
}
