package dev.threadlint.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadlint.AnalysisRequest;
import dev.threadlint.AnalysisResult;
import dev.threadlint.Analyzer;
import dev.threadlint.findings.Finding;
import dev.threadlint.parse.PreScan;
import dev.threadlint.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCacheTest {
  private static final Path FIXTURES = Path.of("../test-fixtures/src/main/java");

  @TempDir Path temp;

  private final List<String> warnings = new CopyOnWriteArrayList<>();

  private AnalysisResult run(Path root, Path cacheDir) {
    AnalysisRequest request =
        AnalysisRequest.of(root, List.of(root))
            .withThreads(2)
            .withCache(new DiskCache(cacheDir, warnings::add), true);
    return Analyzer.run(request);
  }

  private static List<String> shown(AnalysisResult result) {
    return result.findings().stream().map(Finding::toString).toList();
  }

  @Test
  void aWarmRunGivesWhatTheColdRunGave() {
    Path cache = temp.resolve("cache");
    AnalysisResult cold = run(FIXTURES, cache);
    assertThat(cache.resolve(DiskCache.FILE_NAME)).exists();
    AnalysisResult warm = run(FIXTURES, cache);
    assertThat(shown(warm)).isEqualTo(shown(cold)).isNotEmpty();
    assertThat(warm.lines()).isEqualTo(cold.lines());
    assertThat(warnings).isEmpty();
  }

  @Test
  void aWriteDeletesTheTemporaryFilesOfProcessesKilledWhileWritingButNotFreshOnes()
      throws IOException {
    Path src = temp.resolve("src");
    Files.createDirectories(src);
    Files.writeString(src.resolve("A.java"), "class A { void m(Thread t) { t.run(); } }\n");
    Path cache = Files.createDirectories(temp.resolve("cache"));
    Path killed = Files.writeString(cache.resolve(".facts.ser.0a1b.tmp"), "half a cache");
    Files.setLastModifiedTime(
        killed,
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
    Path writing = Files.writeString(cache.resolve(".run.ser.2c3d.tmp"), "another build's");
    Path notOurs = Files.writeString(cache.resolve("notes.tmp"), "kept");
    Files.setLastModifiedTime(
        notOurs,
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
    run(src, cache);
    assertThat(killed).doesNotExist();
    assertThat(writing).exists();
    assertThat(notOurs).exists();
    assertThat(warnings).isEmpty();
  }

  @Test
  void aRunWithNothingChangedReusesTheLastResultWithoutReadingAnyFilesFacts() throws IOException {
    Path src = temp.resolve("src");
    Files.createDirectories(src);
    Files.writeString(
        src.resolve("Starter.java"), "class Starter { void m(Thread t) { t.run(); } }\n");
    Files.writeString(src.resolve("Other.java"), "class Other { void m() {} }\n");
    Path cache = temp.resolve("cache");
    AnalysisResult cold = run(src, cache);
    assertThat(cache.resolve(DiskCache.RUN_FILE_NAME)).exists();
    Files.delete(cache.resolve(DiskCache.FILE_NAME)); // the run's result alone is enough
    AnalysisResult warm = run(src, cache);
    assertThat(shown(warm)).isEqualTo(shown(cold)).hasSize(1);
    assertThat(warm.lines()).isEqualTo(cold.lines());
    assertThat(warm.files()).isEqualTo(2);
    Files.writeString(src.resolve("Other.java"), "class Other { void m() { } }\n");
    assertThat(shown(run(src, cache))).isEqualTo(shown(cold)); // analysed again, same finding
    Files.delete(src.resolve("Starter.java"));
    assertThat(run(src, cache).findings()).isEmpty(); // a removed file changes the set
    assertThat(warnings).isEmpty();
  }

  @Test
  void oneChangedFileAmongManyRewritesOnlyTheDelta() throws IOException {
    Path src = temp.resolve("src");
    Files.createDirectories(src);
    for (int i = 0; i < 20; i++) {
      Files.writeString(src.resolve("C" + i + ".java"), "class C" + i + " { void m() {} }\n");
    }
    Files.writeString(
        src.resolve("Starter.java"), "class Starter { void m(Thread t) { t.run(); } }\n");
    Path cache = temp.resolve("cache");
    List<String> cold = shown(run(src, cache));
    assertThat(cold).hasSize(1);
    byte[] base = Files.readAllBytes(cache.resolve(DiskCache.FILE_NAME));
    Files.writeString(src.resolve("C3.java"), "class C3 { void m() { } }\n");
    assertThat(shown(run(src, cache))).isEqualTo(cold);
    assertThat(Files.readAllBytes(cache.resolve(DiskCache.FILE_NAME))).isEqualTo(base);
    assertThat(cache.resolve(DiskCache.DELTA_FILE_NAME)).exists();
    Files.writeString(
        src.resolve("Starter.java"), "class Starter { void m(Thread t) { t.start(); } }\n");
    assertThat(run(src, cache).findings()).isEmpty(); // base and delta read together
    Files.delete(cache.resolve(DiskCache.RUN_FILE_NAME));
    assertThat(run(src, cache).findings()).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void aChangedFileIsAnalysedAgain() throws IOException {
    Path src = temp.resolve("src");
    Files.createDirectories(src);
    Path file = src.resolve("Starter.java");
    Files.writeString(file, "class Starter { void m(Thread t) { t.run(); } }\n");
    Path cache = temp.resolve("cache");
    assertThat(run(src, cache).findings()).hasSize(1);
    Files.writeString(file, "class Starter { void m(Thread t) { t.start(); } }\n");
    assertThat(run(src, cache).findings()).isEmpty();
    Files.writeString(file, "class Starter { void m(Thread t) { t.run(); } }\n");
    assertThat(run(src, cache).findings()).hasSize(1);
    assertThat(warnings).isEmpty();
  }

  @Test
  void aCorruptCacheIsIgnoredWithOneWarning() throws IOException {
    Path cache = temp.resolve("cache");
    List<String> cold = shown(run(FIXTURES, cache));
    for (String name : List.of(DiskCache.FILE_NAME, DiskCache.RUN_FILE_NAME)) {
      Path stored = cache.resolve(name);
      byte[] bytes = Files.readAllBytes(stored);
      for (int i = bytes.length / 2; i < bytes.length; i += 7) {
        bytes[i] ^= 0x5A;
      }
      Files.write(stored, bytes);
    }
    assertThat(shown(run(FIXTURES, cache))).isEqualTo(cold);
    assertThat(warnings).hasSize(1).allMatch(w -> w.contains("ignored the cache"));
    warnings.clear();
    assertThat(shown(run(FIXTURES, cache))).isEqualTo(cold); // rewritten whole
    assertThat(warnings).isEmpty();
  }

  @Test
  void aForeignFileIsIgnoredWithOneWarning() throws IOException {
    Path cache = temp.resolve("cache");
    Files.createDirectories(cache);
    Files.writeString(
        cache.resolve(DiskCache.FILE_NAME), "not a cache at all", StandardCharsets.UTF_8);
    assertThat(run(FIXTURES, cache).findings()).isNotEmpty();
    assertThat(warnings).hasSize(1).allMatch(w -> w.contains("not a cache of this threadlint"));
  }

  @Test
  void anotherConfigurationsCacheIsStale() {
    Path cache = temp.resolve("cache");
    DiskCache first = new DiskCache(cache, warnings::add);
    first.open("configuration A");
    SourceFile file = new SourceFile(temp.resolve("A.java"), "A.java");
    first.store(file, "hash", entry());
    first.flush();
    DiskCache second = new DiskCache(cache, warnings::add);
    second.open("configuration B");
    assertThat(second.lookup(file, "hash")).isEmpty();
    assertThat(warnings)
        .hasSize(1)
        .allMatch(w -> w.contains("another threadlint build or configuration"));
    DiskCache third = new DiskCache(cache, warnings::add);
    third.open("configuration A");
    assertThat(third.lookup(file, "hash")).isPresent();
    assertThat(third.lookup(file, "other hash")).isEmpty();
  }

  /**
   * The facts file is cut into segments: a run that looks up one file reads that file's segment
   * only (a damaged other segment goes unnoticed), and a run that reads all notices the damage once
   * and writes a whole new file.
   */
  @Test
  void oneFilesEntryIsReadFromItsSegmentAlone() throws IOException {
    Path cache = temp.resolve("cache");
    DiskCache writing = new DiskCache(cache, warnings::add);
    writing.open("key");
    List<SourceFile> files = new ArrayList<>();
    for (int f = 0; f < 400; f++) {
      SourceFile file = new SourceFile(temp.resolve(String.format("F%03d.java", f)), "F" + f);
      files.add(file);
      writing.store(file, "hash" + f, entry());
    }
    writing.flush();
    Path stored = cache.resolve(DiskCache.FILE_NAME);
    byte[] bytes = Files.readAllBytes(stored);
    int at = bytes.length / 2; // inside a middle segment
    for (int i = at; i < at + 64; i++) {
      bytes[i] ^= 0x5A;
    }
    Files.write(stored, bytes);
    DiskCache lazy = new DiskCache(cache, warnings::add);
    lazy.open("key");
    assertThat(lazy.lookup(files.get(0), "hash0")).isPresent();
    assertThat(lazy.lookup(files.get(399), "hash399")).isPresent();
    assertThat(warnings).isEmpty();
    DiskCache all = new DiskCache(cache, warnings::add);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      all.open("key", pool);
      long found =
          files.stream().filter(f -> all.lookup(f, "hash" + files.indexOf(f)).isPresent()).count();
      assertThat(found).isLessThan(400).isGreaterThan(200);
      for (SourceFile file : files) {
        all.store(file, "hash" + files.indexOf(file), entry());
      }
      all.flush();
    } finally {
      pool.shutdownNow();
    }
    assertThat(warnings).hasSize(1).allMatch(w -> w.contains("in part"));
    warnings.clear();
    DiskCache again = new DiskCache(cache, warnings::add);
    again.open("key");
    assertThat(files).allMatch(f -> again.lookup(f, "hash" + files.indexOf(f)).isPresent());
    assertThat(warnings).isEmpty();
  }

  /**
   * A run that starts without a base writes the new one while it stores its entries (segments in
   * the order they fill, from several threads): read back, every entry is there, and no temporary
   * file stays behind. A path stored twice leaves the write to the flush, with the last entry.
   */
  @Test
  void aBaseWrittenWhileStoringHoldsEveryEntry() throws Exception {
    Path cache = temp.resolve("cache");
    List<SourceFile> files = new ArrayList<>();
    for (int f = 0; f < 1000; f++) {
      files.add(new SourceFile(temp.resolve(String.format("F%04d.java", f)), "F" + f));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      DiskCache writing = new DiskCache(cache, warnings::add);
      writing.open("key", pool);
      List<Future<?>> stored = new ArrayList<>();
      for (SourceFile file : files) {
        stored.add(pool.submit(() -> writing.store(file, "h" + file.relativePath(), entry())));
      }
      for (Future<?> future : stored) {
        future.get(1, TimeUnit.MINUTES);
      }
      writing.flush();
      DiskCache reading = new DiskCache(cache, warnings::add);
      reading.open("key", pool);
      assertThat(files).allMatch(f -> reading.lookup(f, "h" + f.relativePath()).isPresent());
      try (var names = Files.list(cache)) {
        assertThat(names.map(p -> p.getFileName().toString())).containsExactly(DiskCache.FILE_NAME);
      }
      Files.delete(cache.resolve(DiskCache.FILE_NAME));
      DiskCache twice = new DiskCache(cache, warnings::add);
      twice.open("key", pool);
      for (SourceFile file : files) {
        twice.store(file, "first", entry());
      }
      twice.store(files.get(7), "second", entry());
      twice.flush();
      DiskCache after = new DiskCache(cache, warnings::add);
      after.open("key");
      assertThat(after.lookup(files.get(7), "second")).isPresent();
      assertThat(after.lookup(files.get(8), "first")).isPresent();
      try (var names = Files.list(cache)) {
        assertThat(names.map(p -> p.getFileName().toString())).containsExactly(DiskCache.FILE_NAME);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(warnings).isEmpty();
  }

  private static CachedFile entry() {
    return new CachedFile(
        3, 0, new PreScan("", List.of(), Set.of("A"), false, "", Set.of()), null, false);
  }

  /**
   * Two builds of one module (mvn -T, or two processes) write the cache at once while others read
   * it: every read sees a whole cache of one writer or the other, never a mix or a torn file.
   */
  @Test
  void concurrentWritersNeverLeaveATornCache() throws Exception {
    Path cache = temp.resolve("cache");
    int writers = 4;
    int rounds = 25;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int r = 0; r < rounds; r++) {
                    DiskCache cacheOfOneBuild = new DiskCache(cache, warnings::add);
                    cacheOfOneBuild.open("key");
                    for (int f = 0; f < 200; f++) {
                      SourceFile file = new SourceFile(temp.resolve("F" + f + ".java"), "F" + f);
                      cacheOfOneBuild.store(file, "writer" + writer, entry());
                    }
                    cacheOfOneBuild.flush();
                  }
                  return null;
                }));
      }
      for (int reader = 0; reader < 2; reader++) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int r = 0; r < rounds * 2; r++) {
                    DiskCache reading = new DiskCache(cache, warnings::add);
                    reading.open("key");
                    // all 200 entries come from one writer
                    Optional<String> owner = Optional.empty();
                    for (int w = 0; w < writers && owner.isEmpty(); w++) {
                      SourceFile first = new SourceFile(temp.resolve("F0.java"), "F0");
                      if (reading.lookup(first, "writer" + w).isPresent()) {
                        owner = Optional.of("writer" + w);
                      }
                    }
                    if (owner.isPresent()) {
                      for (int f = 0; f < 200; f++) {
                        SourceFile file = new SourceFile(temp.resolve("F" + f + ".java"), "F" + f);
                        assertThat(reading.lookup(file, owner.get())).isPresent();
                      }
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(warnings).isEmpty();
    try (var files = Files.list(cache)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(DiskCache.FILE_NAME);
    }
  }
}
