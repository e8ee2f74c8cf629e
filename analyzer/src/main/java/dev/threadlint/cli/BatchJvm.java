package dev.threadlint.cli;

import dev.threadlint.BatchSettings;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs the command line again in a JVM set up for what a threadlint run is: a batch job of a few
 * seconds that runs a great deal of code once and allocates gigabytes that die young.
 *
 * <p>{@code java -jar} starts HotSpot set up for a long-lived server: tiered compilation that
 * profiles everything it compiles first (C1 with counters) so that C2 can later compile it in
 * depth, and G1, whose write barriers and concurrent marking buy short pauses with throughput. A
 * run ends before most of that pays back. Measured on the bench corpus (1.18 M lines, 2 threads,
 * CPU time): C1 without profiling ({@code -XX:TieredStopAtLevel=1}) and the parallel collector
 * together cut a cold run from about 46 s to 34 s, with the same findings. Neither can be switched
 * on from inside a running JVM, so the command line starts a second one with them (about a tenth of
 * a second) and waits for it; this process only relays its exit code.
 *
 * <p>The settings themselves, and how the heap starts, are {@link BatchSettings}.
 *
 * <p>The child maps its classes from an archive beside the jar when there is one, or writes it as
 * it exits when the run is one to write it ({@link ClassArchive}).
 *
 * <p>With {@code --daemon} the batch JVM is one that stays for later runs ({@link DaemonServer}),
 * reached through {@link DaemonClient}; when none can be had, the run goes on as without it.
 *
 * <p>Nothing is relaunched when the user chose for this JVM already: a collector, a compilation
 * mode or an agent (a debugger, a profiler) on its command line; or when {@code
 * -Dthreadlint.batchJvm=false}. The child gets this JVM's own options first (system properties,
 * heap size), then the batch settings.
 */
final class BatchJvm {
  /** Set on the child's command line, so that it runs the analysis itself. */
  static final String PROPERTY = "threadlint.batchJvm";

  /** Options with which the user chose how this JVM compiles, collects or is observed. */
  private static final List<String> USER_CHOICES =
      List.of(
          "-XX:TieredStopAtLevel",
          "-XX:-TieredCompilation",
          "-XX:CompilationMode",
          "-XX:MaxNewSize",
          "-Xmn",
          "-agentlib",
          "-agentpath",
          "-javaagent",
          "-Xdebug",
          "-Xrunjdwp");

  private BatchJvm() {}

  /**
   * The exit code of the command line run in a batch JVM, or empty when this process is to run it
   * itself (it is the batch JVM, the user chose otherwise, or the child could not be started).
   */
  static OptionalInt run(String[] args) {
    if ("false".equals(System.getProperty(PROPERTY))) {
      return inThisJvm(args, "-D" + PROPERTY + "=false");
    }
    if (System.getProperty(PROPERTY) != null) {
      return OptionalInt.empty(); // the batch JVM itself, "child"
    }
    List<String> own;
    try {
      own = ManagementFactory.getRuntimeMXBean().getInputArguments();
    } catch (RuntimeException | LinkageError e) {
      return inThisJvm(args, "this runtime has no java.management");
    }
    if (chosenByUser(own)) {
      return inThisJvm(args, "a collector, compilation mode or agent of your own keeps it here");
    }
    Path java = javaExecutable();
    String classPath = System.getProperty("java.class.path", "");
    if (java == null || classPath.isEmpty()) {
      return inThisJvm(args, "this runtime has no java launcher");
    }
    List<String> options = new ArrayList<>(own);
    options.addAll(BatchSettings.forChild(own, Runtime.getRuntime().maxMemory()));
    if (DaemonClient.asked(args)) {
      OptionalInt served = DaemonClient.run(args, java, options, classPath);
      if (served.isPresent()) {
        return OptionalInt.of(relayed(served.getAsInt(), System.err));
      }
    }
    Optional<ClassArchive> archive = ClassArchive.forChild(args, options, classPath);
    int first = runChild(java, options, archive, classPath, args);
    int code = first;
    if (archive.isPresent() && archive.get().crashedMapping()) {
      System.err.println(
          "threadlint: the analysis JVM crashed with the class archive beside the jar; the archive"
              + " is deleted and the analysis runs again without it");
      code = runChild(java, options, Optional.empty(), classPath, args);
    }
    int ended = archive.isPresent() ? archive.get().settle(code) : code;
    return ended < 0 ? OptionalInt.empty() : OptionalInt.of(relayed(ended, System.err));
  }

