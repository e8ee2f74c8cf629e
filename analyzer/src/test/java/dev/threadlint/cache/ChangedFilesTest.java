package dev.threadlint.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadlint.AnalysisRequest;
import dev.threadlint.Analyzer;
import dev.threadlint.findings.Finding;
import dev.threadlint.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run after one or a few files changed gives exactly what a run without the cache gives on the
 * same sources, whether the change left the files' facts as they were (the last result is reused,
 * reading only the changed files' entries) or not (the full run), and when the change makes a
 * finding in another file appear or disappear.
 */
class ChangedFilesTest {
  private static final Path FIXTURES = Path.of("../test-fixtures/src/main/java");
  private static final String BASE =
      "dev/threadlint/fixtures/race/overrides/SynchronizedCounter.java";
  private static final String SUBCLASSES =
      "dev/threadlint/fixtures/race/UnsynchronizedOverrideCases.java";

  @TempDir Path temp;
  private Path src;
  private Path cacheDir;
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  @BeforeEach
  void copyFixtures() throws IOException {
    src = temp.resolve("src");
    cacheDir = temp.resolve("cache");
    try (Stream<Path> files = Files.walk(FIXTURES)) {
      for (Path from : files.filter(Files::isRegularFile).toList()) {
        Path to = src.resolve(FIXTURES.relativize(from).toString());
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
      }
    }
  }

  /** Findings with the cache (counting its lookups), and without it, on the same sources. */
  private List<String> cached(Counting cache) {
    return shown(AnalysisRequest.of(src, List.of(src)).withThreads(2).withCache(cache, true));
  }

  private List<String> uncached() {
    return shown(
        AnalysisRequest.of(src, List.of(src)).withThreads(2).withCache(FactsCache.NONE, true));
  }

  private static List<String> shown(AnalysisRequest request) {
    return Analyzer.run(request).findings().stream().map(Finding::toString).toList();
  }

  private Counting cache() {
    return new Counting(new DiskCache(cacheDir, warnings::add));
  }

  private void edit(String file, java.util.function.UnaryOperator<String> change)
      throws IOException {
    Path path = src.resolve(file);
    Files.writeString(path, change.apply(Files.readString(path)));
  }

  private static long at(List<String> findings, String member) {
    return findings.stream()
        .filter(f -> f.contains("ruleId=unsynchronized-override,"))
        .filter(f -> f.contains("member=" + member + ","))
        .count();
  }

  @Test
  void aChangeThatLeavesTheFactsReusesTheLastResultReadingOneEntry() throws IOException {
    List<String> cold = cached(cache());
    assertThat(cold).isNotEmpty();
    edit(BASE, text -> text + "// a comment at the end\n");
    Counting second = cache();
    List<String> reused = cached(second);
    assertThat(second.lookups).hasValue(2); // the changed file's old and new content, no other
    assertThat(reused).isEqualTo(uncached()).isEqualTo(cold);
    edit(BASE, text -> text.replace("count++;", "count++; // one more"));
    Counting third = cache();
    assertThat(cached(third)).isEqualTo(uncached()).isEqualTo(cold);
    assertThat(third.lookups).hasValue(2);
    // and the run after it still sees the files as they are
    assertThat(cached(cache())).isEqualTo(uncached());
    assertThat(warnings).isEmpty();
  }

  /** A comment added on a flagged line keeps the facts but not the line's fingerprint. */
  @Test
  void theLastResultTakesTheFingerprintsOfTheChangedLinesAgain() throws IOException {
    List<String> cold = cached(cache());
    edit(
        SUBCLASSES,
        text ->
            text.replace(
                "public void register(String name) { // expect: unsynchronized-override",
                "public void register(String name) { // expect: unsynchronized-override (edited)"));
    Counting second = cache();
    List<String> reused = cached(second);
    assertThat(second.lookups).hasValue(2);
    assertThat(reused).isEqualTo(uncached()).hasSameSizeAs(cold).isNotEqualTo(cold);
    assertThat(warnings).isEmpty();
  }

  @Test
  void aFindingOfAnotherFileDisappearsAndComesBack() throws IOException {
    List<String> cold = cached(cache());
    long before = at(cold, "DoublingCounterBad.increment");
    assertThat(before).isPositive();
    String original = Files.readString(src.resolve(BASE));
    edit(
        BASE,
        text -> text.replace("public synchronized void increment()", "public void increment()"));
    Counting second = cache();
    List<String> without = cached(second);
    assertThat(without).isEqualTo(uncached());
    // the file's scan is as before (it still says synchronized), its facts are not: a full run
    assertThat(second.lookups.get()).isGreaterThan(2);
    assertThat(at(without, "DoublingCounterBad.increment")).isZero();
    edit(BASE, text -> original);
    assertThat(cached(cache())).isEqualTo(cold);
    assertThat(warnings).isEmpty();
  }

