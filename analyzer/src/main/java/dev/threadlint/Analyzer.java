package dev.threadlint;

import com.github.javaparser.ParserConfiguration.LanguageLevel;
import dev.threadlint.cache.CachedRun;
import dev.threadlint.cache.FactsCache;
import dev.threadlint.cache.RunKey;
import dev.threadlint.facts.Candidate;
import dev.threadlint.facts.FactExtractor;
import dev.threadlint.facts.FileFacts;
import dev.threadlint.facts.ProjectModel;
import dev.threadlint.filters.Fingerprints;
import dev.threadlint.filters.SuppressionFilter;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Location;
import dev.threadlint.model.Unread;
import dev.threadlint.models.ResourcePair;
import dev.threadlint.parse.FileLinks;
import dev.threadlint.parse.Parsers;
import dev.threadlint.parse.PreScan;
import dev.threadlint.parse.Relevance;
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
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.IntStream;

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
    FileAnalysis perFile =
        new FileAnalysis(
            rules,
            Extractors.ALL,
            request.encoding(),
            level,
            request.resourcePairs(),
            Parsers.explicitRelease(request.languageLevel()));
    FactsCache cache = request.cache();
    String runKey = runKey(request, rules, level);
    List<FileFacts> facts;
    ProjectModel project;
    List<Finding> findings = new ArrayList<>();
    boolean storeRun = false; // with a cache and every file hashed
    List<String> hashes;
    Relevance.Selection selection;
    Selected selected;
    CachedRun.Inputs inputs = null;
    Set<Finding> localFindings = Set.of();
    List<SourceFile> files;
    // workers start as tasks come, up to the threads asked for
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, request.threads()), new WorkerFactory());
    try {
      // the last run is read on a worker while this thread lists the files
      Future<Optional<CachedRun>> lastRead =
          cache == FactsCache.NONE ? null : pool.submit(() -> cache.lastRun(runKey));
      files = discover(request);
      stat("discovered", started);
      Pipeline pipeline = new Pipeline(perFile, cache, request.encoding(), prescanWords(request));
      List<String> known;
      // A cold run (no last run stored) hashes each file as it reads it for the pre-scan; a run
      // after another hashes them all first, to see whether anything changed at all.
      Optional<CachedRun> last =
          lastRead == null ? Optional.empty() : await(lastRead, "reading the last run failed");
      stat("last run read", started);
      if (last.isPresent()) {
        // a file whose size and time are as when the last run hashed it is not read again
        known =
            inParallel(
                pool, files, file -> cache.stamps().hash(file, Pipeline::sha256), (file, e) -> "");
        stat("hashed", started);
        if (!known.contains("")) {
          CachedRun.Inputs before = last.get().inputs();
          if (before != null
              && before.prescan() == request.prescan()
              && before.hashes().equals(known)
              && before.paths().equals(paths(files))) {
            // with nothing changed since the last run, its result stands: no file's facts are read
            return reusedResult(request, rules, files.size(), last.get(), started);
          }
          Optional<AnalysisResult> reused;
          try {
            reused =
                ChangedFiles.reuse(
                    new PartAgain(
                        request, rules, files, known, last.get(), pipeline, pool, cache, started),
                    runKey);
          } catch (RuntimeException e) {
            reused = Optional.empty(); // the full run below analyses what it could not reuse
          }
          if (reused.isPresent()) {
            return reused.get();
          }
        }
      } else {
        known = java.util.Collections.nCopies(files.size(), "");
      }
      stat("before open", started);
      cache.open(runKey, pool);
      stat("opened", started);
      List<Integer> all = IntStream.range(0, files.size()).boxed().toList();
      List<Pipeline.Prepared> prepared =
          inParallel(
              pool,
              all,
              i -> pipeline.prepare(files.get(i), known.get(i)),
              (i, e) -> pipeline.failed(files.get(i), e));
      hashes = prepared.stream().map(Pipeline.Prepared::hash).toList();
      stat("prepared", started);
      selected =
          select(
              request,
              prepared,
              files.size(),
              pool,
              pipeline,
              last.map(CachedRun::inputs).orElse(null));
      selection = selected.selection();
      storeRun = cache != FactsCache.NONE && !hashes.contains("");
      Relevance.Selection chosen = selection;
      if (Boolean.getBoolean("threadlint.modelStats")) {
        System.err.printf(
            "threadlint pre-scan: %d files, %d parsed (%d lines), %d checked (%d lines)%n",
            files.size(),
            chosen.parse().cardinality(),
            chosen.parse().stream().mapToLong(i -> prepared.get(i).lines()).sum(),
            chosen.check().cardinality(),
            chosen.check().stream().mapToLong(i -> prepared.get(i).lines()).sum());
      }
      // The largest files to parse go first: a large file taken last keeps one worker busy while
      // the other has nothing left to do. The facts stay in file order.
      List<Integer> largestFirst =
          IntStream.range(0, files.size())
              .boxed()
              .sorted(
                  java.util.Comparator.comparingInt(
                      (Integer i) ->
                          chosen.parse().get(i) && prepared.get(i).cached() == null
                              ? -prepared.get(i).lines()
                              : 0))
              .toList();
      List<FileFacts> analyzed =
          inParallel(
              pool,
              largestFirst,
              i -> pipeline.analyze(prepared.get(i), chosen.parse().get(i), chosen.check().get(i)),
              (i, e) -> crashed(files.get(i), e));
      FileFacts[] inFileOrder = new FileFacts[files.size()];
      for (int k = 0; k < largestFirst.size(); k++) {
        inFileOrder[largestFirst.get(k)] = analyzed.get(k);
      }
      facts = List.of(inFileOrder);
      HeapReturn.betweenPhases(files.size()); // the per-file phase's garbage heap: see there
      long projectStarted = System.nanoTime();
      stat("analyzed", started);
      // every file's entry is stored: the cache is written while the project phase runs (one
      // worker waits for the model that the first project rule builds anyway)
      Future<?> flushed = pool.submit(cache::flush);
      project = new ProjectModel(facts, request.threads());
      List<Finding> local = localFindings(project);
      findings.addAll(local);
      localFindings = new java.util.HashSet<>();
      for (Finding finding : findings) {
        localFindings.add(finding.withFingerprint(""));
      }
      ProjectModel model = project;
      List<PreScan> scans = prepared.stream().map(Pipeline.Prepared::scan).toList();
      // for the next run's connected parts; on a worker, beside the model that the first project
      // rule builds (another worker would only wait for it)
      Future<FileLinks> linked =
          storeRun || PartsCheck.asked()
              ? pool.submit(
                  () ->
                      FileLinks.of(
                          scans,
                          foundIn(files, selected.found()),
                          facts.stream().map(SharedLocks::of).toList()))
              : null;
      List<Finding> projectFindings = projectFindings(model, rules, pool);
      findings.addAll(projectFindings);
      FileLinks links = linked == null ? null : await(linked, "linking the files failed");
      if (PartsCheck.asked()) {
        PartsCheck.verify(facts, links, local, projectFindings, rules, pool, request.threads());
      }
      await(flushed, "cache write failed");
      if (storeRun) {
        inputs =
            new CachedRun.Inputs(
                paths(files),
                hashes,
                request.prescan(),
                selection.parse(),
                selection.check(),
                selected.unkept(),
                selected.found(),
                dev.threadlint.protocol.CrossFileProtocol.reread(model),
                Unread.of(facts),
                Relevance.selectingNames(scans),
                Relevance.nameSelection(scans),
                links,
                null,
                null);
      }
      if (Boolean.getBoolean("threadlint.modelStats")) {
        System.err.printf(
            "threadlint project phase: %d ms%n", (System.nanoTime() - projectStarted) / 1_000_000);
      }
    } finally {
      shutdown(pool);
    }
    SuppressionFilter.Result filtered = SuppressionFilter.apply(findings, facts, rules);
    stat("filtered", started);
    List<Finding> fingerprinted =
        Fingerprints.attach(filtered.kept(), request.baseDir(), request.encoding());
    stat("fingerprinted", started);
    List<Finding> sorted = new ArrayList<>(fingerprinted);
    sorted.sort(Finding.ORDER);
    long lines = facts.stream().mapToLong(FileFacts::lines).sum();
    int parseErrors =
        (int)
            facts.stream()
                .filter(
                    f ->
                        f.diagnostics().stream()
                            .anyMatch(d -> d.ruleId().equals(Diagnostics.PARSE_ERROR.id())))
                .count();
    if (storeRun
        && findings.stream().noneMatch(f -> f.ruleId().equals(Diagnostics.INTERNAL_ERROR.id()))) {
      if (inputs != null) {
        inputs =
            inputs.withOutcome(
                CachedRun.Inputs.localOf(sorted, localFindings), filtered.suppressedIn());
      }
      request
          .cache()
          .storeRun(new CachedRun(sorted, lines, parseErrors, filtered.suppressed(), inputs));
    }
    stat("run stored", started);
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

  /**
   * The findings of the files' own analyses: their diagnostics, and their candidates whose type
   * conditions hold in the project.
   */
  static List<Finding> localFindings(ProjectModel project) {
    List<Finding> findings = new ArrayList<>();
    for (FileFacts file : project.files()) {
      findings.addAll(file.diagnostics());
      for (Candidate candidate : file.candidates()) {
        if (project.types().holds(candidate.conditions())) {
          findings.add(candidate.finding());
        }
      }
    }
    return findings;
  }

  /**
   * The project-wide rules' findings. The rules only read the model (its shared parts are built
   * once, under a lock, by the first rule that asks), so they run side by side on the workers; each
   * collects into its own list and the lists join in rule order, as one thread would.
   */
  static List<Finding> projectFindings(
      ProjectModel project, List<Rule> rules, ExecutorService pool) {
    List<Finding> findings = new ArrayList<>();
    inParallel(
            pool, rules, rule -> checkProject(rule, project), (rule, e) -> projectFailed(rule, e))
        .forEach(findings::addAll);
    return findings;
  }

  /** Per file, the lower-case type names found in its text besides its scan's names. */
  private static List<Set<String>> foundIn(
      List<SourceFile> files, java.util.Map<String, Set<String>> found) {
    return files.stream().map(f -> found.getOrDefault(f.path().toString(), Set.of())).toList();
  }

  /**
   * A project-wide rule's findings whose type conditions hold, in the order it reported them. A
   * rule that runs out of memory becomes an internal error like any other failure: what it held is
   * garbage once its frames are gone, and the other rules' findings still count.
   */
  static List<Finding> checkProject(Rule rule, ProjectModel project) {
    List<Finding> found = new ArrayList<>();
    long ruleStarted = System.nanoTime();
    try {
      rule.checkProject(
          project,
          (finding, conditions) -> {
            if (project.types().holds(conditions)) {
              found.add(finding);
            }
          });
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      found.add(internalError(rule, e)); // what it reported before it threw stands
    }
    if (Boolean.getBoolean("threadlint.modelStats")) {
      long ms = (System.nanoTime() - ruleStarted) / 1_000_000;
      if (ms >= 20) {
        System.err.printf("threadlint project rule %s: %d ms%n", rule.metadata().id(), ms);
      }
    }
    return found;
  }

  /** A failure that {@link #checkProject} did not catch: an error, rethrown as on one thread. */
  private static List<Finding> projectFailed(Rule rule, Throwable e) {
    if (e instanceof Error error) {
      throw error;
    }
    return List.of(internalError(rule, e));
  }

  private static Finding internalError(Rule rule, Throwable e) {
    return Diagnostics.internalError(
        Location.at(".", 1, 1), "project rule " + rule.metadata().id(), e);
  }

  static void stat(String what, long started) {
    if (Boolean.getBoolean("threadlint.modelStats")) {
      System.err.printf(
          "threadlint %s at %d ms%n", what, (System.nanoTime() - started) / 1_000_000);
    }
  }

  /** The result of a run that found everything as the last run left it. */
  static AnalysisResult reusedResult(
      AnalysisRequest request, List<Rule> rules, int files, CachedRun run, long started) {
    return new AnalysisResult(
        request.baseDir(),
        run.findings(),
        rules.stream().map(Rule::metadata).toList(),
        files,
        run.lines(),
        run.parseErrors(),
        run.suppressed(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * The scan with the lower-case type names the last run found in this file's text, when the last
   * run looked for the same names in the same content: then the text need not be read again.
   */
  private static Optional<PreScan> foundBefore(
      CachedRun.Inputs before,
      java.util.Map<String, Integer> positions,
      Set<String> unkept,
      Pipeline.Prepared prepared) {
    if (before == null || prepared.hash().isEmpty() || !before.unkept().equals(unkept)) {
      return Optional.empty();
    }
    String path = prepared.file().path().toString();
    Integer at = positions.get(path);
    if (at == null || !before.hashes().get(at).equals(prepared.hash())) {
      return Optional.empty();
    }
    Set<String> found = before.unkeptFound().get(path);
    if (found == null) {
      return Optional.of(prepared.scan());
    }
    Set<String> names = new java.util.HashSet<>(found);
    names.addAll(prepared.scan().names());
    PreScan scan = prepared.scan();
    return Optional.of(scan.withNames(names));
  }

  /** Every file's path, as the cache keys them. */
  static List<String> paths(List<SourceFile> files) {
    return files.stream().map(f -> f.path().toString()).toList();
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
   * Which files were selected, and for the cache the lower-case type names looked for in every text
   * with, per path, those found there.
   */
  private record Selected(
      Relevance.Selection selection, Set<String> unkept, java.util.Map<String, Set<String>> found) {
    Selected(Relevance.Selection selection) {
      this(selection, Set.of(), java.util.Map.of());
    }
  }

  /** Which files to parse and which to check, from the pre-scans. */
  private static Selected select(
      AnalysisRequest request,
      List<Pipeline.Prepared> prepared,
      int files,
      ExecutorService pool,
      Pipeline pipeline,
      CachedRun.Inputs before) {
    if (!request.prescan()) {
      BitSet all = new BitSet(files);
      all.set(0, files);
      return new Selected(new Relevance.Selection(all, all));
    }
    List<PreScan> scans = prepared.stream().map(Pipeline.Prepared::scan).toList();
    Set<String> unkept = Relevance.unkeptTypeNames(scans);
    Relevance.Selection selection;
    java.util.Map<String, Set<String>> found = new java.util.HashMap<>();
    if (unkept.isEmpty()) {
      selection = Relevance.select(scans);
    } else {
      // a type declared in lower case (Tomcat's javaURLContextFactory): find who may name it in
      // the texts, rather than count every file as naming it (or take what the last run found
      // in the same texts)
      java.util.Map<String, Integer> positions = new java.util.HashMap<>();
      if (before != null) {
        for (int i = 0; i < before.paths().size(); i++) {
          positions.put(before.paths().get(i), i);
        }
      }
      List<PreScan> named =
          inParallel(
              pool,
              prepared,
              p ->
                  foundBefore(before, positions, unkept, p)
                      .orElseGet(() -> pipeline.withTypeNames(p, unkept)),
              (p, e) -> {
                Set<String> names = new java.util.HashSet<>(p.scan().names());
                names.addAll(unkept);
                return p.scan().withNames(names).asDamaged();
              });
      selection = Relevance.selectWithUnkeptNames(named);
      for (int i = 0; i < files; i++) {
        Set<String> names = new java.util.TreeSet<>(named.get(i).names());
        names.removeAll(scans.get(i).names());
        if (!names.isEmpty()) {
          found.put(prepared.get(i).file().path().toString(), names);
        }
      }
    }
    if (Extractors.ALL.stream().allMatch(FactExtractor::onlyConcurrentFiles)) {
      // no extractor needs the files concurrent code merely reaches: parse what is checked
      selection = new Relevance.Selection(selection.check(), selection.check());
    }
    return new Selected(selection, unkept, found);
  }

  /**
   * Identifiers besides the built-in vocabulary that make a file matter to a rule: the types and
   * methods of the user's resource pairs ({@code --resource-pair Lease#take:giveBack}).
   */
  private static Set<String> prescanWords(AnalysisRequest request) {
    Set<String> words = new java.util.TreeSet<>();
    for (ResourcePair pair : request.resourcePairs()) {
      words.add(pair.simpleName());
      words.addAll(pair.acquires());
      words.add(pair.release());
    }
    return words;
  }

  /** What a cached file's facts depend on besides its content. */
  private static String runKey(AnalysisRequest request, List<Rule> rules, LanguageLevel level) {
    List<String> configuration = new ArrayList<>();
    rules.stream().map(r -> r.metadata().id()).sorted().forEach(configuration::add);
    configuration.add(level.name());
    // "newest" and an explicit level can map to the same parser level, but the explicit one is
    // also the target release that release-dependent rules (virtual-thread-pinning) read.
    configuration.add(request.languageLevel());
    configuration.add(request.encoding().name());
    configuration.add(request.baseDir().toAbsolutePath().normalize().toString());
    request.resourcePairs().forEach(pair -> configuration.add(pair.spec()));
    return RunKey.of(configuration);
  }

  /**
   * Runs {@code work} on every item on the pool and collects the results in item order; an item
   * whose work throws gets {@code onFailure}'s result.
   */
  static <I, R> List<R> inParallel(
      ExecutorService pool,
      List<I> items,
      Function<I, R> work,
      BiFunction<I, Throwable, R> onFailure) {
    List<Future<R>> futures = new ArrayList<>(items.size());
    try {
      for (I item : items) {
        futures.add(pool.submit(() -> work.apply(item)));
      }
      List<R> results = new ArrayList<>(items.size());
      for (int i = 0; i < futures.size(); i++) {
        try {
          results.add(futures.get(i).get());
        } catch (ExecutionException e) {
          results.add(onFailure.apply(items.get(i), e.getCause()));
        }
      }
      return results;
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw new AnalysisAbortedException("analysis interrupted", e);
    }
  }

  /**
   * Waits for a task run beside the project phase: the cache's write (which warns and goes on by
   * itself) or the files' links. A failure it did not report itself aborts the run.
   */
  private static <T> T await(Future<T> task, String failure) {
    try {
      return task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new AnalysisAbortedException(failure, e.getCause());
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new AnalysisAbortedException("analysis interrupted", e);
    }
  }

  private static void shutdown(ExecutorService pool) {
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static FileFacts crashed(SourceFile file, Throwable cause) {
    return FileFacts.unparsed(
        file,
        0,
        List.of(
            Diagnostics.internalError(
                Location.at(file.relativePath(), 1, 1), "analysis of the file", cause)));
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
