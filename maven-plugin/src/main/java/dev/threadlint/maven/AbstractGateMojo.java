package dev.threadlint.maven;

import dev.threadlint.AnalysisRequest;
import dev.threadlint.Check;
import dev.threadlint.findings.Severity;
import dev.threadlint.report.Reporters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The goals that gate a build ({@code check}, {@code aggregate}): run {@link Check}, print what it
 * decided in Maven's form, fail by severity. Which sources, and relative to what, is theirs.
 */
abstract class AbstractGateMojo extends AbstractThreadlintMojo {

  /** Lowest severity that fails the build: error, warning, info or none. */
  @Parameter(property = "threadlint.failOnSeverity", defaultValue = "warning")
  private String failOnSeverity;

  /** Extra report formats besides SARIF (always written): html, checkstyle, codeclimate, text. */
  @Parameter(property = "threadlint.formats")
  private List<String> formats;

  /**
   * A git ref (branch, tag, commit): only findings on lines changed since the merge base of HEAD
   * and this ref fail the build; the others are listed as existing. Pull-request gating without a
   * baseline.
   */
  @Parameter(property = "threadlint.newSince")
  private String newSince;

  /**
   * Where the analysis runs: {@code auto} (in a JVM of its own with the command line's batch
   * settings when it starts without a cache over 1,000 Java files or more, in Maven's JVM
   * otherwise), {@code always} or {@code never}. The findings, reports and log are the same.
   */
  @Parameter(property = "threadlint.fork", defaultValue = "auto")
  private String fork;

  /** Runs the gate over {@code request}, whose base directory also holds the baseline default. */
  protected void gate(AnalysisRequest request, Path outputDir)
      throws MojoExecutionException, MojoFailureException {
    GateRequest gate =
        GateRequest.of(
            request,
            cacheDirectory(),
            baselineFile.toPath(),
            newSince,
            formats(),
            outputDir,
            threshold());
    GateOutcome outcome = run(gate, outputDir);
    for (GateOutcome.Line line : outcome.lines()) {
      switch (line.level()) {
        case ERROR -> getLog().error(line.text());
        case WARN -> getLog().warn(line.text());
        case INFO -> getLog().info(line.text());
      }
    }
    if (outcome.error() != null) {
      throw new MojoExecutionException(outcome.error());
    }
    if (outcome.failure() != null) {
      throw new MojoFailureException(outcome.failure());
    }
  }

  private GateOutcome run(GateRequest gate, Path outputDir) throws MojoExecutionException {
    Optional<String> classPath = AnalysisFork.classPath(getClass().getClassLoader());
    try {
      if (classPath.isEmpty()
          || AnalysisFork.javaExecutable().isEmpty()
          || !AnalysisFork.wanted(forkMode(), gate)) {
        return GateRun.run(gate);
      }
      getLog().info("threadlint: analysing in a JVM of its own (threadlint.fork)");
      return AnalysisFork.run(
          gate,
          classPath.get(),
          outputDir.resolve("fork"),
          printed -> getLog().warn("threadlint (analysis JVM): " + printed));
    } catch (IOException e) {
      throw new MojoExecutionException("threadlint: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("threadlint: interrupted", e);
    }
  }

  private AnalysisFork.Mode forkMode() throws MojoExecutionException {
    try {
      return AnalysisFork.Mode.parse(fork);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }

  /** SARIF always, then the requested formats (each one checked), one file each. */
  private List<String> formats() throws MojoExecutionException {
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
    try {
      for (String format : wanted) {
        Reporters.require(format, "threadlint.formats");
      }
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
    return List.copyOf(wanted);
  }

  private Optional<Severity> threshold() throws MojoExecutionException {
    if (failOnSeverity.equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Severity.parse(failOnSeverity));
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(
          "threadlint.failOnSeverity: expected error, warning, info or none, got '"
              + failOnSeverity
              + "'");
    }
  }
}
