package dev.threadlint.maven;

import dev.threadlint.AnalysisRequest;
import dev.threadlint.CheckRequest;
import dev.threadlint.cache.DiskCache;
import dev.threadlint.cache.FactsCache;
import dev.threadlint.findings.Severity;
import dev.threadlint.models.ResourcePair;
import dev.threadlint.report.ReportTarget;
import dev.threadlint.report.Reporters;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A gate run as the goal asked for it, in plain values: what {@link GateRun} needs, in Maven's JVM
 * or in a JVM of its own ({@link ForkedGate}), which reads it from a file. Paths are strings, for a
 * {@link Path} is not serializable; the values were checked by the goal.
 *
 * @param baseDir what report paths are relative to, where the baseline lives
 * @param roots source roots
 * @param cacheDirectory the facts cache, or null without one
 * @param resourcePairs the semaphore-like APIs the user declared
 * @param baseline the baseline file (read when it exists)
 * @param newSince a git ref, or null
 * @param formats report formats, SARIF first
 * @param outputDirectory where the reports go
 * @param failOn the lowest severity that fails the build, or null for none
 */
record GateRequest(
    String baseDir,
    List<String> roots,
    List<String> includes,
    List<String> excludes,
    List<String> enable,
    List<String> disable,
    int threads,
    String encoding,
    String languageLevel,
    String cacheDirectory,
    List<ResourcePair> resourcePairs,
    boolean prescan,
    String baseline,
    String newSince,
    List<String> formats,
    String outputDirectory,
    Severity failOn)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  GateRequest {
    roots = List.copyOf(roots);
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    enable = List.copyOf(enable);
    disable = List.copyOf(disable);
    resourcePairs = List.copyOf(resourcePairs);
    formats = List.copyOf(formats);
  }

  /** The gate of an analysis the goal built (and so checked). */
  static GateRequest of(
      AnalysisRequest analysis,
      Optional<Path> cacheDirectory,
      Path baseline,
      String newSince,
      List<String> formats,
      Path outputDirectory,
      Optional<Severity> failOn) {
    return new GateRequest(
        analysis.baseDir().toString(),
        analysis.roots().stream().map(Path::toString).toList(),
        analysis.includes(),
        analysis.excludes(),
        List.copyOf(analysis.enable()),
        List.copyOf(analysis.disable()),
        analysis.threads(),
        analysis.encoding().name(),
        analysis.languageLevel(),
        cacheDirectory.map(Path::toString).orElse(null),
        analysis.resourcePairs(),
        analysis.prescan(),
        baseline.toString(),
        newSince,
        formats,
        outputDirectory.toString(),
        failOn.orElse(null));
  }

  /** The check to run, whose cache says what it warns of to {@code warnings}. */
  CheckRequest check(Consumer<String> warnings) {
    FactsCache cache =
        cacheDirectory == null ? FactsCache.NONE : new DiskCache(Path.of(cacheDirectory), warnings);
    AnalysisRequest analysis =
        new AnalysisRequest(
                Path.of(baseDir),
                roots.stream().map(Path::of).toList(),
                includes,
                excludes,
                Set.copyOf(enable),
                Set.copyOf(disable),
                threads,
                Charset.forName(encoding),
                languageLevel,
                cache,
                prescan)
            .withResourcePairs(resourcePairs);
    List<ReportTarget> reports = new ArrayList<>();
    for (String format : formats) {
      reports.add(
          ReportTarget.inDirectory(
              Reporters.require(format, "threadlint.formats"), Path.of(outputDirectory)));
    }
    return CheckRequest.of(analysis)
        .withBaseline(Path.of(baseline), false)
        .withNewSince(newSince)
        .withReports(reports);
  }

  Optional<Severity> threshold() {
    return Optional.ofNullable(failOn);
  }
}
