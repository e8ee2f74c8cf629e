package dev.threadlint.maven;

import dev.threadlint.AnalysisResult;
import dev.threadlint.io.AtomicFiles;
import dev.threadlint.report.Reporter;
import dev.threadlint.report.Reporters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;

/** Writes SARIF always, and the other requested formats, into the output directory. */
final class Reports {
  private Reports() {}

  static List<Path> write(AnalysisResult result, Path directory, List<String> formats)
      throws MojoExecutionException {
    Set<String> wanted = new LinkedHashSet<>();
    wanted.add("sarif");
    if (formats != null) {
      for (String format : formats) {
        for (String part : format.split(",")) {
          if (!part.isBlank()) {
            wanted.add(part.strip().toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    List<Path> written = new ArrayList<>();
    for (String format : wanted) {
      Reporter reporter =
          Reporters.byFormat(format)
              .orElseThrow(
                  () ->
                      new MojoExecutionException(
                          "threadlint.formats: unknown format '"
                              + format
                              + "' (known: "
                              + String.join(", ", Reporters.formats())
                              + ")"));
      Path target = directory.resolve(reporter.defaultFileName());
      try {
        AtomicFiles.write(target, out -> reporter.write(result, out));
      } catch (IOException e) {
        throw new MojoExecutionException(
            "threadlint: cannot write " + target + ": " + e.getMessage(), e);
      }
      written.add(target);
    }
    return written;
  }
}
