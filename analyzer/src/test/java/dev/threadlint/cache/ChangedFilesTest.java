package dev.threadlint.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run after one or a few files changed gives exactly what a run without the cache gives on the
 * same sources, whether the change left the files' facts as they were (the last result is reused,
 * reading only the changed files' entries) or not (the changed files' connected part is analysed
 * again, or everything when the declared types changed), and when the change makes a finding in
 * another file appear or disappear.
 */
class ChangedFilesTest {
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
    FixtureTree.copyTo(src);
  }

  /** Findings with the cache (counting its lookups), and without it, on the same sources. */
  private List<String> cached(CountingCache cache) {
    return FixtureTree.findings(src, cache);
  }

  private List<String> uncached() {
    return FixtureTree.findings(src, FactsCache.NONE);
  }

  private CountingCache cache() {
    return new CountingCache(new DiskCache(cacheDir, warnings::add));
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
    CountingCache second = cache();
    List<String> reused = cached(second);
    assertThat(second.lookups).hasValue(2); // the changed file's old and new content, no other
    assertThat(reused).isEqualTo(uncached()).isEqualTo(cold);
    edit(BASE, text -> text.replace("count++;", "count++; // one more"));
    CountingCache third = cache();
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
    CountingCache second = cache();
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
    CountingCache second = cache();
    List<String> without = cached(second);
    assertThat(without).isEqualTo(uncached());
    // the file's scan is as before (it still says synchronized), its facts are not: the files
    // connected to it are analysed again (their cached facts read), and no other
    assertThat(second.lookups.get()).isGreaterThan(2).isLessThan(fixtureFiles() / 4);
    assertThat(at(without, "DoublingCounterBad.increment")).isZero();
    edit(BASE, text -> original);
    assertThat(cached(cache())).isEqualTo(cold);
    assertThat(warnings).isEmpty();
  }

  /**
   * An edit that also names a project type the file did not name before (here a class literal of a
   * fixture in another package) changes no selection when that type's file is parsed already: its
   * part is analysed again, not every file.
   */
  @Test
  void anEditThatNamesAnotherParsedTypeAnalysesItsPartAgain() throws IOException {
    cached(cache());
    edit(
        BASE,
        text ->
            text.replace(
                "public synchronized void increment() {",
                "public void increment() {\n    Object named = UnsynchronizedOverrideCases.class;"));
    CountingCache second = cache();
    assertThat(cached(second)).isEqualTo(uncached());
    assertThat(second.lookups.get()).isGreaterThan(2).isLessThan(fixtureFiles() / 4);
    assertThat(warnings).isEmpty();
  }

  /**
   * Printer and Reporter name no type of each other; they take the JDK's System.out and System.err
   * in opposite orders, and the inversion is reported in Reporter. Printer taking them in
   * Reporter's order removes it: the two share those locks, so Reporter is analysed again with it.
   */
  @Test
  void anEditOfAFileThatSharesAJdkLockReachesTheOtherFile() throws IOException {
    String printer = "dev/threadlint/fixtures/deadlock/jdklocks/Printer.java";
    List<String> cold = cached(cache());
    assertThat(cold).anyMatch(f -> f.contains("jdklocks/Reporter.java"));
    edit(
        printer,
        text ->
            text.replace("synchronized (System.out) {", "synchronized (System.tmp) {")
                .replace("synchronized (System.err) {", "synchronized (System.out) {")
                .replace("synchronized (System.tmp) {", "synchronized (System.err) {"));
    CountingCache second = cache();
    List<String> fixed = cached(second);
    assertThat(fixed).isEqualTo(uncached()).noneMatch(f -> f.contains("jdklocks/Reporter.java"));
    assertThat(second.lookups.get()).isGreaterThan(2).isLessThan(fixtureFiles() / 4);
    assertThat(warnings).isEmpty();
  }

  /**
   * A file that declares another type than before may change what other files' names mean, and
   * which files are selected: the full run, which reads every file's entry.
   */
  @Test
  void anEditThatDeclaresATypeGoesToTheFullRun() throws IOException {
    cached(cache());
    edit(BASE, text -> text.replaceFirst("\\{\n", "{\n  static class Added {}\n"));
    CountingCache second = cache();
    assertThat(cached(second)).isEqualTo(uncached());
    assertThat(second.lookups.get()).isGreaterThanOrEqualTo(fixtureFiles());
    assertThat(warnings).isEmpty();
  }

  private int fixtureFiles() throws IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(src)) {
      return (int) files.filter(f -> f.toString().endsWith(".java")).count();
    }
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
   * A call the project phase cannot read (no project receiver, no name a rule asks of such a call)
   * leaves the project findings as they were: the last result stands, reading the changed file's
   * entries only (the calls are added at the end of lines that exist, so that nothing moves: a
   * project finding of these fixtures says "line N" of another file, which moved lines leave to the
   * full run). So does a read of a final field that no rule judges. A call of a project method, a
   * blocking JDK call, a read of a field that is not final: each is read, and the changed file's
   * connected files are analysed again.
   */
  @Test
  void anAddedCallOrReadNothingReadsKeepsTheLastResult() throws IOException {
    List<String> cold = cached(cache());
    // after each edit: the findings of a run without the cache, and whether only the changed
    // file's two entries (old and new content) were read
    assertThat(afterEdit("count++;", "count++; java.util.Objects.requireNonNull(this, \"e\");"))
        .isEqualTo(2);
    assertThat(cached(cache())).hasSameSizeAs(cold);
    assertThat(afterEdit("count++;", "count++; get(); //")).isGreaterThan(2); // a project method
    assertThat(afterEdit("count += delta;", "count += delta; java.util.Objects.hash(this);"))
        .isEqualTo(2);
    assertThat(afterEdit("count += delta;", "count += delta; String.valueOf(delta);")).isEqualTo(2);
    // a blocking JDK call
    assertThat(
            afterEdit("String.valueOf(delta);", "try { Thread.sleep(1); } catch (Exception e) {}"))
        .isGreaterThan(2);
    // a read of a final field that no rule judges, then of a field that is not final
    assertThat(afterEdit("protected int count;", "protected int count; final String label = \"\";"))
        .isGreaterThan(2);
    assertThat(afterEdit("Objects.hash(this);", "Objects.hash(this); String l = label;"))
        .isEqualTo(2);
    assertThat(afterEdit("String l = label;", "int c = count;")).isGreaterThan(2);
    assertThat(warnings).isEmpty();
  }

  /**
   * Replaces {@code from} by {@code to} in the base file, checks that a run with the cache gives
   * what a run without it gives, and returns how many entries the run with the cache looked up.
   */
  private int afterEdit(String from, String to) throws IOException {
    edit(BASE, text -> text.replace(from, to));
    CountingCache counting = cache();
    assertThat(cached(counting)).isEqualTo(uncached());
    return counting.lookups.get();
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
}
