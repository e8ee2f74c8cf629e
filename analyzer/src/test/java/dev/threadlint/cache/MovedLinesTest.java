package dev.threadlint.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run after an edit that only moves lines reuses the last findings renumbered, and gives exactly
 * what a run without the cache gives on the edited sources; so does a run after a real edit (a
 * {@code synchronized} removed or added, a call, a field access, a lock), which the full run takes.
 * The files edited hold findings of the project phase whose related places and messages name lines
 * of theirs or of other files.
 */
class MovedLinesTest {
  private static final String ROOT = "dev/threadlint/fixtures/";
  private static final List<String> EDITED =
      List.of(
          "lock/BlockingThroughCallsCases.java",
          "lock/BlockingUnderLockCases.java",
          "lock/crossfile/DoorUsers.java",
          "race/DataRaceCases.java",
          "race/DataRaceModelCases.java",
          "race/InconsistentLockingCases.java",
          "race/UnsynchronizedOverrideCases.java",
          "race/overrides/SynchronizedCounter.java",
          "deadlock/LockOrderInversionCases.java",
          "deadlock/LockOrderPeerCases.java",
          "thread/VirtualThreadPinningCases.java");

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

  private List<String> cached(CountingCache cache) {
    return FixtureTree.findings(src, cache);
  }

  private List<String> uncached() {
    return FixtureTree.findings(src, FactsCache.NONE);
  }

  private CountingCache cache() {
    return new CountingCache(new DiskCache(cacheDir, warnings::add));
  }

  private void edit(String file, UnaryOperator<String> change) throws IOException {
    Path path = src.resolve(ROOT + file);
    String was = Files.readString(path);
    String now = change.apply(was);
    assertThat(now).as(file).isNotEqualTo(was);
    Files.writeString(path, now);
  }

  /** The edit, then a run with the cache: the uncached findings; true when the last were reused. */
  private boolean same(String file, UnaryOperator<String> change) throws IOException {
    edit(file, change);
    CountingCache counting = cache();
    List<String> withCache = cached(counting);
    assertThat(withCache).as(file).isEqualTo(uncached());
    return counting.lookups.get() == 2;
  }

