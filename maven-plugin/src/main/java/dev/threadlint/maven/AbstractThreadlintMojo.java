package dev.threadlint.maven;

import dev.threadlint.AnalysisRequest;
import dev.threadlint.QuickCompiles;
import dev.threadlint.cache.DiskCache;
import dev.threadlint.cache.FactsCache;
import dev.threadlint.models.ResourcePair;
import java.io.File;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
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

  /**
   * Java language level of the sources, e.g. 17 or 21; by default the module's {@code
   * maven.compiler.release}, else the newest threadlint knows (target release then unknown).
   */
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

  /**
   * Semaphore-like APIs of the project or its libraries, each {@code
   * Type#acquire[,tryAcquire...]:release}; the semaphore rules follow their calls.
   */
  @Parameter protected List<String> resourcePairs;

  /** Where reports are written. */
  @Parameter(defaultValue = "${project.build.directory}/threadlint")
  protected File outputDirectory;

  /**
   * Keep what was learnt about each file in {@code target/threadlint/cache}, so that an unchanged
   * file is not analysed again; a stale or broken cache is ignored with a warning.
   */
  @Parameter(property = "threadlint.cache", defaultValue = "true")
  protected boolean useCache;

  /** Let the lexical pre-scan leave out files that cannot matter to any rule. */
  @Parameter(property = "threadlint.prescan", defaultValue = "true")
  protected boolean prescan;

  /**
   * The analysis of the given roots, with paths relative to {@code baseDir}.
   *
   * @throws MojoExecutionException for a bad parameter (named in the message)
   */
  protected AnalysisRequest request(Path baseDir, List<Path> roots) throws MojoExecutionException {
    return request(baseDir, roots, true);
  }

  /**
   * The analysis of the given roots; with {@code withCache} false, without opening the cache (a
   * gate opens {@link #cacheDirectory} where it runs, see {@link GateRequest}).
   */
  protected AnalysisRequest request(Path baseDir, List<Path> roots, boolean withCache)
      throws MojoExecutionException {
    // Maven's JVM is shared: only threadlint's and JavaParser's methods are kept from C2
    QuickCompiles.requestAside(QuickCompiles.Scope.OWN_CODE);
    Optional<Path> cacheDirectory = withCache ? cacheDirectory() : Optional.empty();
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
              effectiveLanguageLevel(),
              cacheDirectory
                  .<FactsCache>map(
                      directory ->
                          new DiskCache(
                              directory, warning -> getLog().warn("threadlint: " + warning)))
                  .orElse(FactsCache.NONE),
              prescan)
          .withResourcePairs(resourcePairs());
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("threadlint: " + e.getMessage(), e);
    }
  }

  /**
   * The module's facts cache, under {@code target/threadlint/cache}, unless {@code useCache} is
   * off.
   */
  protected Optional<Path> cacheDirectory() {
    return useCache
        ? Optional.of(Path.of(project.getBuild().getDirectory(), "threadlint", "cache"))
        : Optional.empty();
  }

  private List<ResourcePair> resourcePairs() throws MojoExecutionException {
    try {
      return ResourcePair.parseAll(nonNull(resourcePairs));
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("threadlint: resourcePairs: " + e.getMessage(), e);
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

  /**
   * The language level to analyse at: the configured one, or else the module's {@code
   * maven.compiler.release}, so rules that depend on the target release (virtual-thread-pinning)
   * know it; {@code newest} when neither says.
   */
  String effectiveLanguageLevel() {
    if (languageLevel != null && !languageLevel.equalsIgnoreCase("newest")) {
      return languageLevel;
    }
    String release =
        project == null ? null : project.getProperties().getProperty("maven.compiler.release");
    if (release != null && release.trim().matches("[0-9]{1,2}")) {
      int number = Integer.parseInt(release.trim());
      if (number >= 8 && number <= 26) {
        return release.trim();
      }
    }
    return "newest";
  }
}
