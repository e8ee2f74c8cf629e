package dev.threadlint;

import com.github.javaparser.ParserConfiguration.LanguageLevel;
import dev.threadlint.facts.Candidate;
import dev.threadlint.facts.FileFacts;
import dev.threadlint.facts.ProjectModel;
import dev.threadlint.filters.Fingerprints;
import dev.threadlint.filters.SuppressionFilter;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Location;
import dev.threadlint.parse.Parsers;
import dev.threadlint.rules.Diagnostics;
import dev.threadlint.rules.Extractors;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.RuleSelection;
import dev.threadlint.source.SourceFile;
import dev.threadlint.source.SourceScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one entry point of the engine: discover, parse and extract in parallel, then run the
 * project-wide rules, filter and sort. Findings come out in the same order for any thread count.
 */
public final class Analyzer {
  /**
   * Worker stack size: JavaParser recurses once per nesting level, and a file with thousands of
   * nested parentheses overflows a default stack. Only touched pages are committed.
   */
  private static final long WORKER_STACK_BYTES = 512L * 1024 * 1024;

  private Analyzer() {}

  /**
   * Runs an analysis.
   *
   * @throws IllegalArgumentException for a bad request (unknown rule, language level, missing root)
   * @throws AnalysisAbortedException when interrupted or when a worker fails outside any rule
   */
  public static AnalysisResult run(AnalysisRequest request) {
    long started = System.nanoTime();
    List<Rule> rules = RuleSelection.select(request.enable(), request.disable());
    LanguageLevel level =
        Parsers.parseLevel(request.languageLevel())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "language level: unknown '" + request.languageLevel() + "'"));
    List<SourceFile> files = discover(request);
    FileAnalysis perFile =
        new FileAnalysis(
            rules,
            Extractors.ALL,
            request.encoding(),
            level,
            request.resourcePairs(),
            Parsers.explicitRelease(request.languageLevel()));
    List<FileFacts> facts = analyzeAll(files, perFile, request.threads());

    ProjectModel project = new ProjectModel(facts);
    List<Finding> findings = new ArrayList<>();
    for (FileFacts file : facts) {
      findings.addAll(file.diagnostics());
      for (Candidate candidate : file.candidates()) {
        if (project.types().holds(candidate.conditions())) {
          findings.add(candidate.finding());
        }
      }
    }
    for (Rule rule : rules) {
      try {
        rule.checkProject(
            project,
            (finding, conditions) -> {
              if (project.types().holds(conditions)) {
                findings.add(finding);
              }
            });
      } catch (RuntimeException | StackOverflowError e) {
        findings.add(
            Diagnostics.internalError(
                Location.at(".", 1, 1), "project rule " + rule.metadata().id(), e));
      }
    }
    SuppressionFilter.Result filtered = SuppressionFilter.apply(findings, facts, rules);
    List<Finding> fingerprinted =
        Fingerprints.attach(filtered.kept(), request.baseDir(), request.encoding());
    List<Finding> sorted = new ArrayList<>(fingerprinted);
    sorted.sort(Finding.ORDER);
    request.cache().flush();
    long lines = facts.stream().mapToLong(FileFacts::lines).sum();
    int parseErrors =
        (int)
            facts.stream()
                .filter(
                    f ->
                        f.diagnostics().stream()
                            .anyMatch(d -> d.ruleId().equals(Diagnostics.PARSE_ERROR.id())))
                .count();
    List<RuleMetadata> ran = rules.stream().map(Rule::metadata).toList();
    return new AnalysisResult(
        request.baseDir(),
        sorted,
        ran,
        files.size(),
        lines,
        parseErrors,
        filtered.suppressed(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private static List<SourceFile> discover(AnalysisRequest request) {
    SourceScanner scanner =
        new SourceScanner(request.baseDir(), request.includes(), request.excludes());
    try {
      return scanner.scan(request.roots());
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("source root not found: " + e.getFile(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list sources: " + e.getMessage(), e);
    }
  }

  /**
   * Parses and extracts every file on a bounded pool of daemon workers with large stacks. Results
   * are collected in file order; the pool is always shut down before returning.
   */
  private static List<FileFacts> analyzeAll(
      List<SourceFile> files, FileAnalysis perFile, int threads) {
    if (files.isEmpty()) {
      return List.of();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(threads, files.size()), new WorkerFactory());
    List<Future<FileFacts>> futures = new ArrayList<>(files.size());
    try {
      for (SourceFile file : files) {
        futures.add(pool.submit(() -> perFile.analyze(file)));
      }
      List<FileFacts> results = new ArrayList<>(files.size());
      for (int i = 0; i < futures.size(); i++) {
        results.add(await(futures.get(i), files.get(i)));
      }
      return results;
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new AnalysisAbortedException("analysis interrupted", e);
    } finally {
      pool.shutdownNow();
      try {
        pool.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static FileFacts await(Future<FileFacts> future, SourceFile file)
      throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return FileFacts.unparsed(
          file,
          0,
          List.of(
              Diagnostics.internalError(
                  Location.at(file.relativePath(), 1, 1), "analysis of the file", cause)));
    }
  }

  /** Names workers {@code threadlint-worker-N}, makes them daemon and gives them a large stack. */
  private static final class WorkerFactory implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread worker =
          new Thread(
              null, task, "threadlint-worker-" + count.incrementAndGet(), WORKER_STACK_BYTES);
      worker.setDaemon(true);
      return worker;
    }
  }
}
