package dev.threadlint.maven;

import dev.threadlint.AnalysisResult;
import dev.threadlint.filters.Baseline;
import dev.threadlint.filters.BaselineFilter;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Analyses the module's sources for concurrency bugs, prints each finding in Maven's form, writes
 * the reports, and fails the build when a finding at or above {@code failOnSeverity} is not in the
 * baseline.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends AbstractThreadlintMojo {

  /** Lowest severity that fails the build: error, warning, info or none. */
  @Parameter(property = "threadlint.failOnSeverity", defaultValue = "warning")
  private String failOnSeverity;

  /** Extra report formats besides SARIF (always written): html, checkstyle, text. */
  @Parameter(property = "threadlint.formats")
  private List<String> formats;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("threadlint: skipped (threadlint.skip)");
      return;
    }
    Severity threshold = threshold();
    AnalysisResult result = analyze();
    if (result == null) {
      return;
    }
    BaselineFilter.Result baselined = applyBaseline(result);
    AnalysisResult reported = result.withFindings(baselined.kept());
    for (Finding finding : reported.findings()) {
      MavenOutput.log(getLog(), project.getBasedir().toPath(), finding);
    }
    List<Path> written = Reports.write(reported, outputDirectory.toPath(), formats);
    getLog().info(MavenOutput.summary(reported, baselined));
    if (threshold != null && reported.hasFindingsAtLeast(threshold)) {
      throw new MojoFailureException(MavenOutput.failure(reported, threshold, written));
    }
  }

  private BaselineFilter.Result applyBaseline(AnalysisResult result) throws MojoExecutionException {
    Path file = baselineFile.toPath();
    if (!Files.exists(file)) {
      return new BaselineFilter.Result(result.findings(), 0, List.of());
    }
    try {
      BaselineFilter.Result filtered = BaselineFilter.apply(result.findings(), Baseline.read(file));
      if (!filtered.stale().isEmpty()) {
        getLog()
            .info(
                "threadlint: "
                    + filtered.stale().size()
                    + " baseline entries in "
                    + file
                    + " no longer match any finding and can be removed (run threadlint:baseline)");
        filtered.stale().forEach(entry -> getLog().info("  no longer found: " + entry.describe()));
      }
      return filtered;
    } catch (IOException e) {
      throw new MojoExecutionException("threadlint.baseline: " + e.getMessage(), e);
    }
  }

  private Severity threshold() throws MojoExecutionException {
    if (failOnSeverity.equalsIgnoreCase("none")) {
      return null;
    }
    try {
      return Severity.parse(failOnSeverity);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(
          "threadlint.failOnSeverity: expected error, warning, info or none, got '"
              + failOnSeverity
              + "'");
    }
  }
}
