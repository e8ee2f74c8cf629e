package dev.threadlint.maven;

import dev.threadlint.Check;
import dev.threadlint.filters.Baseline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Records the module's current findings in the baseline file, so that {@code check} fails only on
 * new ones: the way to adopt threadlint on a large existing codebase.
 */
@Mojo(name = "baseline", threadSafe = true)
public class BaselineMojo extends AbstractThreadlintMojo {

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
    Baseline baseline;
    try {
      baseline =
          Check.writeBaseline(request(project.getBasedir().toPath(), roots), baselineFile.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException(
          "threadlint.baseline: cannot write " + baselineFile + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new MojoExecutionException("threadlint: " + e.getMessage(), e);
    }
    getLog()
        .info("threadlint: wrote " + baseline.entries().size() + " findings to " + baselineFile);
  }
}
