package dev.threadlint.maven;

import dev.threadlint.AnalysisAbortedException;
import dev.threadlint.AnalysisRequest;
import dev.threadlint.Check;
import dev.threadlint.CheckRequest;
import dev.threadlint.CheckResult;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Severity;
import dev.threadlint.report.ReportTarget;
import dev.threadlint.report.Reporters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /** Runs the gate over {@code request}, whose base directory also holds the baseline default. */
  protected void gate(AnalysisRequest request, Path outputDir)
      throws MojoExecutionException, MojoFailureException {
    Optional<Severity> threshold = threshold();
    CheckRequest check =
        CheckRequest.of(request)
            .withBaseline(baselineFile.toPath(), false)
            .withNewSince(newSince)
            .withReports(targets(outputDir));
    CheckResult result;
    try {
      result = Check.run(check);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("threadlint: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("threadlint: cannot write a report: " + e.getMessage(), e);
    } catch (AnalysisAbortedException | UncheckedIOException e) {
      throw new MojoExecutionException("threadlint: analysis failed: " + e.getMessage(), e);
    }
    for (Finding finding : result.findings()) {
      MavenOutput.log(getLog(), request.baseDir(), finding);
    }
    result.notes().forEach(note -> getLog().info("threadlint: " + note));
    if (result.hasStaleBaselineEntries()) {
      getLog().info("threadlint: run 'mvn threadlint:baseline' to rewrite " + baselineFile);
    }
    getLog().info(MavenOutput.summary(result));
    if (result.fails(threshold)) {
      throw new MojoFailureException(
          MavenOutput.failure(
              result.counted(), threshold.get(), result.reports(), result.newSince().isPresent()));
    }
  }

  /** SARIF always, then the requested formats, one file each in the output directory. */
  private List<ReportTarget> targets(Path directory) throws MojoExecutionException {
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
    List<ReportTarget> targets = new ArrayList<>();
    try {
      for (String format : wanted) {
        targets.add(
            ReportTarget.inDirectory(Reporters.require(format, "threadlint.formats"), directory));
      }
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
    return targets;
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