  private static String atLine(String text, int line, String inserted) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    lines.add(Math.min(line, lines.size()), inserted);
    return String.join("\n", lines);
  }

  /** The line after the middle one that ends a statement or opens a block. */
  private static int middle(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = lines.length / 2; i < lines.length; i++) {
      if (lines[i].strip().endsWith(";") || lines[i].strip().endsWith("{")) {
        return i + 1;
      }
    }
    return lines.length;
  }

  /**
   * Over the fixtures, where many project findings name a line as "line N" (which file's, the
   * finding does not say), most moves are left to the full run; whichever way, the findings are the
   * uncached ones.
   */
  @Test
  void linesMovedInTheFixturesGiveTheUncachedFindings() throws IOException {
    assertThat(cached(cache())).isEqualTo(uncached()).isNotEmpty();
    for (String file : EDITED) {
      same(file, text -> "// a new first line\n" + text);
      same(file, text -> atLine(text, middle(text), "\n  // two more lines\n"));
      same(file, text -> text.replaceFirst("\n\n", "\n")); // a line less
    }
    assertThat(warnings).isEmpty();
  }

  /**
   * Every fixture file in turn, lines moved at its top and in its middle: the uncached findings.
   * Long (two runs per edit over all fixtures): {@code -Dthreadlint.movedSweep=true}.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(
      named = "threadlint.movedSweep",
      matches = "true")
  void everyFixtureFileMoved() throws IOException {
    cached(cache());
    List<String> files;
    try (Stream<Path> all = Files.walk(src.resolve(ROOT))) {
      files =
          all.filter(p -> p.toString().endsWith(".java"))
              .map(p -> src.resolve(ROOT).relativize(p).toString())
              .sorted()
              .toList();
    }
    int reused = 0;
    for (String file : files) {
      reused += same(file, text -> "// a new first line\n" + text) ? 1 : 0;
      reused += same(file, text -> atLine(text, middle(text), "\n  // two more lines\n")) ? 1 : 0;
    }
    System.out.printf(
        "moved-lines sweep: %d files, %d of %d runs reused%n",
        files.size(), reused, 2 * files.size());
    assertThat(warnings).isEmpty();
  }

  private static final String COUNTER =
      """
      package demo;

      public class Counter {
        private final Object lock = new Object();
        private int count;

        public void increment() {
          synchronized (lock) {
            count++;
          }
        }

        public void add(int n) {
          synchronized (lock) {
            count += n;
          }
        }

        public void reset() {
          count = 0;
        }

        public synchronized void slow() throws InterruptedException {
          Helper.pause();
        }

        public void both() {
          synchronized (lock) {
            Helper.locked();
          }
        }
      }
      """;

  private static final String HELPER =
      """
      package demo;

      public class Helper {
        static final Object other = new Object();

        static void pause() throws InterruptedException {
          Thread.sleep(10);
        }

        static void locked() {
          synchronized (other) {
            other.hashCode();
          }
        }

        static void reversed(Counter counter) {
          synchronized (other) {
            counter.both();
          }
        }
      }
      """;

  private void demo() throws IOException {
    src = temp.resolve("demo-src");
    Files.createDirectories(src.resolve(ROOT + "demo"));
    Files.writeString(src.resolve(ROOT + "demo/Counter.java"), COUNTER);
    Files.writeString(src.resolve(ROOT + "demo/Helper.java"), HELPER);
  }

  /**
   * Project findings whose places and messages ({@code Helper.java:7}, {@code Counter.java:29})
   * name lines of the moved file, in it and in the other file: renumbered from the last result.
   */
  @Test
  void projectFindingsNamingMovedLinesAreRenumbered() throws IOException {
    demo();
    List<String> cold = cached(cache());
    assertThat(cold)
        .hasSize(3)
        .anyMatch(f -> f.contains("Helper.java:7"))
        .anyMatch(f -> f.contains("Counter.java:29"));
    assertThat(same("demo/Helper.java", t -> "// a new first line\n" + t)).isTrue();
    assertThat(
            same(
                "demo/Counter.java",
                t -> t.replace("  public void reset", "\n\n  public void reset")))
        .isTrue();
    assertThat(same("demo/Counter.java", t -> t.replaceFirst("\n\n", "\n"))).isTrue();
    // both at once
    edit(
        "demo/Helper.java",
        t -> t.replace("  static void locked", "  // why\n  static void locked"));
    edit("demo/Counter.java", t -> "\n" + t);
    CountingCache both = cache();
    assertThat(cached(both)).isEqualTo(uncached());
    assertThat(both.lookups).hasValue(4);
    // the messages now hold other lines than the cold run's, and are what a run without the cache
    // writes
    assertThat(cached(cache())).hasSize(3).isNotEqualTo(cold).isEqualTo(uncached());
    assertThat(warnings).isEmpty();
  }

  /** "Helper.java:7" may be another Helper's line: a move of either is left to the full run. */
  @Test
  void aFileNameTwoFilesHaveIsNotRenumbered() throws IOException {
    demo();
    Files.createDirectories(src.resolve(ROOT + "other"));
    Files.writeString(
        src.resolve(ROOT + "other/Helper.java"),
        "package other;\n\nclass Helper {\n  static void pause() {}\n}\n");
    cached(cache());
    assertThat(same("demo/Helper.java", t -> "// a new first line\n" + t)).isFalse();
    assertThat(warnings).isEmpty();
  }

  /**
   * Code edits are not moved lines: the full run, with the uncached findings; but for an edit of
   * what nothing reads ({@code Unread}).
   */
  @Test
  void codeEditsInTheMovedFileAreAnalysedInFull() throws IOException {
    demo();
    cached(cache());
    assertThat(same("demo/Counter.java", t -> t.replace("synchronized void slow", "void slow")))
        .isFalse();
    assertThat(same("demo/Counter.java", t -> t.replace("count = 0;", "count = 0;\n    add(1);")))
        .isFalse();
    // a read of a final field, and a call on it, that nothing in the project phase reads
    assertThat(same("demo/Helper.java", t -> t.replace("other.hashCode();", ""))).isTrue();
    assertThat(
            same(
                "demo/Helper.java",
                t -> t.replace("synchronized (other) {", "synchronized (other) {\n      pause();")))
        .isFalse();
    assertThat(
            same(
                "demo/Helper.java",
                t -> t.replace("Thread.sleep(10);", "java.util.Objects.requireNonNull(\"x\");\n")))
        .isFalse();
    assertThat(warnings).isEmpty();
  }

  @Test
  void realEditsGiveTheUncachedFindings() throws IOException {
    cached(cache());
    for (String file : EDITED) {
      String text = Files.readString(src.resolve(ROOT + file));
      if (text.contains("synchronized (")) {
        assertThat(
                same(
                    file,
                    t -> t.replaceFirst("synchronized \\(([^)]*)\\) \\{", "if ($1 != null) {")))
            .isFalse();
      }
      if (text.contains(" synchronized void")) {
        assertThat(same(file, t -> t.replaceFirst(" synchronized void", " void"))).isFalse();
      }
      int at = middle(text);
      same(file, t -> atLine(t, at, "    java.util.Objects.requireNonNull(\"edited\");"));
      same(file, t -> atLine(t, at, "    synchronized (this) { this.hashCode(); }"));
      same(file, t -> t.replaceFirst("\\{\n", "{\n  int addedField;\n  { addedField++; }\n"));
      same(
          file,
          t ->
              atLine(
                  t,
                  middle(t),
                  "    java.util.concurrent.locks.ReentrantLock added ="
                      + " new java.util.concurrent.locks.ReentrantLock(); added.lock();"));
    }
    assertThat(warnings).isEmpty();
  }
}
