package dev.threadlint.filters;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The lines a change set touched, per file: what {@code --new-since} compares findings against.
 * Files are keyed by their absolute, normalised path so that paths relative to the repository
 * (git's) and to the analysis base directory (findings') meet.
 *
 * @param ref the ref the user named
 * @param mergeBase the commit the changes are counted from
 * @param lines changed lines (1-based bit positions) per absolute file
 * @param wholeFiles files that are new to the repository: every line counts as changed
 */
public record ChangedLines(
    String ref, String mergeBase, Map<Path, BitSet> lines, Set<Path> wholeFiles) {

  public ChangedLines {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(mergeBase, "mergeBase");
    Map<Path, BitSet> copy = new HashMap<>();
    lines.forEach((path, bits) -> copy.put(path, (BitSet) bits.clone()));
    lines = Map.copyOf(copy);
    wholeFiles = Set.copyOf(wholeFiles);
  }

  /** True when any line from {@code first} to {@code last} (inclusive) of the file changed. */
  public boolean touches(Path absoluteFile, int first, int last) {
    Path file = absoluteFile.toAbsolutePath().normalize();
    if (wholeFiles.contains(file)) {
      return true;
    }
    BitSet changed = lines.get(file);
    if (changed == null) {
      return false;
    }
    int next = changed.nextSetBit(Math.max(first, 0));
    return next >= 0 && next <= last;
  }

  /** Number of files with at least one changed line. */
  public int fileCount() {
    return lines.size() + wholeFiles.size();
  }
}