  /**
   * The exit code of the command line run in a child JVM with these options, or -1 when the child
   * could not be started.
   */
  private static int runChild(
      Path java,
      List<String> options,
      Optional<ClassArchive> archive,
      String classPath,
      String[] args) {
    List<String> jvmOptions = new ArrayList<>(options);
    archive.ifPresent(a -> jvmOptions.addAll(a.options()));
    List<String> command =
        command(java, jvmOptions, "child", classPath, Main.class.getName(), List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    // this JVM's options from the launcher's environment are on the command line already
    builder.environment().remove("JDK_JAVA_OPTIONS");
    Process child;
    try {
      child = builder.start();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    // killed (not interrupted from a terminal, which reaches the child too): the child goes too
    Thread stopChild = new Thread(child::destroy, "threadlint-stop-child");
    Runtime.getRuntime().addShutdownHook(stopChild);
    try {
      int code = child.waitFor();
      try {
        Runtime.getRuntime().removeShutdownHook(stopChild); // a second child may follow
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway, on a child that has ended
      }
      return code;
    } catch (InterruptedException e) {
      child.destroy();
      Thread.currentThread().interrupt();
      return Main.INTERNAL;
    }
  }

  /** Empty: the run stays in this JVM; says why when it asked for a daemon. */
  private static OptionalInt inThisJvm(String[] args, String why) {
    if (DaemonClient.asked(args)) {
      System.err.println("threadlint: running without a daemon: " + why);
    }
    return OptionalInt.empty();
  }

  /**
   * The command that starts a JVM of the batch settings' kind: this runtime's launcher, the
   * options, {@link #PROPERTY} set to the JVM's role ({@code child}, {@code daemon}), the class
   * path, the main class and its arguments.
   */
  static List<String> command(
      Path java,
      List<String> jvmOptions,
      String role,
      String classPath,
      String mainClass,
      List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.add("-D" + PROPERTY + "=" + role);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /**
   * The exit code to give for the child's: its own when it is one of the command line's, an
   * internal failure (said on {@code err}) when the child was killed before it could say (out of
   * memory, a signal).
   */
  static int relayed(int code, java.io.PrintStream err) {
    if (code >= Main.OK && code <= Main.INTERNAL) {
      return code;
    }
    err.println("threadlint: internal failure: the analysis JVM ended with code " + code);
    return Main.INTERNAL;
  }

  /** True in the batch JVM that a command line started. */
  static boolean isChild() {
    return "child".equals(System.getProperty(PROPERTY));
  }

  /**
   * Under {@code -Dthreadlint.modelStats=true}, says on standard error which JVM runs the analysis.
   */
  static void describe() {
    if (isChild() && Boolean.getBoolean("threadlint.modelStats")) {
      List<String> own = ManagementFactory.getRuntimeMXBean().getInputArguments();
      List<String> batch = own.stream().filter(o -> o.startsWith("-X")).toList();
      System.err.println("threadlint batch JVM: " + String.join(" ", batch));
    }
  }

  static boolean chosenByUser(List<String> jvmOptions) {
    for (String option : jvmOptions) {
      if (option.matches("-XX:[+-]Use\\w*GC")) {
        return true; // a collector: -XX:+UseG1GC, -XX:+UseZGC ...
      }
      for (String choice : USER_CHOICES) {
        if (option.startsWith(choice)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The java launcher of this runtime, or null when it has none. */
  private static Path javaExecutable() {
    Path bin = Path.of(System.getProperty("java.home", ""), "bin");
    boolean windows =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
            || File.separatorChar == '\\';
    Path java = bin.resolve(windows ? "java.exe" : "java");
    return Files.isExecutable(java) ? java : null;
  }
}
