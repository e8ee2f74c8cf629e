package dev.threadlint;

import dev.threadlint.cache.FactsCache;
import dev.threadlint.models.ResourcePair;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to analyse and how: validated once, immutable.
 *
 * @param baseDir the directory report paths are relative to (SARIF {@code %SRCROOT%})
 * @param roots source directories or files
 * @param includes globs (relative to {@code baseDir}) a file must match; all when empty
 * @param excludes globs no file may match
 * @param enable rule ids or families to run; all when empty
 * @param disable rule ids or families not to run
 * @param threads worker threads, at least 1
 * @param encoding source charset
 * @param languageLevel JavaParser language level name ({@code newest}, {@code 17}, {@code JAVA_21})
 * @param cache facts of unchanged files
 * @param resourcePairs semaphore-like APIs the user declared ({@code --resource-pair})
 * @param prescan let the lexical pre-scan leave out files that cannot matter to any rule (off only
 *     to check that it loses nothing, or as an escape hatch)
 */
public record AnalysisRequest(
    Path baseDir,
    List<Path> roots,
    List<String> includes,
    List<String> excludes,
    Set<String> enable,
    Set<String> disable,
    int threads,
    Charset encoding,
    String languageLevel,
    FactsCache cache,
    List<ResourcePair> resourcePairs,
    boolean prescan) {

  public AnalysisRequest {
    Objects.requireNonNull(baseDir, "baseDir");
    roots = List.copyOf(roots);
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("roots: at least one source root or file is needed");
    }
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    enable = Set.copyOf(enable);
    disable = Set.copyOf(disable);
    if (threads < 1) {
      throw new IllegalArgumentException("threads: must be at least 1, was " + threads);
    }
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(languageLevel, "languageLevel");
    Objects.requireNonNull(cache, "cache");
    resourcePairs = List.copyOf(resourcePairs);
  }

  /** A request without user-declared resource pairs. */
  public AnalysisRequest(
      Path baseDir,
      List<Path> roots,
      List<String> includes,
      List<String> excludes,
      Set<String> enable,
      Set<String> disable,
      int threads,
      Charset encoding,
      String languageLevel,
      FactsCache cache) {
    this(
        baseDir,
        roots,
        includes,
        excludes,
        enable,
        disable,
        threads,
        encoding,
        languageLevel,
        cache,
        List.of(),
        true);
  }

  /** A request without user-declared resource pairs, with the pre-scan on or off. */
  public AnalysisRequest(
      Path baseDir,
      List<Path> roots,
      List<String> includes,
      List<String> excludes,
      Set<String> enable,
      Set<String> disable,
      int threads,
      Charset encoding,
      String languageLevel,
      FactsCache cache,
      boolean prescan) {
    this(
        baseDir,
        roots,
        includes,
        excludes,
        enable,
        disable,
        threads,
        encoding,
        languageLevel,
        cache,
        List.of(),
        prescan);
  }

  /** The same request for sources of another language level (also the target release). */
  public AnalysisRequest withLanguageLevel(String newLevel) {
    return with(copy -> copy.languageLevel = newLevel);
  }

  /** The same request with another cache, and the pre-scan on or off. */
  public AnalysisRequest withCache(FactsCache newCache, boolean newPrescan) {
    return with(
        copy -> {
          copy.cache = newCache;
          copy.prescan = newPrescan;
        });
  }

  /** The same request with these semaphore-like APIs declared. */
  public AnalysisRequest withResourcePairs(List<ResourcePair> pairs) {
    return with(copy -> copy.resourcePairs = pairs);
  }

  /** A request with defaults: every rule, all processors, UTF-8, newest language level. */
  public static AnalysisRequest of(Path baseDir, List<Path> roots) {
    return new AnalysisRequest(
        baseDir,
        roots,
        List.of(),
        List.of(),
        Set.of(),
        Set.of(),
        Runtime.getRuntime().availableProcessors(),
        StandardCharsets.UTF_8,
        "newest",
        FactsCache.NONE);
  }

  public AnalysisRequest withThreads(int newThreads) {
    return with(copy -> copy.threads = newThreads);
  }

  public AnalysisRequest withRules(Set<String> newEnable, Set<String> newDisable) {
    return with(
        copy -> {
          copy.enable = newEnable;
          copy.disable = newDisable;
        });
  }

  /** The same request with what {@code change} sets in a copy of its components. */
  private AnalysisRequest with(java.util.function.Consumer<Components> change) {
    Components copy = new Components(this);
    change.accept(copy);
    return copy.request();
  }

  /** A request's components, to change one or two of them (the withers). */
  private static final class Components {
    private final Path baseDir;
    private final List<Path> roots;
    private final List<String> includes;
    private final List<String> excludes;
    private Set<String> enable;
    private Set<String> disable;
    private int threads;
    private final Charset encoding;
    private String languageLevel;
    private FactsCache cache;
    private List<ResourcePair> resourcePairs;
    private boolean prescan;

    Components(AnalysisRequest request) {
      baseDir = request.baseDir;
      roots = request.roots;
      includes = request.includes;
      excludes = request.excludes;
      enable = request.enable;
      disable = request.disable;
      threads = request.threads;
      encoding = request.encoding;
      languageLevel = request.languageLevel;
      cache = request.cache;
      resourcePairs = request.resourcePairs;
      prescan = request.prescan;
    }

    AnalysisRequest request() {
      return new AnalysisRequest(
          baseDir,
          roots,
          includes,
          excludes,
          enable,
          disable,
          threads,
          encoding,
          languageLevel,
          cache,
          resourcePairs,
          prescan);
    }
  }
}