  @Test
  void aChangeThatMovesLinesGivesTheUncachedFindings() throws IOException {
    List<String> cold = cached(cache());
    edit(BASE, text -> "// a new first line\n" + text);
    edit(SUBCLASSES, text -> text.replace("registrations++;", "registrations++;\n\n"));
    List<String> moved = cached(cache());
    // renumbered from the last result, or (a project finding's "line N" may be theirs) in full
    assertThat(moved).isEqualTo(uncached()).hasSameSizeAs(cold).isNotEqualTo(cold);
    assertThat(warnings).isEmpty();
  }

  /**
   * A type declared in lower case is looked for in every file's text; a full run takes what the
   * last run found in the files whose content is the same, and looks again in the others.
   */
  @Test
  void aLowerCaseTypeIsLookedForInTheChangedTextsOnly() throws IOException {
    Path demo = src.resolve("demo");
    Files.createDirectories(demo);
    Files.writeString(
        demo.resolve("counterbox.java"),
        "package demo;\nclass counterbox {\n  int n;\n  synchronized void inc() { n++; }\n}\n");
    Files.writeString(
        demo.resolve("Reader.java"),
        "package demo;\nclass Reader {\n  int read(counterbox box) { return box.n; }\n}\n");
    Files.writeString(demo.resolve("Plain.java"), "package demo;\nclass Plain {}\n");
    cached(cache());
    edit("demo/Plain.java", text -> "// counterbox\n" + text);
    assertThat(cached(cache())).isEqualTo(uncached());
    edit("demo/Reader.java", text -> "\n" + text.replace("box.n", "box.n + 1"));
    assertThat(cached(cache())).isEqualTo(uncached());
    assertThat(warnings).isEmpty();
  }

  @Test
  void aRemovedCacheFileLeavesItToTheFullRun() throws IOException {
    List<String> cold = cached(cache());
    Files.delete(cacheDir.resolve(DiskCache.FILE_NAME));
    edit(BASE, text -> text + "// a comment at the end\n");
    assertThat(cached(cache())).isEqualTo(cold);
    assertThat(warnings).isEmpty();
  }

  /**
   * Builds of one module at once (mvn -T with two builds, an IDE and a terminal) share the cache
   * directory: every run gives the findings of a run without the cache, whichever of the others'
   * files it reads, and none warns of a damaged cache.
   */
  @Test
  void concurrentRunsOverOneCacheGiveTheUncachedFindings() throws Exception {
    cached(cache());
    edit(BASE, text -> text + "// a comment at the end\n"); // the last result stands
    concurrently(uncached());
    edit(SUBCLASSES, text -> "// a new first line\n" + text); // a full run
    concurrently(uncached());
    assertThat(cached(cache())).isEqualTo(uncached());
    assertThat(warnings).isEmpty();
  }

  private void concurrently(List<String> expected) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<String>>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(pool.submit(() -> cached(cache())));
      }
      for (Future<List<String>> run : runs) {
        assertThat(run.get(5, TimeUnit.MINUTES)).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The disk cache, counting lookups of files' entries. */
  private static final class Counting implements FactsCache {
    private final FactsCache cache;
    final AtomicInteger lookups = new AtomicInteger();

    Counting(FactsCache cache) {
      this.cache = cache;
    }

    @Override
    public void open(String runKey) {
      cache.open(runKey);
    }

    @Override
    public void open(String runKey, Executor executor) {
      cache.open(runKey, executor);
    }

    @Override
    public Optional<CachedFile> lookup(SourceFile file, String contentHash) {
      lookups.incrementAndGet();
      return cache.lookup(file, contentHash);
    }

    @Override
    public void store(SourceFile file, String contentHash, CachedFile entry) {
      cache.store(file, contentHash, entry);
    }

    @Override
    public Optional<CachedRun> lookupRun(String runKey, String filesKey) {
      return cache.lookupRun(runKey, filesKey);
    }

    @Override
    public Optional<CachedRun> lastRun(String runKey) {
      return cache.lastRun(runKey);
    }

    @Override
    public void storeRun(String filesKey, CachedRun run) {
      cache.storeRun(filesKey, run);
    }

    @Override
    public void flush() {
      cache.flush();
    }

    @Override
    public void flushChanged() {
      cache.flushChanged();
    }
  }
}
