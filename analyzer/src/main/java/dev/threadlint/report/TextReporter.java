package dev.threadlint.report;

import dev.threadlint.AnalysisResult;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The console format of DESIGN §5: one line per finding, {@code path:LINE:COL: severity: [id]
 * message}, then a summary line that the benchmark scripts grep ({@code files= lines= findings=
 * elapsed_ms=}).
 */
public final class TextReporter implements Reporter {
  @Override
  public String format() {
    return "text";
  }

  @Override
  public String defaultFileName() {
    return "threadlint.txt";
  }

  @Override
  public void write(AnalysisResult result, OutputStream out) throws IOException {
    PrintWriter writer =
        new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
    for (Finding finding : result.findings()) {
      writer.println(line(finding));
    }
    writer.println(summary(result));
    writer.flush();
    if (writer.checkError()) {
      throw new IOException("could not write the text report");
    }
  }

  /** One finding in the DESIGN §5 form. */
  public static String line(Finding finding) {
    return String.format(
        Locale.ROOT,
        "%s:%d:%d: %s: [%s] %s",
        finding.location().path(),
        finding.location().startLine(),
        finding.location().startColumn(),
        finding.severity().label(),
        finding.ruleId(),
        finding.message());
  }

  /** The closing summary line. */
  public static String summary(AnalysisResult result) {
    Map<Severity, Long> counts = result.countBySeverity();
    return String.format(
        Locale.ROOT,
        "threadlint: files=%d lines=%d findings=%d errors=%d warnings=%d infos=%d"
            + " parse_errors=%d suppressed=%d elapsed_ms=%d (%.2f s)",
        result.files(),
        result.lines(),
        result.findings().size(),
        counts.get(Severity.ERROR),
        counts.get(Severity.WARNING),
        counts.get(Severity.INFO),
        result.parseErrors(),
        result.suppressed(),
        result.elapsedMillis(),
        result.elapsedMillis() / 1000.0);
  }
}
