package dev.threadlint.cli;

import dev.threadlint.AnalysisRequest;
import dev.threadlint.findings.Severity;
import dev.threadlint.report.Reporter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The validated command line: what to analyse, how to report, when to fail. */
record CliConfig(
    AnalysisRequest request, List<Reporter> reporters, Path output, Optional<Severity> failOn) {
  CliConfig {
    reporters = List.copyOf(reporters);
  }
}
