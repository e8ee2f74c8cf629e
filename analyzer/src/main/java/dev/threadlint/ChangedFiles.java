package dev.threadlint;

import dev.threadlint.cache.CachedFile;
import dev.threadlint.cache.CachedRun;
import dev.threadlint.facts.FileFacts;
import dev.threadlint.facts.TypeDecl;
import dev.threadlint.filters.Fingerprints;
import dev.threadlint.findings.Finding;
import dev.threadlint.model.Unread;
import dev.threadlint.parse.FileLinks;
import dev.threadlint.parse.NameSelection;
import dev.threadlint.parse.PreScan;
import dev.threadlint.parse.Relevance;
import dev.threadlint.rules.Diagnostics;
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
 * <p>A change of facts the project phase reads (a lock taken, a call of a project method, a write)
 * that leaves the file's declared types and everything the selection of files reads as they were
 * runs the project phase again on the changed files' connected part only ({@link FileLinks}, {@link
 * PartAgain}): the last findings of every other file stand.
 *
 * <p>Any other change (another declared type, a file that becomes concurrent) leaves it to the full
 * run.
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
   * The result of this run from the last one's: the last findings, when every changed file's scan
   * and facts are as the last run had them; otherwise, when only facts the project phase reads
   * changed, the last findings outside the changed files' connected part and that part analysed
   * again. Empty (nothing written) when neither applies.
   *
   * @param context what the run after the edit knows, which the part's analysis again needs too
   * @param runKey the key of the cache's entries for this build and configuration
   */
  static Optional<AnalysisResult> reuse(PartAgain context, String runKey) {
    CachedRun.Inputs before = context.last().inputs();
    if (before == null
        || before.prescan() != context.request().prescan()
        || !before.paths().equals(Analyzer.paths(context.files()))) {
      return full("files added, removed or renamed"); // the selection may differ
    }
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < context.files().size(); i++) {
      if (!before.hashes().get(i).equals(context.hashes().get(i))) {
        changed.add(i);
      }
    }
    if (changed.isEmpty() || changed.size() > MOST) {
      return full(changed.size() + " files changed");
    }
    context.cache().open(runKey); // reads only the parts that hold the changed files
    BitSet parse = before.parse();
    BitSet check = before.check();
    long lines = context.last().lines();
    int parseErrors = context.last().parseErrors();
    Set<String> paths = new HashSet<>();
    List<MovedLines> moved = new ArrayList<>();
    List<String> again = new ArrayList<>(); // changed files whose part the project phase redoes
    boolean known = true; // the names of the last run stand for this one
    FileLinks links = before.links();
    for (int i : changed) {
      SourceFile file = context.files().get(i);
      // the entry of the content the last run saw: what it knew of the file
      Optional<CachedFile> stored = context.cache().lookup(file, before.hashes().get(i));
      if (stored.isEmpty()) {
        return full("no entry for the last content of " + file.relativePath());
      }
      CachedFile was = stored.get();
      Pipeline.Prepared now = context.pipeline().prepare(file, context.hashes().get(i));
      if (now.failure() != null
          || now.malformedLine() != was.malformedLine()
          || !unkeptFound(context.pipeline(), now, before).equals(unkeptFound(before, file))) {
        return full("the scan of " + file.relativePath() + " changed");
      }
      List<Object> then;
      List<Object> seen;
      FileFacts facts;
      if (parse.get(i)) {
        if (was.parsed() == null || was.checked() != check.get(i)) {
          return full("the last entry of " + file.relativePath() + " is not what the run used");
        }
        facts = context.pipeline().analyze(now, true, check.get(i));
        then = List.of(was.scan(), withoutLines(was.parsed()));
        seen = List.of(now.scan(), withoutLines(facts));
        parseErrors += (hasParseError(facts) ? 1 : 0) - (hasParseError(was.parsed()) ? 1 : 0);
      } else {
        facts = context.pipeline().analyze(now, false, false); // its declarations are its scan's
        then = List.of(was.scan());
        seen = List.of(now.scan());
      }
      boolean sameTypes = sameTypes(was, now.scan(), parse.get(i) ? facts : null);
      // the project phase read its text: the same facts need not mean the same findings
      boolean textRead = before.textRead().contains(file.relativePath());
      if (textRead || !then.equals(seen)) {
        // the same scan and facts but on other lines: the last findings, renumbered
        Optional<MovedLines> renumbered =
            textRead ? Optional.empty() : MovedLines.between(file.relativePath(), then, seen);
        if (renumbered.isEmpty() && sameTypes && !textRead) {
          renumbered = unread(file, was, now.scan(), parse.get(i) ? facts : null, before);
        }
        if (renumbered.isPresent()) {
          moved.add(renumbered.get());
        } else if (sameTypes && sameSelection(i, was.scan(), now.scan(), before)) {
          again.add(file.relativePath());
        } else {
          return full("the scan or facts of " + file.relativePath() + " changed");
        }
      }
      if (!sameTypes) {
        known = false; // renamed by moved lines: the next run does not know the new names
      } else if (links != null) {
        links = links.with(i, now.scan(), unkeptFound(before, file), SharedLocks.of(facts));
      }
      lines += now.lines() - was.lines();
      paths.add(file.relativePath());
    }
    if (!known) {
      links = null;
    }
    Analyzer.stat("changed files compared", context.started());
    CachedRun run;
    if (again.isEmpty()) {
      Optional<CachedRun> renumbered =
          renumbered(
              context.request(),
              context.last(),
              context.hashes(),
              moved,
              paths,
              lines,
              known,
              links);
      if (renumbered.isEmpty()) {
        return Optional.empty();
      }
      run = renumbered.get();
      if (Boolean.getBoolean("threadlint.modelStats")) {
        System.err.printf(
            "threadlint changed files: %d (%d with moved lines), scans and facts as before: the"
                + " last result stands%n",
            changed.size(), moved.size());
      }
    } else {
      if (!known
          || before.links() == null
          || before.suppressedIn() == null
          || before.local() == null
          || before.unread() == null) {
        return full("the facts the project phase reads changed in " + again);
      }
      BitSet part = before.links().connected(changed);
      part.or(links.connected(changed));
      run = context.run(part, paths, lines, parseErrors, links).orElse(null);
      if (run == null) {
        return full("the connected part of " + again + " reported an internal error");
      }
      if (Boolean.getBoolean("threadlint.modelStats")) {
        System.err.printf(
            "threadlint changed files: %d, the project phase ran again on %d connected files"
                + " (%s)%n",
            changed.size(), part.cardinality(), again);
      }
    }
    Analyzer.stat("result taken", context.started());
    context.cache().flushChanged();
    Analyzer.stat("changed entries stored", context.started());
    context.cache().storeRun(run);
    Analyzer.stat("run stored", context.started());
    return Optional.of(
        Analyzer.reusedResult(
            context.request(), context.rules(), context.files().size(), run, context.started()));
  }

  /**
   * The last run's findings with the moved files' lines renumbered and their fingerprints taken
   * again; empty when a finding cannot be renumbered.
   */
  private static Optional<CachedRun> renumbered(
      AnalysisRequest request,
      CachedRun last,
      List<String> hashes,
      List<MovedLines> moved,
      Set<String> paths,
      long lines,
      boolean known,
      FileLinks links) {
    CachedRun.Inputs before = last.inputs();
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
        full("a finding cannot be renumbered: " + e.getMessage());
        return Optional.empty();
      }
      if (isLocal) {
        local.add(finding.withFingerprint(""));
      }
      (paths.contains(finding.location().path()) ? retaken : findings).add(finding);
    }
    findings.addAll(Fingerprints.attach(retaken, request.baseDir(), request.encoding()));
    findings.sort(Finding.ORDER);
    CachedRun.Inputs after =
        before.afterEdit(
            hashes,
            before.textRead(),
            links,
            before.suppressedIn(),
            wasLocal == null ? null : CachedRun.Inputs.localOf(findings, local));
    return Optional.of(
        new CachedRun(
            findings,
            lines,
            last.parseErrors(),
            last.suppressed(),
            known ? after : after.withoutNames()));
  }

  /**
   * Whether the selection of files to parse and check comes out the same with the file's new scan
   * as with its last: the same concurrency, damage, package and declared types (on any line), and
   * names that select a file either the same or, gained or lost, such that they add or take away no
   * file ({@link NameSelection}). Then only the facts differ, and the project phase is what must
   * run again.
   */
  private static boolean sameSelection(
      int file, PreScan was, PreScan now, CachedRun.Inputs before) {
    Set<String> selecting = before.selecting();
    if (selecting == null
        || was.concurrent() != now.concurrent()
        || !selectionView(was).equals(selectionView(now))) {
      return false;
    }
    Set<String> then = Relevance.withSelectingNamesOnly(was, selecting).names();
    Set<String> seen = Relevance.withSelectingNamesOnly(now, selecting).names();
    if (then.equals(seen)) {
      return true;
    }
    if (before.names() == null || before.links() == null) {
      return false;
    }
    Set<String> gained = new TreeSet<>(seen);
    gained.removeAll(then);
    Set<String> lost = new TreeSet<>(then);
    lost.removeAll(seen);
    return before
        .names()
        .keeps(file, gained, lost, before.links().declarers(), before.parse(), before.check());
  }

  private static List<Object> selectionView(PreScan scan) {
    List<Object> types = new ArrayList<>();
    for (TypeDecl type : scan.types()) {
      types.add(List.of(type.qualifiedName(), type.kind(), type.supertypes(), type.path()));
    }
    return List.of(scan.damaged(), scan.packageName(), types);
  }

  private static boolean hasParseError(FileFacts facts) {
    return facts.diagnostics().stream()
        .anyMatch(d -> d.ruleId().equals(Diagnostics.PARSE_ERROR.id()));
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
    // the qualifiers only tell which files the names may mean: the links are taken again
    then.add(Relevance.withSelectingNamesOnly(was.scan(), selecting).withoutQualifiers());
    seen.add(Relevance.withSelectingNamesOnly(scan, selecting).withoutQualifiers());
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
