package dev.threadlint;

import dev.threadlint.cache.CachedFile;
import dev.threadlint.cache.CachedRun;
import dev.threadlint.cache.FactsCache;
import dev.threadlint.facts.FileFacts;
import dev.threadlint.filters.Fingerprints;
import dev.threadlint.findings.Finding;
import dev.threadlint.model.Unread;
import dev.threadlint.parse.PreScan;
import dev.threadlint.parse.Relevance;
import dev.threadlint.rules.Rule;
import dev.threadlint.source.SourceFile;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run after another in which a few files changed in nothing the analysis reads: a comment, blank
 * space at the end, a literal's spelling that no rule looks at. Each changed file is pre-scanned
 * and analysed again; when its scan (so the choice of files to parse and check) and its facts (but
 * for its count of lines) equal what the last run had, every rule would see exactly what it saw
 * then, and the last run's findings stand. Only the changed files' fingerprints are taken again,
 * from their new lines. No other file's facts are read, and the project phase does not run.
 *
 * <p>A change that only moves lines (a line inserted above code, a comment that grew) gives facts
 * that differ from the last run's only in the lines they name; when {@link MovedLines} proves that
 * they are the old facts renumbered, the last findings stand renumbered the same way (a project
 * finding that names a moved line where it could be another file's leaves it to the full run).
 *
 * <p>A code edit that adds or removes only what nothing reads — calls and reads the model drops
 * ({@link Unread}: a null check, a log line, a read of a final field), names of the pre-scan that
 * select no file — is compared with those left out of both sides, and passes the same way.
 *
 * <p>Any other change (a fact that differs in more than its lines) leaves it to the full run.
 */
final class ChangedFiles {
  /** More changed files than this go to the full run: each one is parsed to be compared. */
  static final int MOST = 16;

  private ChangedFiles() {}

  private static Optional<AnalysisResult> full(String why) {
    if (Boolean.getBoolean("threadlint.modelStats")) {
      System.err.println("threadlint changed files: full run, " + why);
    }
    return Optional.empty();
  }

  /**
   * The result of this run from the last one's, when every changed file's scan and facts are as the
   * last run had them; empty (nothing written) otherwise.
   */
  static Optional<AnalysisResult> reuse(
      AnalysisRequest request,
      List<Rule> rules,
      List<SourceFile> files,
      List<String> hashes,
      CachedRun last,
      Pipeline pipeline,
      FactsCache cache,
      String runKey,
      long started) {
    CachedRun.Inputs before = last.inputs();
    if (before == null
        || before.prescan() != request.prescan()
        || !before.paths().equals(Analyzer.paths(files))) {
      return full("files added, removed or renamed"); // the selection may differ
    }
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      if (!before.hashes().get(i).equals(hashes.get(i))) {
        changed.add(i);
      }
    }
    if (changed.isEmpty() || changed.size() > MOST) {
      return full(changed.size() + " files changed");
    }
    cache.open(runKey); // reads only the parts that hold the changed files
    BitSet parse = before.parse();
    BitSet check = before.check();
    long lines = last.lines();
    Set<String> paths = new HashSet<>();
    List<MovedLines> moved = new ArrayList<>();
    boolean known = true; // the names of the last run stand for this one
    for (int i : changed) {
      SourceFile file = files.get(i);
      // the entry of the content the last run saw: what it knew of the file
      Optional<CachedFile> stored = cache.lookup(file, before.hashes().get(i));
      if (stored.isEmpty()) {
        return full("no entry for the last content of " + file.relativePath());
      }
      CachedFile was = stored.get();
      if (before.textRead().contains(file.relativePath())) {
        return full("the project phase read the text of " + file.relativePath());
      }
      Pipeline.Prepared now = pipeline.prepare(file, hashes.get(i));
      if (now.failure() != null
          || now.malformedLine() != was.malformedLine()
          || !unkeptFound(pipeline, now, before).equals(unkeptFound(before, file))) {
        return full("the scan of " + file.relativePath() + " changed");
      }
      List<Object> then;
      List<Object> seen;
      FileFacts facts = null;
      if (parse.get(i)) {
        if (was.parsed() == null || was.checked() != check.get(i)) {
          return full("the last entry of " + file.relativePath() + " is not what the run used");
        }
        facts = pipeline.analyze(now, true, check.get(i));
        then = List.of(was.scan(), withoutLines(was.parsed()));
        seen = List.of(now.scan(), withoutLines(facts));
      } else {
        pipeline.analyze(now, false, false); // its declarations are its scan's
        then = List.of(was.scan());
        seen = List.of(now.scan());
      }
      boolean sameTypes = sameTypes(was, now.scan(), facts);
      if (!then.equals(seen)) {
        // the same scan and facts but on other lines: the last findings, renumbered
        Optional<MovedLines> renumbered = MovedLines.between(file.relativePath(), then, seen);
        if (renumbered.isEmpty() && sameTypes) {
          renumbered = unread(file, was, now.scan(), facts, before);
        }
        if (renumbered.isEmpty()) {
          return full("the scan or facts of " + file.relativePath() + " changed");
        }
        moved.add(renumbered.get());
      }
      if (!sameTypes) {
        known = false; // renamed by moved lines: the next run does not know the new names
      }
      lines += now.lines() - was.lines();
      paths.add(file.relativePath());
    }
    List<Finding> findings = new ArrayList<>();
    List<Finding> retaken = new ArrayList<>();
    Set<Finding> local = new HashSet<>();
    BitSet wasLocal = before.local();
    for (int k = 0; k < last.findings().size(); k++) {
      Finding finding = last.findings().get(k);
      boolean isLocal = wasLocal != null && wasLocal.get(k);
      try {
        for (MovedLines move : moved) {
          if (!isLocal) {
            finding = move.project(finding, sameName(move.path(), before.paths()));
          } else if (finding.location().path().equals(move.path())) {
            finding = move.local(finding);
          }
        }
      } catch (MovedLines.Unmappable e) {
        return full("a finding cannot be renumbered: " + e.getMessage());
      }
      if (isLocal) {
        local.add(finding.withFingerprint(""));
      }
      (paths.contains(finding.location().path()) ? retaken : findings).add(finding);
    }
    findings.addAll(Fingerprints.attach(retaken, request.baseDir(), request.encoding()));
    findings.sort(Finding.ORDER);
    CachedRun run =
        new CachedRun(
            findings,
            lines,
            last.parseErrors(),
            last.suppressed(),
            new CachedRun.Inputs(
                before.paths(),
                hashes,
                before.prescan(),
                parse,
                check,
                before.unkept(),
                before.unkeptFound(),
                before.textRead(),
                known ? before.unread() : null,
                known ? before.selecting() : null,
                wasLocal == null ? null : CachedRun.Inputs.localOf(findings, local)));
    cache.flushChanged();
    cache.storeRun(Analyzer.filesKey(files, hashes, request.prescan()), run);
    if (Boolean.getBoolean("threadlint.modelStats")) {
      System.err.printf(
          "threadlint changed files: %d (%d with moved lines), scans and facts as before: the last"
              + " result stands%n",
          changed.size(), moved.size());
    }
    return Optional.of(Analyzer.reusedResult(request, rules, files.size(), run, started));
  }

  /**
   * The renumbering from the file's last scan and facts to its new ones once what nothing reads is
   * left out of both: the names of its scan that select no file ({@link Relevance#selectingNames}),
   * and the calls and reads the model drops ({@link Unread}). With the same names selecting and the
   * same types summarized (the caller checks that: what other files' names and calls mean may
   * change with them), the selection and the project phase would see the same (renumbered) input.
   * Empty when something else differs.
   */
  private static Optional<MovedLines> unread(
      SourceFile file, CachedFile was, PreScan scan, FileFacts facts, CachedRun.Inputs before) {
    Set<String> selecting = before.selecting();
    Unread unread = before.unread();
    if (selecting == null || unread == null) {
      return Optional.empty();
    }
    List<Object> then = new ArrayList<>();
    List<Object> seen = new ArrayList<>();
    then.add(Relevance.withSelectingNamesOnly(was.scan(), selecting));
    seen.add(Relevance.withSelectingNamesOnly(scan, selecting));
    if (facts != null) {
      then.add(withoutLines(unread.without(was.parsed())));
      seen.add(withoutLines(unread.without(facts)));
    }
    return MovedLines.between(file.relativePath(), then, seen);
  }

  /**
   * Whether the file declares, and summarizes, the types it did before, by the names the selection
   * and the model know them by.
   */
  private static boolean sameTypes(CachedFile was, PreScan scan, FileFacts facts) {
    return Relevance.selectingNames(List.of(was.scan()))
            .equals(Relevance.selectingNames(List.of(scan)))
        && (facts == null
            || Unread.summarizedTypes(was.parsed()).equals(Unread.summarizedTypes(facts)));
  }

  /** Whether another file of the run has the name (the last part of the path) of {@code path}. */
  private static boolean sameName(String path, List<String> paths) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int count = 0;
    for (String other : paths) {
      String last = other.substring(Math.max(other.lastIndexOf('/'), other.lastIndexOf('\\')) + 1);
      if (last.equals(name) && ++count > 1) {
        return true;
      }
    }
    return false;
  }

  /** Those of the last run's lower-case type names that the file's text now holds. */
  private static Set<String> unkeptFound(
      Pipeline pipeline, Pipeline.Prepared now, CachedRun.Inputs before) {
    if (before.unkept().isEmpty()) {
      return Set.of();
    }
    PreScan named = pipeline.withTypeNames(now, before.unkept());
    Set<String> found = new TreeSet<>(named.names());
    found.removeAll(now.scan().names());
    return found;
  }

  private static Set<String> unkeptFound(CachedRun.Inputs before, SourceFile file) {
    return before.unkeptFound().getOrDefault(file.path().toString(), Set.of());
  }

  /** The facts but for the count of lines, which no rule reads. */
  private static FileFacts withoutLines(FileFacts facts) {
    return new FileFacts(
        facts.file(),
        0,
        facts.types(),
        facts.candidates(),
        facts.diagnostics(),
        facts.facts(),
        facts.suppressions());
  }
}
