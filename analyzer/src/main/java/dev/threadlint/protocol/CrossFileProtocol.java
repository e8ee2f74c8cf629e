package dev.threadlint.protocol;

import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.FileFacts;
import dev.threadlint.facts.ProjectModel;
import dev.threadlint.model.ConcurrencyModel;
import dev.threadlint.parse.Parsers;
import dev.threadlint.source.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The protocol of the bodies that call helpers of other files. Once every file's {@link
 * HelperFact}s are in, the concurrency model's call graph tells which files call such a helper
 * ({@link ModelHelpers}); only those files are parsed again and their bodies analysed with those
 * helpers as operations; only the events that involve such a call are new. Computed once per
 * project and shared by the protocol rules' project phase.
 *
 * <p>Files are re-read as UTF-8 at the newest language level: the project phase does not know the
 * request's encoding; a file that does not parse that way is skipped.
 */
public final class CrossFileProtocol {
  /** One re-analysed file: its context (for locations) and the bodies with cross-file calls. */
  public record FileResult(FileContext file, List<BodyProtocol> bodies) {}

  private static final Map<ProjectModel, List<FileResult>> BY_PROJECT =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The relative paths of the files re-read, per project (for the incremental cache). */
  private static final Map<ProjectModel, java.util.Set<String>> REREAD =
      Collections.synchronizedMap(new WeakHashMap<>());

  private CrossFileProtocol() {}

  /**
   * The files whose text the protocol of this project was computed from (their facts alone do not
   * hold it): a change to one of them can change findings even when its facts stay the same. Empty
   * when the protocol was not computed.
   */
  public static java.util.Set<String> reread(ProjectModel project) {
    return REREAD.getOrDefault(project, java.util.Set.of());
  }

  public static List<FileResult> of(ProjectModel project) {
    return BY_PROJECT.computeIfAbsent(project, CrossFileProtocol::compute);
  }

  private static List<FileResult> compute(ProjectModel project) {
    long started = System.nanoTime();
    long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    List<FileResult> results = computeTimed(project);
    if (Boolean.getBoolean("threadlint.modelStats")) {
      System.err.printf(
          "threadlint cross-file protocol: %d files, %d ms (%d ms cpu)%n",
          results.size(),
          (System.nanoTime() - started) / 1_000_000,
          (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu)
              / 1_000_000);
    }
    return results;
  }

  private static List<FileResult> computeTimed(ProjectModel project) {
    List<HelperFact> facts = project.facts(HelperFact.class).toList();
    if (facts.isEmpty()) {
      return List.of();
    }
    ModelHelpers.Index index = new ModelHelpers.Index(ConcurrencyModel.of(project).graph(), facts);
    List<FileResult> results = new ArrayList<>();
    java.util.Set<String> reread = new java.util.TreeSet<>();
    for (FileFacts fileFacts : project.files()) {
      if (fileFacts.types().isEmpty() || !index.callsHelpers(fileFacts.file().relativePath())) {
        continue; // not parsed, or no call of another file's helper
      }
      reread.add(fileFacts.file().relativePath());
      REREAD.put(project, java.util.Set.copyOf(reread));
      String text;
      try {
        text = SourceText.read(fileFacts.file(), StandardCharsets.UTF_8).text();
      } catch (IOException e) {
        continue;
      }
      ParseResult<CompilationUnit> parsed;
      try {
        // as the per-file phase parsed it: escapes translated, no validation
        parsed =
            Parsers.newFastParser(Parsers.newest(), true, true, Parsers.hasUnicodeEscapes(text))
                .parse(text);
      } catch (StackOverflowError e) {
        continue;
      }
      if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
        continue;
      }
      FileContext file = new FileContext(fileFacts.file(), parsed.getResult().get());
      List<BodyProtocol> bodies =
          FileProtocol.withExternal(file, new ModelHelpers(file, index)).stream()
              .filter(
                  b ->
                      b.ops().stream()
                          .anyMatch(op -> op.viaHelper() && op.helper().declaration() == null))
              .toList();
      if (!bodies.isEmpty()) {
        results.add(new FileResult(file, bodies));
      }
    }
    return List.copyOf(results);
  }

  /** True when the event involves a call of a helper declared in another file. */
  public static boolean involvesOtherFile(ProtocolEvent event) {
    List<ResourceOp> sites = new ArrayList<>();
    if (event instanceof ProtocolEvent.Leak leak) {
      sites.add(leak.acquire());
    } else if (event instanceof ProtocolEvent.ReleaseAfterFailure failure) {
      sites.add(failure.release());
      sites.add(failure.failed());
    } else if (event instanceof ProtocolEvent.DoubleRelease twice) {
      sites.add(twice.release());
      sites.add(twice.first());
    } else if (event instanceof ProtocolEvent.OverRelease over) {
      sites.add(over.release());
      sites.add(over.acquire());
    }
    return sites.stream().anyMatch(CrossFileProtocol::isOtherFile);
  }

  /** True when the operation is a call of a helper declared in another file. */
  public static boolean isOtherFile(ResourceOp op) {
    return op.viaHelper() && op.helper().declaration() == null;
  }
}
