package dev.threadlint.maven;

import dev.threadlint.AnalysisRequest;
import dev.threadlint.cache.FactsCache;
import java.io.File;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Parameters and the analysis run shared by the goals; the goals only decide what to do with it.
 */
abstract class AbstractThreadlintMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /** Skips threadlint. */
  @Parameter(property = "threadlint.skip", defaultValue = "false")
  protected boolean skip;

  /** Also analyses the test source roots. */
  @Parameter(property = "threadlint.includeTests", defaultValue = "false")
  protected boolean includeTests;

  /** Also analyses generated sources (roots under the build directory). */
  @Parameter(property = "threadlint.includeGeneratedSources", defaultValue = "false")
  protected boolean includeGeneratedSources;

  /**
   * Source roots to analyse instead of the module's compile source roots (and test roots with
   * {@code includeTests}).
   */
  @Parameter protected List<File> sourceRoots;

  /** Globs (relative to the module directory) a file must match to be analysed; all when empty. */
  @Parameter protected List<String> includes;

  /** Globs (relative to the module directory) of files not to analyse. */
  @Parameter protected List<String> excludes;

  /** Rule ids or families to run; all when empty. */
  @Parameter(property = "threadlint.enable")
  protected List<String> enable;

  /** Rule ids or families not to run. */
  @Parameter(property = "threadlint.disable")
  protected List<String> disable;

  /** Worker threads; 0 means one per available processor. */
  @Parameter(property = "threadlint.threads", defaultValue = "0")
  protected int threads;

  /** Java language level of the sources, e.g. 17 or 21; by default the newest threadlint knows. */
  @Parameter(property = "threadlint.languageLevel", defaultValue = "newest")
  protected String languageLevel;

  /** Source encoding. */
  @Parameter(property = "threadlint.encoding", defaultValue = "${project.build.sourceEncoding}")
  protected String encoding;

  /** The baseline: findings recorded in it do not fail the build. */
  @Parameter(
      property = "threadlint.baseline",
      defaultValue = "${project.basedir}/threadlint-baseline.json")
  protected File baselineFile;

  /** Where reports are written. */
  @Parameter(defaultValue = "${project.build.directory}/threadlint")
  protected File outputDirectory;

  /**
   * The analysis of the given roots, with paths relative to {@code baseDir}.
   *
   * @throws MojoExecutionException for a bad parameter (named in the message)
   */
  protected AnalysisRequest request(Path baseDir, List<Path> roots) throws MojoExecutionException {
    try {
      return new AnalysisRequest(
          baseDir,
          roots,
          nonNull(includes),
          nonNull(excludes),
          Set.copyOf(nonNull(enable)),
          Set.copyOf(nonNull(disable)),
          threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
          charset(),
          languageLevel,
          FactsCache.NONE);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("threadlint: " + e.getMessage(), e);
    }
  }

  /** The module's existing source roots: compile roots, test roots with includeTests. */
  protected List<Path> roots(MavenProject module) {
    Set<Path> roots = new LinkedHashSet<>();
    if (sourceRoots != null && !sourceRoots.isEmpty()) {
      sourceRoots.forEach(f -> roots.add(f.toPath()));
    } else {
      module.getCompileSourceRoots().forEach(r -> roots.add(Path.of(r)));
      if (includeTests) {
        module.getTestCompileSourceRoots().forEach(r -> roots.add(Path.of(r)));
      }
    }
    Path buildDirectory = Path.of(module.getBuild().getDirectory()).toAbsolutePath().normalize();
    List<Path> existing = new ArrayList<>();
    for (Path root : roots) {
      Path absolute = root.toAbsolutePath().normalize();
      boolean generated = absolute.startsWith(buildDirectory);
      if (Files.isDirectory(absolute) && (includeGeneratedSources || !generated)) {
        existing.add(absolute);
      }
    }
    return existing;
  }

  private Charset charset() throws MojoExecutionException {
    if (encoding == null || encoding.isBlank()) {
      getLog()
          .warn(
              "threadlint: no encoding set (project.build.sourceEncoding), reading sources as UTF-8");
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(
          "threadlint.encoding: unknown charset '" + encoding + "'", e);
    }
  }

  private static List<String> nonNull(List<String> list) {
    return list == null ? List.of() : list;
  }
}
