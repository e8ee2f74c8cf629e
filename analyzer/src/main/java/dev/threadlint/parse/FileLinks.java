package dev.threadlint.parse;

import dev.threadlint.facts.TypeDecl;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which files' types each file may name, from the pre-scans: file A links to file B when a name in
 * A's code is the simple name of a type B declares, and B's package is one A can see (its own,
 * {@code java.lang}, or one A writes before a name: an import or a qualified name). Files that take
 * the same lock that no project type need own ({@code System.out}, {@code String.class}) are
 * connected too.
 *
 * <p>Everything the project phase relates across files goes through a type or such a lock: a call
 * resolves on its receiver's type, an access names a field of a type, a lock is a type's monitor or
 * field, a subtype names its supertype; and a file can only mean a type of a package it can see. So
 * the files that are not connected to a file, directly or through others, cannot change what the
 * project phase finds in it: a run after an edit runs the project phase again on the changed files'
 * connected files only ({@code ChangedFiles}). The links over-approximate (a name may be a constant
 * or a variable's type from elsewhere); the test over the fixtures and the corpus check ({@code
 * PartsCheck}) show that the findings of each connected part, analysed alone, are the whole run's.
 *
 * @param packages each file's package
 * @param declarers per simple name of a declared type, the files that declare it
 * @param links per file, the files whose types it may name
 * @param seenEverywhere the lower-case names of top-level types: a qualified name in code that ends
 *     in one has no part that does not start with a lower-case letter, so no qualifier says which
 *     package it means (a lower-case nested type is reached through its enclosing type's)
 * @param shared per file, the keys of the locks it shares with any file that has the same key
 *     without naming a type of it (a JDK class's monitor or static field: {@code
 *     dev.threadlint.SharedLocks}); files with a common key are connected
 */
