package dev.threadlint;

import dev.threadlint.facts.FileFacts;
import dev.threadlint.facts.ProjectModel;
import dev.threadlint.findings.Finding;
import dev.threadlint.parse.FileLinks;
import dev.threadlint.rules.Rule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * A check, for development and tests, of what {@link FileLinks} promises and a run after an edit
 * relies on: the files of each connected part, analysed without the others, give exactly the
 * findings the whole run gave in them, local and project-wide. With {@code
 * -Dthreadlint.verifyParts=true} a run does the project phase once more per part and prints every
 * difference to standard error; with {@code =fail} it then fails if any part differs.
 */
final class PartsCheck {
  static final String PROPERTY = "threadlint.verifyParts";

  private PartsCheck() {}

  /** Whether the run is asked to check its parts. */
  static boolean asked() {
    String value = System.getProperty(PROPERTY, "");
    return value.equals("true") || value.equals("fail");
  }

  static void verify(
      List<FileFacts> facts,
      FileLinks links,
      List<Finding> local,
      List<Finding> project,
      List<Rule> rules,
      ExecutorService pool,
      int threads) {
    long started = System.nanoTime();
    int parts = 0;
    int differences = 0;
    int largest = 0;
    for (BitSet part : links.parts()) {
      List<FileFacts> partFacts = part.stream().mapToObj(facts::get).toList();
      if (partFacts.stream().allMatch(f -> f.facts().isEmpty() && f.candidates().isEmpty())) {
        continue; // nothing for a rule to report
      }
      parts++;
      largest = Math.max(largest, part.cardinality());
      Set<String> paths = new HashSet<>();
      partFacts.forEach(f -> paths.add(f.file().relativePath()));
      ProjectModel model = new ProjectModel(partFacts, threads);
      differences += compare("local", paths, local, Analyzer.localFindings(model));
      differences +=
          compare("project", paths, project, Analyzer.projectFindings(model, rules, pool));
    }
    System.err.printf(
        "threadlint parts check: %d parts with facts (largest %d files), %d differences, %d ms%n",
        parts, largest, differences, (System.nanoTime() - started) / 1_000_000);
    if (differences > 0 && System.getProperty(PROPERTY, "").equals("fail")) {
      throw new IllegalStateException(differences + " findings differ when parts run alone");
    }
  }

  /**
   * How many of the whole run's findings in the part's files ({@code paths}) the part alone did not
   * give, plus how many it gave that the whole run did not; each is printed.
   */
  static int compare(String what, Set<String> paths, List<Finding> whole, List<Finding> alone) {
    List<Finding> expected = new ArrayList<>();
    for (Finding finding : whole) {
      if (paths.contains(finding.location().path())) {
        expected.add(finding);
      }
    }
    List<Finding> found = new ArrayList<>(alone);
    expected.sort(Finding.ORDER);
    found.sort(Finding.ORDER);
    if (expected.equals(found)) {
      return 0;
    }
    List<Finding> missing = new ArrayList<>(expected);
    found.forEach(missing::remove);
    List<Finding> extra = new ArrayList<>(found);
    expected.forEach(extra::remove);
    missing.forEach(f -> System.err.println("threadlint parts check: " + what + " missing " + f));
    extra.forEach(f -> System.err.println("threadlint parts check: " + what + " extra " + f));
    return Math.max(1, missing.size() + extra.size());
  }
}
