package dev.threadlint.maven;

import dev.threadlint.BatchSettings;
import dev.threadlint.cache.DiskCache;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs a gate in a JVM of its own with the command line's batch settings ({@link BatchSettings}: C1
 * without profiling, the parallel collector) rather than in Maven's, whose tiered compilation and
 * G1 suit a long build, not a batch of a few seconds over every source file. A cold check of the
 * audit corpus as one module took 9.1–9.2 s in Maven's JVM and 6.2–6.5 s forked; of the bench
 * corpus, 22.9 s (2.3 GiB) and 15.5 s (1.0 GiB).
 *
 * <p>Starting a JVM costs a few tenths of a second, and Maven's JVM has loaded and compiled the
 * analyzer once for every module after the first: a small module, or a run that finds the cache of
 * an earlier one and analyses little, is quicker where it is. The audit corpus as a reactor of its
 * seven libraries (47–679 files each) took 10.9–11.2 s in Maven's JVM and 14.5–15.2 s with every
 * module forked. So by default ({@code auto}) only a run without a usable cache over at least
 * {@link #FROM_FILES} Java files is forked.
 */
final class AnalysisFork {
  /** Java files from which a cold run is forked under {@code auto}. */
  static final int FROM_FILES = 1000;

  /** How the goal chose: {@code auto}, {@code always} or {@code never}. */
  enum Mode {
    AUTO,
    ALWAYS,
    NEVER;

    static Mode parse(String value) {
      try {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(
            "threadlint.fork: expected auto, always or never, got '" + value + "'");
      }
    }
  }

  private AnalysisFork() {}

  /** Whether this gate runs in a JVM of its own. */
  static boolean wanted(Mode mode, GateRequest request) throws IOException {
    return switch (mode) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> isCold(request) && atLeastFiles(request.roots(), FROM_FILES);
    };
  }

  private static boolean isCold(GateRequest request) {
    return request.cacheDirectory() == null
        || !Files.isRegularFile(Path.of(request.cacheDirectory(), DiskCache.RUN_FILE_NAME));
  }

  static boolean atLeastFiles(List<String> roots, int count) throws IOException {
    long seen = 0;
    for (String root : roots) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        seen +=
            files
                .filter(f -> f.getFileName().toString().endsWith(".java"))
                .limit(count - seen)
                .count();
      }
      if (seen >= count) {
        return true;
      }
    }
    return false;
  }

  /**
   * The class path this plugin was loaded from, or empty when its class loader does not tell (then
   * the gate runs in Maven's JVM).
   */
  static Optional<String> classPath(ClassLoader loader) {
    if (!(loader instanceof URLClassLoader urls)) {
      return Optional.empty();
    }
    List<String> entries = new ArrayList<>();
    try {
      for (URL url : urls.getURLs()) {
        if (!"file".equals(url.getProtocol())) {
          return Optional.empty();
        }
        entries.add(Path.of(url.toURI()).toString());
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return entries.isEmpty()
        ? Optional.empty()
        : Optional.of(String.join(File.pathSeparator, entries));
  }

  /** The java launcher of the runtime Maven runs on, if it has one the build may start. */
  static Optional<String> javaExecutable() {
    boolean windows =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    Path java = Path.of(System.getProperty("java.home", ""), "bin", windows ? "java.exe" : "java");
    return Files.isExecutable(java) ? Optional.of(java.toString()) : Optional.empty();
  }

  /**
   * Runs the gate in a child JVM and returns what it decided. What the child prints (a JVM's
   * warning, a crash) goes to {@code printed}, line by line, as it comes.
   *
   * @param workDirectory where the request and outcome files are written (and deleted after)
   * @throws IOException when the child cannot be started or ended without an outcome
   * @throws InterruptedException when the build is stopped; the child is stopped too
   */
  static GateOutcome run(
      GateRequest request, String classPath, Path workDirectory, Consumer<String> printed)
      throws IOException, InterruptedException {
    Files.createDirectories(workDirectory);
    Path requestFile = Files.createTempFile(workDirectory, "fork-request-", ".ser");
    Path outcomeFile = workDirectory.resolve(requestFile.getFileName() + ".outcome");
    try {
      try (OutputStream out = Files.newOutputStream(requestFile);
          ObjectOutputStream objects = new ObjectOutputStream(out)) {
        objects.writeObject(request);
      }
      List<String> command = new ArrayList<>();
      command.add(
          javaExecutable().orElseThrow(() -> new IOException("this runtime has no java launcher")));
      command.addAll(BatchSettings.forAnalysis(Runtime.getRuntime().maxMemory()));
      command.add("-cp");
      command.add(classPath);
      command.add(ForkedGate.class.getName());
      command.add(requestFile.toString());
      command.add(outcomeFile.toString());
      Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (BufferedReader output =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), Charset.defaultCharset()))) {
        for (String line = output.readLine(); line != null; line = output.readLine()) {
          printed.accept(line);
        }
        int code = child.waitFor();
        if (code != 0 || !Files.isRegularFile(outcomeFile)) {
          throw new IOException("the analysis JVM ended with code " + code + " and no outcome");
        }
      } finally {
        child.destroy(); // ended, or stopped with the build
      }
      return ForkedGate.read(outcomeFile, GateOutcome.class);
    } catch (ClassNotFoundException e) {
      throw new IOException("the analysis JVM's outcome cannot be read", e);
    } finally {
      Files.deleteIfExists(requestFile);
      Files.deleteIfExists(outcomeFile);
    }
  }
}