public record FileLinks(
    List<String> packages,
    Map<String, int[]> declarers,
    List<int[]> links,
    Set<String> seenEverywhere,
    List<Set<String>> shared)
    implements Serializable {

  public FileLinks {
    packages = List.copyOf(packages);
    declarers = Map.copyOf(declarers);
    links = List.copyOf(links);
    seenEverywhere = Set.copyOf(seenEverywhere);
    shared = shared.stream().map(Set::copyOf).toList();
  }

  /**
   * The links of every file.
   *
   * @param scans every file's pre-scan, in file order
   * @param found per file, the lower-case type names its text holds besides its scan's names
   * @param shared per file, the keys of its shared locks
   */
  public static FileLinks of(
      List<PreScan> scans, List<Set<String>> found, List<Set<String>> shared) {
    Map<String, List<Integer>> byName = new HashMap<>();
    List<String> packages = new ArrayList<>(scans.size());
    Set<String> seenEverywhere = new HashSet<>();
    for (int i = 0; i < scans.size(); i++) {
      PreScan scan = scans.get(i);
      packages.add(scan.packageName());
      for (TypeDecl type : scan.types()) {
        String name = simpleName(type);
        String prefix = scan.packageName().isEmpty() ? "" : scan.packageName() + ".";
        if (Character.isLowerCase(name.charAt(0)) && type.qualifiedName().equals(prefix + name)) {
          seenEverywhere.add(name);
        }
        List<Integer> files = byName.computeIfAbsent(name, k -> new ArrayList<>());
        if (files.isEmpty() || files.get(files.size() - 1) != i) {
          files.add(i);
        }
      }
    }
    Map<String, int[]> declarers = new HashMap<>();
    byName.forEach((name, files) -> declarers.put(name, files.stream().mapToInt(f -> f).toArray()));
    List<int[]> links = new ArrayList<>(scans.size());
    FileLinks partial = new FileLinks(packages, declarers, List.of(), seenEverywhere, shared);
    for (int i = 0; i < scans.size(); i++) {
      links.add(partial.linksOf(i, scans.get(i), found.get(i)));
    }
    return new FileLinks(packages, declarers, links, seenEverywhere, shared);
  }

  /**
   * The same links with file {@code file}'s taken from its new scan, which declares the same types
   * in the same package as before (so no other file's links change), and its new shared locks.
   */
  public FileLinks with(int file, PreScan scan, Set<String> found, Set<String> newShared) {
    List<int[]> changed = new ArrayList<>(links);
    changed.set(file, linksOf(file, scan, found));
    List<Set<String>> changedShared = new ArrayList<>(shared);
    changedShared.set(file, newShared);
    return new FileLinks(packages, declarers, changed, seenEverywhere, changedShared);
  }

  /** The files a file's names may mean a type of, in file order. */
  int[] linksOf(int file, PreScan scan, Set<String> found) {
    BitSet linked = new BitSet();
    for (Collection<String> names : List.of(scan.names(), found)) {
      for (String name : names) {
        int[] files = declarers.get(name);
        if (files == null) {
          continue;
        }
        for (int other : files) {
          if (other != file && (seenEverywhere.contains(name) || sees(scan, packages.get(other)))) {
            linked.set(other);
          }
        }
      }
    }
    return linked.stream().toArray();
  }

  /**
   * Whether a file can mean a type of package {@code other}. A package with a part that does not
   * start with a lower-case letter, and the unnamed package, are taken as always seen: the
   * qualifiers are cut at the first such part.
   */
  private static boolean sees(PreScan scan, String other) {
    return other.equals(scan.packageName())
        || other.equals("java.lang")
        || scan.qualifiers().contains(other)
        || other.isEmpty()
        || !lowerCaseParts(other);
  }

  private static boolean lowerCaseParts(String packageName) {
    for (String part : packageName.split("\\.", -1)) {
      if (part.isEmpty() || !Character.isLowerCase(part.charAt(0))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The files connected to {@code files} by links in either direction, those included: the files
   * whose project findings an edit of {@code files} can change.
   */
  public BitSet connected(Collection<Integer> files) {
    return connected(files, linkedFrom(), sharers());
  }

  private BitSet connected(
      Collection<Integer> files,
      List<List<Integer>> linkedFrom,
      Map<String, List<Integer>> sharers) {
    Set<String> expanded = new HashSet<>();
    BitSet seen = new BitSet(links.size());
    ArrayDeque<Integer> work = new ArrayDeque<>();
    for (int file : files) {
      if (!seen.get(file)) {
        seen.set(file);
        work.add(file);
      }
    }
    while (!work.isEmpty()) {
      int next = work.poll();
      for (int other : links.get(next)) {
        if (!seen.get(other)) {
          seen.set(other);
          work.add(other);
        }
      }
      for (int other : linkedFrom.get(next)) {
        if (!seen.get(other)) {
          seen.set(other);
          work.add(other);
        }
      }
      for (String key : shared.get(next)) {
        if (!expanded.add(key)) {
          continue; // its files are queued already
        }
        for (int other : sharers.getOrDefault(key, List.of())) {
          if (!seen.get(other)) {
            seen.set(other);
            work.add(other);
          }
        }
      }
    }
    return seen;
  }

  /** Every connected part, each as the set of its files, in order of its first file. */
  public List<BitSet> parts() {
    List<List<Integer>> linkedFrom = linkedFrom();
    Map<String, List<Integer>> sharers = sharers();
    List<BitSet> parts = new ArrayList<>();
    BitSet done = new BitSet(links.size());
    for (int i = done.nextClearBit(0); i < links.size(); i = done.nextClearBit(i + 1)) {
      BitSet part = connected(List.of(i), linkedFrom, sharers);
      parts.add(part);
      done.or(part);
    }
    return parts;
  }

  /** Per shared lock key, the files that have it. */
  private Map<String, List<Integer>> sharers() {
    Map<String, List<Integer>> sharers = new HashMap<>();
    for (int i = 0; i < shared.size(); i++) {
      for (String key : shared.get(i)) {
        sharers.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
    }
    return sharers;
  }

  /** Per file, the files that link to it. */
  private List<List<Integer>> linkedFrom() {
    List<List<Integer>> linkedFrom = new ArrayList<>(links.size());
    for (int i = 0; i < links.size(); i++) {
      linkedFrom.add(new ArrayList<>(0));
    }
    for (int i = 0; i < links.size(); i++) {
      for (int other : links.get(i)) {
        linkedFrom.get(other).add(i);
      }
    }
    return linkedFrom;
  }

  private static String simpleName(TypeDecl type) {
    String name = type.qualifiedName();
    return name.substring(name.lastIndexOf('.') + 1);
  }
}
