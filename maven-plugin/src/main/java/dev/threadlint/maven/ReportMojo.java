package dev.threadlint.maven;

import dev.threadlint.AnalysisAbortedException;
import dev.threadlint.AnalysisResult;
import dev.threadlint.Check;
import dev.threadlint.CheckRequest;
import dev.threadlint.report.ReportTarget;
import dev.threadlint.report.Reporters;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.reporting.MavenReport;
import org.apache.maven.reporting.MavenReportException;

/**
 * The threadlint page of {@code mvn site}: every finding of the module, by rule (linked to the
 * rule's page) and by file. Declared under {@code <reporting>}, as the SpotBugs and PMD reports
 * are; run alone ({@code mvn threadlint:report}) it writes the standalone HTML report into the site
 * directory instead.
 */
@Mojo(name = "report", threadSafe = true)
public class ReportMojo extends AbstractThreadlintMojo implements MavenReport {

  /** Where the site is generated. */
  @Parameter(defaultValue = "${project.reporting.outputDirectory}", readonly = true)
  private File reportOutputDirectory;

  @Override
  public void execute() throws MojoExecutionException {
    if (skip) {
      getLog().info("threadlint: skipped (threadlint.skip)");
      return;
    }
    List<Path> roots = roots(project);
    if (roots.isEmpty()) {
      getLog().info("threadlint: no Java sources in " + project.getArtifactId() + ", skipping");
      return;
    }
    Path page = reportOutputDirectory.toPath().resolve(getOutputName() + ".html");
    try {
      Check.run(
          CheckRequest.of(request(project.getBasedir().toPath(), roots))
              .withReports(List.of(ReportTarget.file(Reporters.require("html", "report"), page))));
    } catch (IOException | RuntimeException e) {
      throw new MojoExecutionException("threadlint: " + e.getMessage(), e);
    }
    getLog().info("threadlint: wrote " + page);
  }

  @Override
  public void generate(Sink sink, Locale locale) throws MavenReportException {
    AnalysisResult result;
    try {
      result =
          Check.run(CheckRequest.of(request(project.getBasedir().toPath(), roots(project))))
              .counted();
    } catch (MojoExecutionException
        | IOException
        | AnalysisAbortedException
        | IllegalArgumentException e) {
      throw new MavenReportException("threadlint: " + e.getMessage(), e);
    }
    new SiteReport(sink).render(result);
  }

  @Override
  public String getOutputName() {
    return "threadlint";
  }

  @Override
  public String getCategoryName() {
    return CATEGORY_PROJECT_REPORTS;
  }

  @Override
  public String getName(Locale locale) {
    return "threadlint";
  }

  @Override
  public String getDescription(Locale locale) {
    return "Concurrency bugs found by threadlint: races, lock and semaphore misuse, thread"
        + " lifecycle, deadlocks.";
  }

  @Override
  public void setReportOutputDirectory(File directory) {
    this.reportOutputDirectory = directory;
  }

  @Override
  public File getReportOutputDirectory() {
    return reportOutputDirectory;
  }

  @Override
  public boolean isExternalReport() {
    return false;
  }

  /** Nothing to report without sources, and nothing when skipped. */
  @Override
  public boolean canGenerateReport() {
    return !skip && !roots(project).isEmpty();
  }
}
