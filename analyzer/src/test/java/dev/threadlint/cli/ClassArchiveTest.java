package dev.threadlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchiveTest {
  private static final List<String> OPTIONS = List.of("-XX:+UseParallelGC");

  @TempDir Path dir;

  private Path cache() throws IOException {
    return Files.createDirectories(dir.resolve("cache"));
  }

  /** A cache that a run has used: it holds the run's result. */
  private Path usedCache() throws IOException {
    Path cache = cache();
    Files.writeString(cache.resolve("run.ser"), "a run");
    return cache;
  }

  /** Where the jars lie, and so their archives. */
  private Path lib() throws IOException {
    return Files.createDirectories(dir.resolve("lib"));
  }

  /** A jar built before the cache's last run. */
  private Path jar(String name) throws IOException {
    return builtEarlier(Files.writeString(lib().resolve(name), "not really a jar"));
  }

  private static Path builtEarlier(Path jar) throws IOException {
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
    return jar;
  }

  private Optional<ClassArchive> forChild(Path cache, Path jar, List<String> options) {
    return ClassArchive.forChild(
        new String[] {"--cache", cache.toString(), "src"}, options, jar.toString());
  }

  /** The archives beside the jars. */
  private List<Path> archives() throws IOException {
    try (Stream<Path> files = Files.list(lib())) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
    }
  }

  /** What lies beside the jars but the jars and their archives: temporary files left behind. */
  private List<String> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(lib())) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> !name.endsWith(".jar") && !name.endsWith(".jsa"))
          .toList();
    }
  }

  /** The file the child is told to write its archive to. */
  private static Path writeTarget(ClassArchive archive) {
    return Path.of(option(archive, "-XX:ArchiveClassesAtExit="));
  }

  @Test
  void theCacheDirectoryIsTheCommandLinesCacheOption() {
    assertThat(ClassArchive.cacheDirectory(new String[] {"--cache", "c", "src"}))
        .isEqualTo(Path.of("c"));
    assertThat(ClassArchive.cacheDirectory(new String[] {"src", "--cache=d"}))
        .isEqualTo(Path.of("d"));
    assertThat(ClassArchive.cacheDirectory(new String[] {"src", "--", "--cache", "c"})).isNull();
    assertThat(ClassArchive.cacheDirectory(new String[] {"src", "--cache"})).isNull();
    assertThat(ClassArchive.cacheDirectory(new String[] {"src"})).isNull();
  }

  @Test
  void aColdRunWritesNoArchiveSoThatItStaysAsFastAsBefore() throws IOException {
    assertThat(forChild(cache(), jar("t.jar"), OPTIONS)).isEmpty();
  }

  @Test
  void theFirstRunOfANewJarWritesNoArchiveEither() throws IOException {
    Path cache = usedCache();
    Path jar = jar("t.jar");
    Files.setLastModifiedTime(
        cache.resolve("run.ser"), FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
    assertThat(forChild(cache, jar, OPTIONS)).isEmpty(); // its cache is stale: a full run
  }

  @Test
  void noArchiveWithoutOneJarOrWhenTheUserChoseHowClassesAreShared() throws IOException {
    Path cache = usedCache();
    Path jar = jar("t.jar");
    assertThat(ClassArchive.forChild(new String[] {"src"}, OPTIONS, jar.toString())).isEmpty();
    assertThat(forChild(cache, dir, OPTIONS)).isEmpty(); // a directory of classes
    assertThat(
            ClassArchive.forChild(
                new String[] {"--cache", cache.toString()},
                OPTIONS,
                jar + java.io.File.pathSeparator + jar))
        .isEmpty();
    assertThat(forChild(cache, jar, List.of("-Xshare:off"))).isEmpty();
    assertThat(forChild(cache, jar, List.of("-XX:SharedArchiveFile=mine.jsa"))).isEmpty();
    assertThat(forChild(cache, jar, OPTIONS)).isPresent();
  }

  @Test
  void theArchiveAChildWroteIsMovedIntoPlaceUnderItsSizeAndMappedByTheNextRun() throws Exception {
    Path cache = usedCache();
    Path jar = jar("t.jar");
    writeArchive(cache, jar, 1234, Main.FINDINGS); // findings are a normal end

    assertThat(archives()).hasSize(1);
    Path archive = archives().get(0);
    assertThat(archive.getFileName().toString()).endsWith("-1234.jsa");
    assertThat(leftovers()).isEmpty();
    assertThat(Files.list(cache).map(Path::getFileName).map(Path::toString))
        .containsExactly("run.ser"); // the cache, which others may write, holds no code
    ClassArchive mapping = forChild(cache, jar, OPTIONS).orElseThrow();
    assertThat(mapping.options())
        .containsExactly(
            "-XX:+IgnoreUnrecognizedVMOptions", // a later HotSpot without one: still a run
            "-XX:SharedArchiveFile=" + archive,
            "-XX:+VerifySharedSpaces",
            "-Xlog:cds*=off",
            "-XX:ErrorFile=" + crashReport(mapping));
  }

  @Test
  void aChildThatCrashedOrFailedLeavesNoArchive() throws IOException {
    Path cache = usedCache();
    ClassArchive writing = forChild(cache, jar("t.jar"), OPTIONS).orElseThrow();
    Files.write(writeTarget(writing), new byte[10]);
    writing.settle(134); // killed by a signal
    assertThat(leftovers()).isEmpty();

    ClassArchive crashing = forChild(cache, jar("t.jar"), OPTIONS).orElseThrow();
    Files.write(writeTarget(crashing), new byte[10]);
    Files.writeString(crashReport(crashing), "# A fatal error");
    crashing.settle(Main.FINDINGS); // HotSpot's code for a crash under -XX:-CreateCoredumpOnCrash
    assertThat(leftovers()).isEmpty();
  }

  private static Path crashReport(ClassArchive archive) {
    return Path.of(option(archive, "-XX:ErrorFile="));
  }

  /**
   * A child that wrote an archive of so many bytes and ended as it should, with this code: the
   * archive as moved into place.
   */
  private Path writeArchive(Path cache, Path jar, int bytes, int code) throws IOException {
    return writeArchive(cache, jar, OPTIONS, bytes, code);
  }

  private Path writeArchive(Path cache, Path jar, List<String> options, int bytes, int code)
      throws IOException {
    ClassArchive writing = forChild(cache, jar, options).orElseThrow();
    Files.write(writeTarget(writing), new byte[bytes]);
    ended(writing, code);
    return archives().stream()
        .filter(a -> a.getFileName().toString().endsWith("-" + bytes + ".jsa"))
        .findFirst()
        .orElseThrow();
  }

  /** The child ended as it should: it said its exit code, and its JVM ended with that code. */
  private static int ended(ClassArchive archive, int code) {
    ClassArchive.recordExitCode(code, option(archive, "-D" + ClassArchive.EXIT_RECORD + "="));
    return archive.settle(code);
  }

  @Test
  void aChildStoppedBeforeItsEndLeavesNoArchive() throws IOException {
    Path cache = usedCache();
    ClassArchive stopped = forChild(cache, jar("t.jar"), OPTIONS).orElseThrow();
    Files.write(writeTarget(stopped), new byte[10]); // what it wrote before it was stopped
    assertThat(stopped.settle(Main.INTERNAL)).isEqualTo(Main.INTERNAL);
    assertThat(archives()).isEmpty();
  }

  private static String option(ClassArchive archive, String prefix) {
    return archive.options().stream()
        .filter(o -> o.startsWith(prefix))
        .map(o -> o.substring(prefix.length()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theCodeTheChildSaidStandsWhenHotSpotCouldNotWriteTheArchiveAndNoArchiveIsKept()
      throws IOException {
    Path cache = usedCache();
    Path jar = jar("t.jar");
    ClassArchive failing = forChild(cache, jar, OPTIONS).orElseThrow();
    String record = option(failing, "-D" + ClassArchive.EXIT_RECORD + "=");
    ClassArchive.recordExitCode(Main.OK, record);
    Files.write(writeTarget(failing), new byte[10]); // what it wrote before the disk was full
    assertThat(failing.settle(Main.FINDINGS)).isEqualTo(Main.OK); // HotSpot's 1, not findings
    assertThat(archives()).isEmpty();
    assertThat(leftovers()).isEmpty();

    ClassArchive finding = forChild(cache, jar, OPTIONS).orElseThrow();
    ClassArchive.recordExitCode(
        Main.FINDINGS, option(finding, "-D" + ClassArchive.EXIT_RECORD + "="));
    Files.write(writeTarget(finding), new byte[10]);
    assertThat(finding.settle(Main.FINDINGS)).isEqualTo(Main.FINDINGS);
    assertThat(archives()).hasSize(1);

    ClassArchive mapping = forChild(cache, jar, OPTIONS).orElseThrow();
    assertThat(mapping.options()).noneMatch(o -> o.contains(ClassArchive.EXIT_RECORD));
    assertThat(mapping.settle(Main.USAGE)).isEqualTo(Main.USAGE);
  }

  @Test
  void noArchiveIsWrittenBesideAJarInADirectoryThatCannotBeWritten() throws IOException {
    Path cache = usedCache();
    Path jar = jar("t.jar");
    lib().toFile().setWritable(false);
    try {
      org.junit.jupiter.api.Assumptions.assumeFalse(
          Files.isWritable(lib()), "a user that writes anywhere (root)");
      assertThat(forChild(cache, jar, OPTIONS)).isEmpty();
    } finally {
      lib().toFile().setWritable(true);
    }
  }

  @Test
  void anyRunOfTheJarMapsItsArchiveButOnlyARunWithTheCacheOfAnEarlierOneWritesIt()
      throws IOException {
    Path jar = jar("t.jar");
    String[] withoutCache = {"src"};
    assertThat(ClassArchive.forChild(withoutCache, OPTIONS, jar.toString())).isEmpty();
    Path archive = writeArchive(usedCache(), jar, 100, Main.OK);
    assertThat(ClassArchive.forChild(withoutCache, OPTIONS, jar.toString()).orElseThrow().options())
        .contains("-XX:SharedArchiveFile=" + archive);
    Path otherProject = Files.createDirectories(dir.resolve("other-cache")); // cold: no run yet
    assertThat(forChild(otherProject, jar, OPTIONS).orElseThrow().options())
        .contains("-XX:SharedArchiveFile=" + archive);
  }

  @Test
  void aDaemonMapsTheArchiveOfItsJarAndOptionsButNeverWritesOne() throws IOException {
    Path jar = jar("t.jar");
    assertThat(ClassArchive.mappedByDaemon(OPTIONS, jar.toString())).isEmpty();

    Path archive = writeArchive(usedCache(), jar, 100, Main.OK);

    assertThat(ClassArchive.mappedByDaemon(OPTIONS, jar.toString()))
        .contains("-XX:SharedArchiveFile=" + archive, "-XX:+VerifySharedSpaces")
        .noneMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit"));
    assertThat(ClassArchive.mappedByDaemon(List.of("-Xmx1g"), jar.toString()))
        .as("other options, another archive")
        .isEmpty();
    assertThat(ClassArchive.mappedByDaemon(List.of("-Xshare:off"), jar.toString()))
        .as("the user's own choice")
        .isEmpty();
  }

  @Test
  void anArchiveOfAnotherSizeThanItsNameSaysIsDeletedUnused() throws IOException {
    Path cache = usedCache();
    Path jar = jar("t.jar");
    Path archive = writeArchive(cache, jar, 100, Main.OK);
    Files.write(archive, new byte[50]); // shortened: HotSpot would crash mapping it

    ClassArchive next = forChild(cache, jar, OPTIONS).orElseThrow();
    assertThat(next.options()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
    assertThat(archives()).isEmpty();
  }

  @Test
  void anotherBuildOfTheJarOrOtherOptionsNeedAnotherArchiveAndTheOldBuildsGo() throws IOException {
    Path cache = usedCache();
    Path jar = jar("t.jar");
    String before = ClassArchive.key(jar, OPTIONS);
    assertThat(ClassArchive.key(jar, List.of("-Xmx1g"))).isNotEqualTo(before);
    assertThat(ClassArchive.key(jar, List.of("-XX:+UseParallelGC", "-Dthreadlint.modelStats=true")))
        .isEqualTo(before);
    writeArchive(cache, jar, 100, Main.OK);
    writeArchive(cache, jar, List.of("-Xmx1g"), 150, Main.OK);

    Files.setLastModifiedTime(jar, FileTime.fromMillis(0)); // another build of the jar
    assertThat(ClassArchive.key(jar, OPTIONS)).isNotEqualTo(before);
    writeArchive(cache, jar, 200, Main.OK);
    assertThat(archives())
        .singleElement()
        .satisfies(a -> assertThat(a.getFileName().toString()).endsWith("-200.jsa"));
  }

  @Test
  void aJarRunUnderTwoRuntimesInTurnKeepsAnArchiveForEachAndMapsIt() throws IOException {
    Path cache = usedCache();
    Path jar = jar("t.jar");
    // another runtime and other options weigh alike in the key: both say how the JVM runs
    List<String> ide = List.of("-XX:+UseParallelGC", "-Xmx2g");
    Path terminals = writeArchive(cache, jar, 100, Main.OK);
    Path ides = writeArchive(cache, jar, ide, 150, Main.OK);

    assertThat(archives()).containsExactlyInAnyOrder(terminals, ides);
    assertThat(forChild(cache, jar, OPTIONS).orElseThrow().options())
        .contains("-XX:SharedArchiveFile=" + terminals);
    assertThat(forChild(cache, jar, ide).orElseThrow().options())
        .contains("-XX:SharedArchiveFile=" + ides);
  }

  @Test
  void ofOneBuildOnlyTheNewestArchivesAreKept() throws IOException {
    Path cache = usedCache();
    Path jar = jar("t.jar");
    List<Path> written = new ArrayList<>();
    for (int i = 0; i < ClassArchive.RUNTIMES_KEPT + 2; i++) {
      Path archive = writeArchive(cache, jar, List.of("-Xmx" + (i + 1) + "g"), 100 + i, Main.OK);
      // written in turn, a second apart as the file system sees it
      Files.setLastModifiedTime(archive, FileTime.fromMillis(1_000_000L + 1000L * i));
      written.add(archive);
    }
    assertThat(archives())
        .containsExactlyInAnyOrderElementsOf(
            written.subList(written.size() - ClassArchive.RUNTIMES_KEPT, written.size()));
  }

  @Test
  void onlyACrashWithAnArchiveMappedAsksForARunWithoutIt() throws IOException {
    Path cache = usedCache();
    Path jar = jar("t.jar");
    ClassArchive writing = forChild(cache, jar, OPTIONS).orElseThrow();
    Files.writeString(crashReport(writing), "# A fatal error");
    assertThat(writing.crashedMapping()).isFalse(); // it mapped none
    Files.write(writeTarget(writing), new byte[100]);
    Files.delete(crashReport(writing));
    ended(writing, Main.OK);

    ClassArchive mapping = forChild(cache, jar, OPTIONS).orElseThrow();
    assertThat(mapping.crashedMapping()).isFalse(); // no report: it ended as it should
    assertThat(archives()).hasSize(1);
    Files.writeString(crashReport(mapping), "# A fatal error");
    assertThat(mapping.crashedMapping()).isTrue();
    assertThat(archives()).isEmpty();
    assertThat(crashReport(mapping)).doesNotExist();
  }

  /**
   * The real thing, with this runtime's HotSpot: a child writes the archive, the next maps it and
   * prints what it printed, and a shortened archive that claims its new size crashes the JVM (which
   * is why a crash with an archive runs the child again without it).
   */
  @Test
  void hotSpotWritesMapsAndCrashesOnAShortenedArchive() throws Exception {
    Path cache = usedCache();
    Path jar = helloJar();
    ClassArchive writing = forChild(cache, jar, OPTIONS).orElseThrow();
    assertThat(java(jar, writing)).isEqualTo(new Ran(0, "hello"));
    writing.settle(0);
    Path archive = archives().get(0);

    ClassArchive mapping = forChild(cache, jar, OPTIONS).orElseThrow();
    assertThat(mapping.options()).contains("-XX:SharedArchiveFile=" + archive);
    assertThat(java(jar, mapping)).isEqualTo(new Ran(0, "hello"));

    byte[] whole = Files.readAllBytes(archive);
    Files.delete(archive);
    String name = archive.getFileName().toString();
    String shortened = name.replace("-" + whole.length + ".jsa", "-" + whole.length / 2 + ".jsa");
    Files.write(lib().resolve(shortened), java.util.Arrays.copyOf(whole, whole.length / 2));
    ClassArchive broken = forChild(cache, jar, OPTIONS).orElseThrow();
    assertThat(java(jar, broken).code()).isNotZero();
    assertThat(broken.crashedMapping()).isTrue();
    assertThat(archives()).isEmpty();

    ClassArchive unwritable = forChild(cache, jar, OPTIONS).orElseThrow();
    Path target = writeTarget(unwritable);
    Files.createDirectories(target.resolve("in the way")); // HotSpot cannot create the archive
    Ran failed = java(jar, unwritable);
    assertThat(failed.code()).isEqualTo(1); // which would say findings
    assertThat(unwritable.settle(failed.code())).isEqualTo(Main.OK); // what the child said
    assertThat(archives()).isEmpty();
  }

  private record Ran(int code, String out) {}

  private Ran java(Path jar, ClassArchive archive) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(OPTIONS);
    command.addAll(archive.options());
    command.add(
        "-XX:-CreateCoredumpOnCrash"); // no core file; the report goes where the archive says
    command.addAll(List.of("-cp", jar.toString(), "Hello"));
    Path out = dir.resolve("out.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String printed = Files.readString(out, StandardCharsets.UTF_8).strip();
    return new Ran(process.exitValue(), printed.startsWith("hello") ? "hello" : "");
  }

  /** A jar with one class that prints "hello". */
  private Path helloJar() throws IOException {
    Path source = Files.createDirectories(dir.resolve("hello")).resolve("Hello.java");
    Files.writeString(
        source,
        "public class Hello { public static void main(String[] a) throws Exception {"
            + " System.out.println(\"hello\");"
            + " String record = System.getProperty(\"threadlint.exitRecord\");"
            + " if (record != null) java.nio.file.Files.writeString("
            + " java.nio.file.Path.of(record), \"0\"); } }");
    int compiled =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", source.getParent().toString(), source.toString());
    assertThat(compiled).isZero();
    Path jar = lib().resolve("hello.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("Hello.class"));
      out.write(Files.readAllBytes(source.getParent().resolve("Hello.class")));
      out.closeEntry();
    }
    return builtEarlier(jar);
  }
}
