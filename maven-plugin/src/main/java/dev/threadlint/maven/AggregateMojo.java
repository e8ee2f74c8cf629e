package dev.threadlint.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Analyses the sources of every module of the reactor together, so that calls, locks and races that
 * cross module boundaries are seen (a lock-order cycle between two modules is invisible to each
 * module's {@code check}); writes one report set under the root's {@code target/threadlint/} and
 * fails like {@code check}. An aggregator: it runs once, for the project Maven was started in; run
 * it after the modules with {@code mvn verify threadlint:aggregate}.
 */
@Mojo(
    name = "aggregate",
    aggregator = true,
    defaultPhase = LifecyclePhase.VERIFY,
    threadSafe = true)
public class AggregateMojo extends AbstractGateMojo {

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("threadlint: skipped (threadlint.skip)");
      return;
    }
    Set<Path> unique = new LinkedHashSet<>();
    for (MavenProject module : session.getProjects()) {
      unique.addAll(roots(module));
    }
    List<Path> roots = new ArrayList<>(unique);
    if (roots.isEmpty()) {
      getLog().info("threadlint: no Java sources in the reactor, skipping");
      return;
    }
    getLog()
        .info(
            "threadlint: analysing "
                + roots.size()
                + " source roots of "
                + session.getProjects().size()
                + " projects together");
    gate(request(project.getBasedir().toPath(), roots, false), outputDirectory.toPath());
  }
}
