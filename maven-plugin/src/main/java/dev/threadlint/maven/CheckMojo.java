package dev.threadlint.maven;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Analyses the module's sources for concurrency bugs, prints each finding in Maven's form, writes
 * the reports, and fails the build when a finding at or above {@code failOnSeverity} counts: not in
 * the baseline and, with {@code newSince}, on a changed line.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends AbstractGateMojo {

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("threadlint: skipped (threadlint.skip)");
      return;
    }
    List<Path> roots = roots(project);
    if (roots.isEmpty()) {
      getLog().info("threadlint: no Java sources in " + project.getArtifactId() + ", skipping");
      return;
    }
    gate(request(project.getBasedir().toPath(), roots, false), outputDirectory.toPath());
  }
}
