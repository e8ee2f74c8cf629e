package dev.threadlint;

import dev.threadlint.cache.CachedRun;
import dev.threadlint.cache.FactsCache;
import dev.threadlint.facts.FileFacts;
import dev.threadlint.facts.ProjectModel;
import dev.threadlint.filters.Fingerprints;
import dev.threadlint.filters.SuppressionFilter;
import dev.threadlint.findings.Finding;
import dev.threadlint.parse.FileLinks;
import dev.threadlint.protocol.CrossFileProtocol;
import dev.threadlint.rules.Diagnostics;
import dev.threadlint.rules.Rule;
import dev.threadlint.source.SourceFile;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;

/**
 * A run after an edit that changed what the project phase reads: the changed files' connected part
 * ({@link FileLinks}) is analysed as a project of its own, with the other files' cached facts for
 * the part's unchanged files and the changed files' new facts, and its findings replace the last
 * run's in the part's files. Every other file's findings are the last run's: nothing that reaches
 * them changed. The files outside the part are not read, nor are their cached facts.
 *
 * <p>It holds what the run after the edit knows: the request, its rules, its files with their
 * content hashes, the last run, and the pipeline, workers and cache to read the part with.
 */
record PartAgain(
    AnalysisRequest request,
    List<Rule> rules,
    List<SourceFile> files,
    List<String> hashes,
    CachedRun last,
    Pipeline pipeline,
    ExecutorService pool,
    FactsCache cache,
    long started) {

  /**
   * The run with the part analysed again; empty when the part's analysis reported an internal error
   * (the full run reports it where it belongs).
   *
   * @param part the files to analyse again, the changed ones among them (whose new entries the
   *     cache holds by now)
   * @param changedPaths the changed files' relative paths
   * @param lines the run's non-blank lines
   * @param parseErrors the run's files with a parse error
   * @param links the links with the changed files' new ones
   */
  Optional<CachedRun> run(
      BitSet part, Set<String> changedPaths, long lines, int parseErrors, FileLinks links) {
    CachedRun.Inputs before = last.inputs();
    List<FileFacts> facts = factsOf(part);
    Analyzer.stat("part's facts read", started);
    Set<String> paths = new HashSet<>();
    facts.forEach(f -> paths.add(f.file().relativePath()));
    ProjectModel project = new ProjectModel(facts, request.threads());
    List<Finding> local = Analyzer.localFindings(project);
    List<Finding> found = new ArrayList<>(local);
    found.addAll(Analyzer.projectFindings(project, rules, pool));
    if (found.stream().anyMatch(f -> f.ruleId().equals(Diagnostics.INTERNAL_ERROR.id()))) {
      return Optional.empty();
    }
    Analyzer.stat("part's project phase", started);
    SuppressionFilter.Result filtered = SuppressionFilter.apply(found, facts, rules);
    Set<Finding> localSet = new HashSet<>();
    local.forEach(f -> localSet.add(f.withFingerprint("")));
    List<Finding> findings = merged(paths, changedPaths, filtered.kept(), localSet);
    Analyzer.stat("part's fingerprints", started);

    Map<String, Integer> suppressedIn = new HashMap<>(before.suppressedIn());
    int suppressed = last.suppressed();
    for (String path : paths) {
      Integer was = suppressedIn.remove(path);
      suppressed -= was == null ? 0 : was;
    }
    suppressedIn.putAll(filtered.suppressedIn());
    suppressed += filtered.suppressed();

    Set<String> textRead = new TreeSet<>(before.textRead());
    textRead.removeAll(paths);
    textRead.addAll(CrossFileProtocol.reread(project));
    return Optional.of(
        new CachedRun(
            findings,
            lines,
            parseErrors,
            suppressed,
            before.afterEdit(
                hashes,
                textRead,
                links,
                suppressedIn,
                CachedRun.Inputs.localOf(findings, localSet))));
  }

  /**
   * Each file of the part as the full run would see it: its cached facts, its declarations only
   * when it is not parsed (a missing entry is analysed again, as the full run would).
   */
  private List<FileFacts> factsOf(BitSet part) {
    BitSet parse = last.inputs().parse();
    BitSet check = last.inputs().check();
    List<Integer> members = part.stream().boxed().toList();
    // the part's files are a few directories, so a few segments of the cache: read side by side
    cache.readAhead(members.stream().map(files::get).toList(), pool);
    return Analyzer.inParallel(
        pool,
        members,
        i ->
            pipeline.analyze(
                pipeline.prepare(files.get(i), hashes.get(i)), parse.get(i), check.get(i)),
        (i, e) -> {
          throw new IllegalStateException("cannot read the facts of " + files.get(i), e);
        });
  }

  /**
   * The last run's findings outside the part with the part's new ones, sorted. A new finding keeps
   * the fingerprint it had where its file did not change; {@code localSet} gains the last run's
   * local findings outside the part.
   */
  private List<Finding> merged(
      Set<String> paths, Set<String> changedPaths, List<Finding> kept, Set<Finding> localSet) {
    Map<Finding, String> fingerprints = new HashMap<>();
    List<Finding> findings = new ArrayList<>();
    BitSet wasLocal = last.inputs().local();
    for (int k = 0; k < last.findings().size(); k++) {
      Finding finding = last.findings().get(k);
      if (paths.contains(finding.location().path())) {
        fingerprints.put(finding.withFingerprint(""), finding.fingerprint());
      } else {
        findings.add(finding);
        if (wasLocal.get(k)) {
          localSet.add(finding.withFingerprint(""));
        }
      }
    }
    List<Finding> retaken = new ArrayList<>();
    for (Finding finding : kept) {
      String fingerprint = fingerprints.get(finding.withFingerprint(""));
      if (fingerprint == null || changedPaths.contains(finding.location().path())) {
        retaken.add(finding);
      } else {
        findings.add(finding.withFingerprint(fingerprint));
      }
    }
    findings.addAll(Fingerprints.attach(retaken, request.baseDir(), request.encoding()));
    findings.sort(Finding.ORDER);
    return findings;
  }
}
