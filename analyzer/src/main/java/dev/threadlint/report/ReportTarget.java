package dev.threadlint.report;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one report goes: a file (written atomically) or a stream the caller owns (the console).
 *
 * @param reporter the format
 * @param file the file to write, or empty for {@code stream}
 * @param stream the stream to write when there is no file; never closed
 */
public record ReportTarget(Reporter reporter, Optional<Path> file, OutputStream stream) {
  public ReportTarget {
    Objects.requireNonNull(reporter, "reporter");
    Objects.requireNonNull(file, "file");
    if (file.isEmpty() && stream == null) {
      throw new IllegalArgumentException("report target: a file or a stream is needed");
    }
  }

  public static ReportTarget file(Reporter reporter, Path file) {
    return new ReportTarget(reporter, Optional.of(file), null);
  }

  public static ReportTarget stream(Reporter reporter, OutputStream stream) {
    return new ReportTarget(reporter, Optional.empty(), stream);
  }

  /** One file per format, named by the format, in {@code directory}. */
  public static ReportTarget inDirectory(Reporter reporter, Path directory) {
    return file(reporter, directory.resolve(reporter.defaultFileName()));
  }
}
