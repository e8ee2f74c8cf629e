package dev.threadlint.maven;

import dev.threadlint.CheckResult;
import dev.threadlint.findings.Finding;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a gate run has to say in the build's log, line by line, and how it ends: passed, failed (the
 * findings that count reach the threshold) or in error (a bad parameter, a report that cannot be
 * written, an analysis that failed). Plain values, so that a gate run in a JVM of its own hands
 * back exactly what one in Maven's JVM prints.
 *
 * @param lines the log, in order
 * @param failure the paragraph a failed build ends with, or null
 * @param error why the run could not be done, or null
 */
record GateOutcome(List<Line> lines, String failure, String error) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The level of a log line. */
  enum Level {
    ERROR,
    WARN,
    INFO
  }

  /** One line of the log. */
  record Line(Level level, String text) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  GateOutcome {
    lines = List.copyOf(lines);
  }

  /** A run that could not be done, after what it logged on the way. */
  static GateOutcome error(List<Line> logged, String why) {
    return new GateOutcome(logged, null, why);
  }

  /**
   * What the gate says of a finished check: each finding that counts at its severity, the notes
   * (baseline, new-since), the summary; and the failure when a counted finding reaches the
   * threshold.
   *
   * @param logged what was logged on the way (the cache's warnings), first
   */
  static GateOutcome of(CheckResult result, GateRequest request, List<Line> logged) {
    List<Line> lines = new ArrayList<>(logged);
    Path baseDir = Path.of(request.baseDir());
    for (Finding finding : result.findings()) {
      Level level =
          switch (finding.severity()) {
            case ERROR -> Level.ERROR;
            case WARNING -> Level.WARN;
            case INFO -> Level.INFO;
          };
      lines.add(new Line(level, MavenOutput.line(baseDir, finding)));
    }
    result.notes().forEach(note -> lines.add(new Line(Level.INFO, "threadlint: " + note)));
    if (result.hasStaleBaselineEntries()) {
      lines.add(
          new Line(
              Level.INFO,
              "threadlint: run 'mvn threadlint:baseline' to rewrite " + request.baseline()));
    }
    lines.add(new Line(Level.INFO, MavenOutput.summary(result)));
    String failure =
        result.fails(request.threshold())
            ? MavenOutput.failure(
                result.counted(),
                request.threshold().get(),
                result.reports(),
                result.newSince().isPresent())
            : null;
    return new GateOutcome(lines, failure, null);
  }
}
