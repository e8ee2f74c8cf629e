package dev.threadlint.parse;

import java.io.Serializable;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;

/**
 * What tells, without the other files' scans, whether a file whose names changed (and nothing else
 * of its scan) leaves {@link Relevance#select}'s choice of files as it was. A name a file gains can
 * only add to the selection: it checks the file when it names a concurrency type, and from a parsed
 * file it parses the name's declarers and their subtypes; so when those are parsed already, and the
 * file is checked or names no concurrency type, nothing is added. A name a file loses can take away
 * only what it alone added: nothing, when it is no concurrency type, the name's declarers and
 * subtypes are checked (each is parsed for its own sake) and the file is checked or was not parsed
 * (no longer naming a parsed type cannot unparse it).
 *
 * <p>{@link Relevance#nameSelection} builds it from every file's scan.
 *
 * @param subtypes per simple name of a supertype, the files that declare a subtype of it
 * @param concurrentTypes the simple names of the project's concurrency types by inheritance
 */
public record NameSelection(Map<String, int[]> subtypes, Set<String> concurrentTypes)
    implements Serializable {

  public NameSelection {
    subtypes = Map.copyOf(subtypes);
    concurrentTypes = Set.copyOf(concurrentTypes);
  }

  /**
   * Whether file {@code file}, gaining and losing these names (all else of its scan as before),
   * leaves the selection {@code parse}/{@code check} as it was.
   *
   * @param declarers per simple name, the files that declare a type of that name
   */
  public boolean keeps(
      int file,
      Set<String> gained,
      Set<String> lost,
      Map<String, int[]> declarers,
      BitSet parse,
      BitSet check) {
    for (String name : gained) {
      if (concurrentTypes.contains(name) && !check.get(file)) {
        return false; // it now names a concurrency type: checked
      }
      if (!parse.get(file) && anyIn(declarers.get(name), parse)) {
        return false; // it now names a parsed type: parsed as a caller
      }
      if (parse.get(file)
          && !(allIn(declarers.get(name), parse) && allIn(subtypes.get(name), parse))) {
        return false; // a parsed file's name parses its declarers and their subtypes
      }
    }
    for (String name : lost) {
      if (concurrentTypes.contains(name)) {
        return false; // it may have been checked for naming it
      }
      if (parse.get(file) && !check.get(file)) {
        return false; // it may have been parsed for naming it
      }
      if (!(allIn(declarers.get(name), check) && allIn(subtypes.get(name), check))) {
        return false; // they may have been parsed for being named by it
      }
    }
    return true;
  }

  private static boolean allIn(int[] files, BitSet set) {
    if (files != null) {
      for (int file : files) {
        if (!set.get(file)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean anyIn(int[] files, BitSet set) {
    if (files != null) {
      for (int file : files) {
        if (set.get(file)) {
          return true;
        }
      }
    }
    return false;
  }
}
