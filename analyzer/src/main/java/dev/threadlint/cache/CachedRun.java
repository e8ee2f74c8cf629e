package dev.threadlint.cache;

import dev.threadlint.findings.Finding;
import dev.threadlint.model.Unread;
import dev.threadlint.parse.FileLinks;
import dev.threadlint.parse.NameSelection;
import java.io.Serializable;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a whole run yielded, for a next run over exactly the same files with the same contents and
 * configuration: then neither the files nor the project phase need to be looked at again. With
 * {@link Inputs} the next run also knows which files changed since, and how the last run saw them.
 *
 * @param findings the findings after suppressions, fingerprinted and sorted
 * @param lines non-blank lines of all files
 * @param parseErrors files with a parse error
 * @param suppressed findings removed by suppressions
 * @param inputs the files of the run and how they were selected; null when not known
 */
public record CachedRun(
    List<Finding> findings, long lines, int parseErrors, int suppressed, Inputs inputs)
    implements Serializable {

  public CachedRun {
    findings = List.copyOf(findings);
  }

  public CachedRun(List<Finding> findings, long lines, int parseErrors, int suppressed) {
    this(findings, lines, parseErrors, suppressed, null);
  }

  /**
   * The files of a run, in discovery order, and what the pre-scan decided about them: with the same
   * scans the next run selects the same files, so one changed file whose scan and facts are as
   * before changes nothing else.
   *
   * @param paths every file's path
   * @param hashes every file's content hash
   * @param prescan whether the pre-scan selected the files (otherwise all were parsed and checked)
   * @param parse the indexes of the files that were parsed
   * @param check the indexes of the files the file-local rules ran on
   * @param unkept the lower-case declared type names that were looked for in every file's text
   * @param unkeptFound per path, those of {@code unkept} its text held (only non-empty sets)
   * @param textRead the relative paths of the files whose text the project phase read again
   * @param unread what decides the calls and reads the model drops ({@link Unread}); null when not
   *     known
   * @param selecting the names by which the pre-scan's selection looks a file's names up ({@code
   *     Relevance.selectingNames}); null when not known
   * @param names what tells whether a file's new names change the selection ({@link
   *     NameSelection}); null when not known
   * @param links which files' types each file may name ({@link FileLinks}); null when not known
   * @param suppressedIn per relative path, how many of its findings were suppressed (only paths
   *     with some); null when not known
   * @param local the indexes of the run's findings that a file's own analysis gave (its local
   *     rules' findings and its diagnostics), the others came from the project phase; null when not
   *     known
   */
  public record Inputs(
      List<String> paths,
      List<String> hashes,
      boolean prescan,
      BitSet parse,
      BitSet check,
      Set<String> unkept,
      Map<String, Set<String>> unkeptFound,
      Set<String> textRead,
      Unread unread,
      Set<String> selecting,
      NameSelection names,
      FileLinks links,
      Map<String, Integer> suppressedIn,
      BitSet local)
      implements Serializable {

    public Inputs {
      paths = List.copyOf(paths);
      hashes = List.copyOf(hashes);
      parse = (BitSet) parse.clone();
      check = (BitSet) check.clone();
      unkept = Set.copyOf(unkept);
      unkeptFound = Map.copyOf(unkeptFound);
      textRead = Set.copyOf(textRead);
      selecting = selecting == null ? null : Set.copyOf(selecting);
      suppressedIn = suppressedIn == null ? null : Map.copyOf(suppressedIn);
      local = local == null ? null : (BitSet) local.clone();
    }

    /**
     * The same inputs with what a run learnt anew: the files' hashes (new after an edit), the files
     * whose text the project phase read, the links, suppressions per path and local findings.
     */
    public Inputs afterEdit(
        List<String> newHashes,
        Set<String> newTextRead,
        FileLinks newLinks,
        Map<String, Integer> newSuppressedIn,
        BitSet newLocal) {
      return new Inputs(
          paths,
          newHashes,
          prescan,
          parse,
          check,
          unkept,
          unkeptFound,
          newTextRead,
          unread,
          selecting,
          names,
          newLinks,
          newSuppressedIn,
          newLocal);
    }

    /**
     * The same inputs without what the names of the declared types decide (a changed file declares
     * other types than the last run knew): the next run cannot tell an edit by them.
     */
    public Inputs withoutNames() {
      return new Inputs(
          paths,
          hashes,
          prescan,
          parse,
          check,
          unkept,
          unkeptFound,
          textRead,
          null,
          null,
          null,
          null,
          suppressedIn,
          local);
    }

    /** The same inputs with the run's local findings and suppressions per path. */
    public Inputs withOutcome(BitSet newLocal, Map<String, Integer> newSuppressedIn) {
      return afterEdit(hashes, textRead, links, newSuppressedIn, newLocal);
    }

    @Override
    public BitSet local() {
      return local == null ? null : (BitSet) local.clone();
    }

    /**
     * Which of {@code findings} a file's own analysis gave: those equal, but for the fingerprint,
     * to one of {@code local} (unfingerprinted).
     */
    public static BitSet localOf(
        List<dev.threadlint.findings.Finding> findings,
        Set<dev.threadlint.findings.Finding> local) {
      BitSet bits = new BitSet(findings.size());
      for (int i = 0; i < findings.size(); i++) {
        if (local.contains(findings.get(i).withFingerprint(""))) {
          bits.set(i);
        }
      }
      return bits;
    }

    @Override
    public BitSet parse() {
      return (BitSet) parse.clone();
    }

    @Override
    public BitSet check() {
      return (BitSet) check.clone();
    }
  }
}
