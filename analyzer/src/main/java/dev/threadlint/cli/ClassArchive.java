package dev.threadlint.cli;

import dev.threadlint.cache.DiskCache;
import dev.threadlint.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The batch JVM's classes, loaded and verified once and mapped from a file by every later run of
 * the same jar (HotSpot's class-data sharing, a dynamic archive).
 *
 * <p>A run with the cache that finds little changed spends most of its time starting: loading and
 * verifying about 3,000 classes of the analyzer, JavaParser and Jackson, most of it before the
 * first file is read. Mapped from an archive, a run with nothing changed takes about a quarter less
 * wall time (0.68 s against 0.51 s on the audit corpus, runs taken in turn), one that analyses a
 * changed file's part again 0.2–0.4 s less. Writing the archive costs half a second to a second,
 * once: the first run with {@code --cache} that finds the cache of an earlier run of this jar, and
 * no archive, writes it as it exits (a cold run, which has no cache yet, does not, so that it stays
 * as fast as it was; nor does the first run of a new jar, whose cache is stale). That run's classes
 * are archived; a class another run needs beyond them is loaded from the jar as before.
 *
 * <p>The archive lies beside the jar ({@code threadlint-classes-JAR-RUNTIME-SIZE.jsa} next to
 * {@code threadlint.jar}), not in the cache directory: an archive is code the JVM runs, so it
 * belongs where the jar is, with the jar's trust. A project's cache directory is often restored
 * from a build server's cache that others can write; what it holds is only read through an
 * allow-list (see the cache), and it holds no archive. Every project that runs this jar maps the
 * same archive. A jar in a directory that cannot be written gets none.
 *
 * <p>The archive is named for what it depends on (the jar with its size and time; the runtime and
 * the JVM options) and for its own size. A jar run on two runtimes in turn keeps an archive for
 * each; another build of the jar deletes the old build's. HotSpot checks what it can: an archive of
 * another jar or runtime is not used, and with {@code -XX:+VerifySharedSpaces} a damaged one is not
 * either (its checksums differ). A shortened one, though, crashes the JVM as it maps it, so an
 * archive whose size is not the one in its name is deleted unused; it is written to a temporary
 * file and moved into place whole once the JVM that wrote it has ended. A child that still ends in
 * a crash with an archive is run again without it, and the archive is deleted. HotSpot writes the
 * archive after the analysis has ended and ends with 1 (findings) when it cannot: the child says
 * its own exit code first, and that code stands ({@link #settle}).
 *
 * <p>Nothing of this happens for a class path that is not one jar (the archive holds classes of
 * jars only), a JVM that is not HotSpot, a user who chose how this JVM shares classes, or under
 * {@code -Dthreadlint.classArchive=false}.
 */
final class ClassArchive {
  private static final String SUFFIX = ".jsa";

  /** How many archives of one build of the jar, for other runtimes or options, are kept. */
  static final int RUNTIMES_KEPT = 3;

  /** How old a temporary file of an archive is when it is taken for one a killed run left. */
  private static final java.time.Duration STALE = java.time.Duration.ofHours(1);

  /** The options with which the user chose how classes are shared: theirs stand. */
  private static final List<String> USER_CHOICES =
      List.of(
          "-Xshare",
          "-XX:SharedArchiveFile",
          "-XX:ArchiveClassesAtExit",
          "-XX:SharedClassListFile",
          "-XX:DumpLoadedClassList",
          "-XX:-UseSharedSpaces",
          "-XX:+UseSharedSpaces");

  /** The system property that tells a child where to say its exit code. */
  static final String EXIT_RECORD = "threadlint.exitRecord";

  /** Silences HotSpot's notes on archives it does not use: a stale one is no news. */
  private static final String QUIET = "-Xlog:cds*=off";

  /**
   * A later HotSpot that drops one of these flags would refuse to start with it, and its exit code
   * (1) says findings: the archive's flags are hints, ignored where unknown. The user's own options
   * were accepted by the launching JVM, the same runtime, so this changes nothing of theirs.
   */
  private static final String HINTS = "-XX:+IgnoreUnrecognizedVMOptions";

  private final Path directory; // the jar's
  private final String prefix; // the jar's name and "-classes-"
  private final String key;
  private final Path archive; // null: none to use, the child writes one
  private final Path written; // where the child writes its archive, when it writes one
  private final Path crashReport; // where the child reports a crash
  private final Path exitRecord; // where a child that writes the archive says its exit code

  private ClassArchive(Path jar, String key, Path archive, boolean writes) {
    this.directory = jar.toAbsolutePath().getParent();
    this.prefix = prefix(jar);
    this.key = key;
    this.archive = archive;
    long pid = ProcessHandle.current().pid();
    this.written = writes ? directory.resolve("." + prefix + key + "." + pid + ".tmp") : null;
    this.crashReport = directory.resolve("." + prefix + "crash-" + pid + ".tmp");
    this.exitRecord = directory.resolve("." + prefix + "exit-" + pid + ".tmp");
    // left by an earlier process with this number, killed before it could clean up
    delete(crashReport);
    delete(exitRecord);
    if (written != null) {
      delete(written);
    }
  }

  /** The start of the names of a jar's archives: {@code threadlint-classes-} for threadlint.jar. */
  private static String prefix(Path jar) {
    String name = jar.getFileName().toString();
    return name.substring(0, name.length() - ".jar".length()) + "-classes-";
  }

  /**
   * The archive for a batch JVM with these options, started with this command line; empty when
   * there is none for this jar and this run is not one to write it (see the class comment), or when
   * the class path, the JVM or the user's options rule archives out.
   */
  static Optional<ClassArchive> forChild(
      String[] args, List<String> childOptions, String classPath) {
    Path jar = Path.of(classPath).toAbsolutePath();
    if (!archivable(jar, childOptions, classPath)) {
      return Optional.empty();
    }
    try {
      String key = key(jar, childOptions);
      Path existing = existing(jar, key);
      if (existing != null) {
        return Optional.of(new ClassArchive(jar, key, existing, false));
      }
      Path cache = cacheDirectory(args);
      Path run = cache == null ? null : cache.resolve(DiskCache.RUN_FILE_NAME);
      if (run == null
          || !Files.isRegularFile(run)
          || Files.getLastModifiedTime(run).compareTo(Files.getLastModifiedTime(jar)) < 0) {
        // no cache, a cold run, or the first of a new jar (its cache is stale): it stays as fast
        return Optional.empty();
      }
      if (!Files.isWritable(jar.getParent())) {
        return Optional.empty(); // HotSpot would end with 1, which says findings
      }
      return Optional.of(new ClassArchive(jar, key, null, true));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // no archive is only slower
    }
  }

  /**
   * The options with which an analysis daemon ({@link DaemonServer}) maps the archive of its jar,
   * runtime and options, or none when there is none. A daemon never writes one: it starts once and
   * then serves many runs, so an archive saves it little, and the runs of the command line without
   * {@code --daemon} write it as they always do.
   */
  static List<String> mappedByDaemon(List<String> daemonOptions, String classPath) {
    Path jar = Path.of(classPath).toAbsolutePath();
    if (!archivable(jar, daemonOptions, classPath)) {
      return List.of();
    }
    try {
      Path existing = existing(jar, key(jar, daemonOptions));
      return existing == null ? List.of() : mapping(existing);
    } catch (IOException | RuntimeException e) {
      return List.of(); // no archive is only slower
    }
  }

  /** Whether a JVM with this class path and these options can map an archive of this class. */
  private static boolean archivable(Path jar, List<String> childOptions, String classPath) {
    return !"false".equals(System.getProperty("threadlint.classArchive"))
        && classPath.endsWith(".jar")
        && !classPath.contains(java.io.File.pathSeparator)
        && Files.isRegularFile(jar)
        && jar.getParent() != null
        && System.getProperty("java.vm.name", "").contains("Server VM")
        && childOptions.stream().noneMatch(o -> USER_CHOICES.stream().anyMatch(o::startsWith));
  }

  /**
   * The child's options for this archive: map it, or write it as the child exits; either way, a
   * crash is reported where this class looks for it.
   */
  List<String> options() {
    String report = "-XX:ErrorFile=" + crashReport;
    if (archive != null) {
      List<String> options = new ArrayList<>(mapping(archive));
      options.add(report);
      return options;
    }
    return List.of(
        HINTS,
        "-XX:ArchiveClassesAtExit=" + written,
        QUIET,
        report,
        "-D" + EXIT_RECORD + "=" + exitRecord);
  }

  /** The options that map this archive, its checksums verified. */
  private static List<String> mapping(Path archive) {
    return List.of(HINTS, "-XX:SharedArchiveFile=" + archive, "-XX:+VerifySharedSpaces", QUIET);
  }

  /**
   * In the child: says the command line's exit code where the launcher looks for it, when the child
   * writes an archive as it exits (best effort: without it, the JVM's code stands).
   */
  static void recordExitCode(int code) {
    recordExitCode(code, System.getProperty(EXIT_RECORD));
  }

  static void recordExitCode(int code, String record) {
    if (record != null) {
      try {
        Files.writeString(Path.of(record), Integer.toString(code));
      } catch (IOException | RuntimeException e) {
        // the JVM's exit code is this one unless writing the archive fails
      }
    }
  }

  /**
   * Whether the child mapped this archive and crashed. It wrote a crash report then, whatever its
   * exit code (134 from an abort, but 1, which says findings, under {@code
   * -XX:-CreateCoredumpOnCrash}). The archive and the report are deleted, and the caller runs the
   * child again without the archive.
   */
  boolean crashedMapping() {
    if (archive == null || !Files.exists(crashReport)) {
      return false;
    }
    delete(archive);
    delete(crashReport);
    return true;
  }

  /**
   * After the child: the archive it wrote moved into place under its final name when it ended
   * normally, and the archives of other builds of the jar deleted ({@link #deleteOthers});
   * otherwise the partial file deleted, with the report of a crash. An archive is kept only from a
   * child that said its exit code (it reached its end) and ended with it. Returns the command
   * line's exit code: HotSpot writes the archive after the analysis has ended, and when it cannot
   * (a full disk) it ends with 1, which says findings; the code the child said before stands then,
   * and no archive is kept.
   *
   * @param jvmCode the code the child's JVM ended with
   */
  int settle(int jvmCode) {
    boolean crashed = Files.exists(crashReport);
    delete(crashReport);
    if (written == null) {
      return jvmCode;
    }
    int code = jvmCode;
    boolean said = false;
    try {
      code = Integer.parseInt(Files.readString(exitRecord).strip());
      said = true;
    } catch (IOException | RuntimeException e) {
      // not said (killed or stopped before its end): the JVM's code stands, the archive goes
    } finally {
      delete(exitRecord);
    }
    try {
      if (said
          && code == jvmCode
          && code >= Main.OK
          && code <= Main.INTERNAL
          && !crashed
          && Files.size(written) > 0) {
        Path named = directory.resolve(prefix + key + "-" + Files.size(written) + SUFFIX);
        Files.move(
            written, named, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        deleteOthers(named);
      }
    } catch (IOException | RuntimeException e) {
      // no archive is only slower; another run writes it
    } finally {
      delete(written);
      // what runs of this jar that were killed left behind
      AtomicFiles.deleteStale(directory, "." + prefix + "*.tmp", STALE);
    }
    return code;
  }

  /** The value of the command line's {@code --cache}, or null when it has none. */
  static Path cacheDirectory(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        return null;
      }
      if (args[i].equals("--cache") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--cache=")) {
        return Path.of(args[i].substring("--cache=".length()));
      }
    }
    return null;
  }

  /**
   * What an archive depends on, hashed: the jar as it is on disk, then the runtime and the JVM's
   * options but for system properties ({@code JAR-RUNTIME}). The archives of one jar under other
   * runtimes or options stay (up to {@link #RUNTIMES_KEPT}); another build of the jar makes the old
   * build's archives useless.
   */
  static String key(Path jar, List<String> childOptions) throws IOException {
    StringBuilder build = new StringBuilder();
    build.append(jar.toAbsolutePath().normalize()).append('\n');
    build.append(Files.size(jar)).append('\n');
    build.append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
    StringBuilder runtime = new StringBuilder();
    runtime.append(System.getProperty("java.home")).append('\n');
    runtime.append(System.getProperty("java.vm.version")).append('\n');
    for (String option : childOptions) {
      if (!option.startsWith("-D")) { // a property says nothing of how classes are laid out
        runtime.append(option).append('\n');
      }
    }
    return hash(build) + "-" + hash(runtime);
  }

  /**
   * Not a digest: loading one's provider would cost the launching JVM more than the rest of its
   * work, and a collision would only make HotSpot refuse an archive of another jar or runtime.
   */
  private static String hash(CharSequence text) {
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return Long.toHexString(crc.getValue()) + Integer.toHexString(text.toString().hashCode());
  }

  /**
   * The jar's archive of this key whose size is the one in its name; one of another size
   * (shortened, or grown by someone else) is deleted.
   */
  private static Path existing(Path jar, String key) throws IOException {
    String named = prefix(jar) + key + "-";
    try (DirectoryStream<Path> archives =
        Files.newDirectoryStream(jar.getParent(), named + "*" + SUFFIX)) {
      for (Path archive : archives) {
        String name = archive.getFileName().toString();
        String size = name.substring(named.length(), name.length() - SUFFIX.length());
        if (size.matches("[0-9]{1,18}") && Files.size(archive) == Long.parseLong(size)) {
          return archive;
        }
        delete(archive);
      }
    }
    return null;
  }

  /**
   * Deletes the archives of other builds of the jar, which nothing maps again, and of this build
   * all but the {@link #RUNTIMES_KEPT} newest: a user who runs the jar on two runtimes in turn (a
   * terminal's and an IDE's) keeps one archive for each rather than writing one every run.
   */
  private void deleteOthers(Path kept) throws IOException {
    String build = prefix + key.substring(0, key.indexOf('-') + 1);
    List<Path> sameBuild = new ArrayList<>();
    try (DirectoryStream<Path> archives =
        Files.newDirectoryStream(directory, prefix + "*" + SUFFIX)) {
      for (Path archive : archives) {
        if (archive.equals(kept)) {
          continue;
        }
        if (archive.getFileName().toString().startsWith(build)) {
          sameBuild.add(archive);
        } else {
          delete(archive); // another build's: it would not be mapped again
        }
      }
    }
    sameBuild.sort(Comparator.comparing(ClassArchive::modified).reversed());
    sameBuild.stream().skip(RUNTIMES_KEPT - 1L).forEach(ClassArchive::delete);
  }

  private static FileTime modified(Path path) {
    try {
      return Files.getLastModifiedTime(path);
    } catch (IOException e) {
      return FileTime.fromMillis(0); // gone already: first to go
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException | RuntimeException e) {
      // mapped by a JVM that still runs (Windows) or not ours to delete: it stays unused
    }
  }
}
