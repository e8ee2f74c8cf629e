package dev.threadlint.cli;

import dev.threadlint.AnalysisAbortedException;
import dev.threadlint.AnalysisRequest;
import dev.threadlint.Check;
import dev.threadlint.CheckRequest;
import dev.threadlint.CheckResult;
import dev.threadlint.QuickCompiles;
import dev.threadlint.Version;
import dev.threadlint.cache.DiskCache;
import dev.threadlint.cache.FactsCache;
import dev.threadlint.filters.Baseline;
import dev.threadlint.models.ResourcePair;
import dev.threadlint.report.ReportTarget;
import dev.threadlint.report.Reporter;
import dev.threadlint.report.Reporters;
import dev.threadlint.report.TextReporter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of DESIGN §5. Exit codes: 0 nothing at or above {@code --fail-on}; 1 findings at
 * or above it; 2 bad usage or configuration (nothing written); 3 internal failure.
 */
@Command(
    name = "threadlint",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    sortOptions = false,
    description =
        "Finds concurrency bugs in Java sources: races, semaphore and lock misuse,"
            + " thread lifecycle problems.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing at or above --fail-on",
      "1:findings at or above --fail-on",
      "2:bad usage or configuration",
      "3:internal failure"
    })
public final class Main implements Callable<Integer> {
  static final int OK = 0;
  static final int FINDINGS = 1;
  static final int USAGE = 2;
  static final int INTERNAL = 3;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Source roots or files.")
  private List<Path> paths = new ArrayList<>();

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FMT",
      description = "text (default) | sarif | html | checkstyle | codeclimate; repeatable.")
  private List<String> formats = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "PATH",
      description = "Output file, or directory when several formats are given. Default: stdout.")
  private Path output;

  @Option(
      names = "--fail-on",
      paramLabel = "LEVEL",
      defaultValue = "warning",
      description = "error | warning (default) | info | none.")
  private String failOn;

  @Option(
      names = "--enable",
      paramLabel = "ID",
      split = ",",
      description = "Rules or families to run (default: all).")
  private List<String> enable = new ArrayList<>();

  @Option(
      names = "--disable",
      paramLabel = "ID",
      split = ",",
      description = "Rules or families not to run.")
  private List<String> disable = new ArrayList<>();

  @Option(
      names = "--include",
      paramLabel = "GLOB",
      description = "Only files whose path relative to the working directory matches.")
  private List<String> includes = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "Skip files whose relative path matches.")
  private List<String> excludes = new ArrayList<>();

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description = "Only findings not in this baseline count.")
  private Path baseline;

  @Option(
      names = "--write-baseline",
      paramLabel = "FILE",
      description = "Write the current findings as a baseline and exit 0.")
  private Path writeBaseline;

  @Option(
      names = "--new-since",
      paramLabel = "REF",
      description =
          "Only findings on lines changed since the merge base of HEAD and this git ref count.")
  private String newSince;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Worker threads (default: available processors).")
  private Integer threads;

  @Option(
      names = "--encoding",
      paramLabel = "CHARSET",
      defaultValue = "UTF-8",
      description = "Source encoding (default UTF-8).")
  private String encoding;

  @Option(
      names = "--language-level",
      paramLabel = "L",
      defaultValue = "newest",
      description =
          "Java language level, e.g. 17 or 21 (default: newest JavaParser supports); an explicit"
              + " level is also the target release virtual-thread-pinning checks.")
  private String languageLevel;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "Incremental cache directory: unchanged files are not analysed again.")
  private Path cache;

  @Option(
      names = DaemonClient.OPTION,
      description =
          "Run in an analysis JVM that stays for later runs from this directory with the same"
              + " options (it ends after 30 idle minutes); with --cache, a run after an edit then"
              + " takes a fraction of a second.")
  private boolean daemon; // read by BatchJvm before this class parses the command line

  @Option(
      names = "--no-prescan",
      description =
          "Parse every file, also those the lexical pre-scan shows cannot matter to any rule.")
  private boolean noPrescan;

  @Option(
      names = "--resource-pair",
      paramLabel = "SPEC",
      description =
          "A semaphore-like API, Type#acquire[,tryAcquire...]:release (e.g."
              + " Bulkhead#acquirePermission,tryAcquirePermission:releasePermission); repeatable.")
  private List<String> resourcePairs = new ArrayList<>();

  private final PrintStream stdout;
  private final PrintStream stderr;

  Main(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public static void main(String[] args) {
    java.util.OptionalInt relaunched = BatchJvm.run(args);
    if (relaunched.isPresent()) {
      System.exit(relaunched.getAsInt()); // the batch JVM ran it (see BatchJvm)
    }
    BatchJvm.describe();
    // this process is ours alone (see QuickCompiles); a batch JVM compiles with C1 alone already
    if (!BatchJvm.isChild()) {
      QuickCompiles.requestAside(QuickCompiles.Scope.PROCESS);
    }
    if (!BatchJvm.isChild()) {
      // likewise (see HeapReturn); a batch JVM's parallel collector with a capped young generation
      // does not grow the heap the way G1 does, and a full collection there only costs time
      dev.threadlint.HeapReturn.allowInThisProcess();
    }
    int code = run(args, System.out, System.err);
    ClassArchive.recordExitCode(code); // when this JVM writes a class archive as it exits
    System.exit(code);
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int run(String[] args, PrintStream stdout, PrintStream stderr) {
    CommandLine command = new CommandLine(new Main(stdout, stderr));
    command.setOut(new java.io.PrintWriter(stdout, true));
    command.setErr(new java.io.PrintWriter(stderr, true));
    command.setParameterExceptionHandler(
        (ex, arguments) -> {
          stderr.println("threadlint: " + ex.getMessage() + " (see --help)");
          return USAGE;
        });
    command.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          stderr.println("threadlint: internal failure: " + ex);
          return INTERNAL;
        });
    return command.execute(args);
  }

  @Override
  public Integer call() {
    CliConfig config;
    try {
      config = configure();
    } catch (IllegalArgumentException e) {
      stderr.println("threadlint: " + e.getMessage());
      return USAGE;
    }
    try {
      if (writeBaseline != null) {
        Baseline written = Check.writeBaseline(config.request(), writeBaseline);
        stderr.println(
            "threadlint: wrote "
                + written.entries().size()
                + " findings to baseline "
                + writeBaseline);
        return OK;
      }
      CheckResult result = Check.run(checkRequest(config, stdout));
      result.notes().forEach(note -> stderr.println("threadlint: " + note));
      if (config.output() != null || !(config.reporters().get(0) instanceof TextReporter)) {
        stderr.println(TextReporter.summary(result.counted()));
      }
      return result.fails(config.failOn()) ? FINDINGS : OK;
    } catch (IllegalArgumentException e) {
      stderr.println("threadlint: " + e.getMessage());
      return USAGE;
    } catch (AnalysisAbortedException | UncheckedIOException e) {
      stderr.println("threadlint: analysis failed: " + e.getMessage());
      return INTERNAL;
    } catch (IOException e) {
      stderr.println("threadlint: cannot write report: " + e.getMessage());
      return INTERNAL;
    }
  }

  /** Console, one file, or one file per format in a directory. */
  private CheckRequest checkRequest(CliConfig config, PrintStream console) {
    List<Reporter> reporters = config.reporters();
    List<ReportTarget> targets = new ArrayList<>();
    if (config.output() == null) {
      targets.add(ReportTarget.stream(reporters.get(0), console));
    } else if (reporters.size() == 1 && !Files.isDirectory(config.output())) {
      targets.add(ReportTarget.file(reporters.get(0), config.output()));
    } else {
      reporters.forEach(r -> targets.add(ReportTarget.inDirectory(r, config.output())));
    }
    return CheckRequest.of(config.request())
        .withBaseline(baseline, true)
        .withNewSince(newSince)
        .withReports(targets);
  }

  private CliConfig configure() {
    List<Reporter> reporters = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(formats.isEmpty() ? List.of("text") : formats);
    for (String name : names) {
      reporters.add(Reporters.require(name, "--format"));
    }
    if (reporters.size() > 1 && output == null) {
      throw new IllegalArgumentException("--output: a directory is needed for several formats");
    }
    if (reporters.size() > 1 && Files.isRegularFile(output)) {
      throw new IllegalArgumentException(
          "--output: " + output + " is a file; several formats need a directory");
    }
    Charset charset;
    try {
      charset = Charset.forName(encoding);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new IllegalArgumentException("--encoding: unknown charset '" + encoding + "'");
    }
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads: must be at least 1");
    }
    Path baseDir = Path.of("").toAbsolutePath();
    AnalysisRequest request =
        new AnalysisRequest(
            baseDir,
            paths,
            includes,
            excludes,
            Set.copyOf(enable),
            Set.copyOf(disable),
            threads == null ? Runtime.getRuntime().availableProcessors() : threads,
            charset,
            languageLevel,
            cache == null
                ? FactsCache.NONE
                : new DiskCache(cache, warning -> stderr.println("threadlint: " + warning)),
            !noPrescan);
    try {
      request = request.withResourcePairs(ResourcePair.parseAll(resourcePairs));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--resource-pair: " + e.getMessage(), e);
    }
    return new CliConfig(request, reporters, output, FailOn.parse(failOn));
  }

  /** Prints the analyzer version for {@code --version}. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"threadlint " + Version.get()};
    }
  }
}
