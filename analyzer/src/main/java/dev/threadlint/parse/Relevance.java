package dev.threadlint.parse;

import dev.threadlint.facts.TypeDecl;
import dev.threadlint.facts.TypeRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides from the pre-scans which files must be parsed: a file matters when its own code uses a
 * concurrency word, and also when concurrent code can reach it or depends on it, even though it has
 * no such word itself. The closure, over simple type names (a name shared by two types counts for
 * both, which only ever adds files):
 *
 * <ul>
 *   <li>a file that declares a type extending or implementing a concurrency type, directly or
 *       through project types ({@code class Pool extends BasePool}, {@code BasePool extends
 *       Semaphore}), and every file that names such a type ({@code pool.acquire()} is a semaphore
 *       operation);
 *   <li>every file declaring a type that a relevant file names: the types its code calls, the
 *       supertypes it inherits methods from, the types of its fields (the call graph and method
 *       summaries need their bodies);
 *   <li>every file declaring a subtype of a type a relevant file declares or names: calls on an
 *       interface reach every implementation;
 *   <li>every file that names a type declared in a relevant file: callers of a method decide
 *       whether it is always called under a lock;
 *   <li>files the pre-scan could not read cleanly (unbalanced brackets, unterminated literals), so
 *       that the parser reports their errors.
 * </ul>
 *
 * Linear in the number of (file, name) pairs: every file enters the work list at most once.
 */
public final class Relevance {
  private Relevance() {}

  /**
   * What to do with each file, by index into the scans.
   *
   * @param parse the files to parse, for their facts (method summaries, lock orders...)
   * @param check the files the file-local rules run on: those whose own code uses a concurrency
   *     word or names a project type that is a concurrency type by inheritance. A rule cannot find
   *     anything in another file: every finding needs one of those in the file it is in.
   */
  public record Selection(BitSet parse, BitSet check) {}

  /** Which files to parse and which to check. */
  public static Selection select(List<PreScan> scans) {
    return select(scans, ALL);
  }

  /**
   * Which files to parse and which to check, from scans whose names also hold every type name of
   * {@link #unkeptTypeNames} that the file's text holds as a word (see {@link #withTypeNames}):
   * then a type declared in lower case no longer makes every file matter.
   */
  public static Selection selectWithUnkeptNames(List<PreScan> scans) {
    return select(scans, ALL & ~LOWER_CASE);
  }

  /**
   * The simple names of declared types that a scan does not keep among a file's names: lower case
   * without an underscore ({@code class javaURLContextFactory}). One such type made every file of
   * the project relevant; {@link #withTypeNames} finds the files that may name it instead.
   */
  public static Set<String> unkeptTypeNames(List<PreScan> scans) {
    Set<String> names = new java.util.TreeSet<>();
    for (PreScan scan : scans) {
      for (TypeDecl type : scan.types()) {
        String simple = simpleName(type.qualifiedName());
        if (isUnkept(simple)) {
          names.add(simple);
        }
      }
    }
    return names;
  }

  /**
   * The names by which {@link #select} looks a file's names up: the simple names of the declared
   * types and of the supertypes they name. A name outside them selects no file, so a scan's other
   * names can come and go without changing any selection.
   */
  public static Set<String> selectingNames(List<PreScan> scans) {
    Set<String> names = new HashSet<>();
    for (PreScan scan : scans) {
      for (TypeDecl type : scan.types()) {
        names.add(simpleName(type.qualifiedName()));
        for (TypeRef supertype : type.supertypes()) {
          names.add(supertype.simpleName());
        }
      }
    }
    return names;
  }

  /** The scan with only those of its names that can select a file ({@link #selectingNames}). */
  public static PreScan withSelectingNamesOnly(PreScan scan, Set<String> selecting) {
    Set<String> kept = new HashSet<>(scan.names());
    kept.retainAll(selecting);
    return kept.size() == scan.names().size() ? scan : scan.withNames(kept);
  }

  static boolean isUnkept(String simpleName) {
    return Character.isLowerCase(simpleName.charAt(0)) && simpleName.indexOf('_') < 0;
  }

  /**
   * A scan with those of {@code unkept} added to its names that the file's text holds as a whole
   * word, in code, comments or literals alike (more files than name the type, never fewer).
   */
  public static PreScan withTypeNames(PreScan scan, String text, Set<String> unkept) {
    Set<String> found = new HashSet<>();
    for (String name : unkept) {
      if (holdsWord(text, name)) {
        found.add(name);
      }
    }
    if (found.isEmpty()) {
      return scan;
    }
    found.addAll(scan.names());
    return scan.withNames(found);
  }

  private static boolean holdsWord(String text, String word) {
    for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      int end = at + word.length();
      if ((at == 0 || !Character.isJavaIdentifierPart(text.charAt(at - 1)))
          && (end == text.length() || !Character.isJavaIdentifierPart(text.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  static final int FORWARD = 1;
  static final int SUBTYPES = 2;
  static final int CALLERS = 4;
  static final int USERS_OF_CONCURRENT_TYPES = 8;
  static final int LOWER_CASE = 16;
  static final int ALL = 31;

  /** The same, with only some kinds of edges (to measure what each costs). */
  static Selection select(List<PreScan> scans, int edges) {
    boolean callers = (edges & CALLERS) != 0;
    int n = scans.size();
    Declared declared = Declared.of(scans);
    Map<String, List<Integer>> declaredIn = declared.declaredIn();
    Map<String, List<Integer>> subtypesIn = declared.subtypesIn();
    Map<String, List<Integer>> namedIn = new HashMap<>();
    for (int i = 0; i < n; i++) {
      for (String name : scans.get(i).names()) {
        namedIn.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
      }
    }
    Set<String> concurrentTypes = declared.concurrentTypes();

    BitSet relevant = new BitSet(n);
    ArrayDeque<Integer> work = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      if (scans.get(i).concurrent() || scans.get(i).damaged()) {
        mark(i, relevant, work);
      }
    }
    for (String type : concurrentTypes) {
      markAll(declaredIn.get(type), relevant, work);
      if ((edges & USERS_OF_CONCURRENT_TYPES) != 0) {
        markAll(namedIn.get(type), relevant, work);
      }
    }
    BitSet check = (BitSet) relevant.clone();
    // A type named in lower case without an underscore is not among the names a scan keeps.
    if ((edges & LOWER_CASE) != 0 && declaredIn.keySet().stream().anyMatch(Relevance::isUnkept)) {
      relevant.set(0, n);
      return new Selection(relevant, relevant);
    }
    Set<String> expanded = new HashSet<>();
    while (!work.isEmpty()) {
      int file = work.poll();
      PreScan scan = scans.get(file);
      for (String name : scan.names()) {
        if (expanded.add(name)) {
          if ((edges & FORWARD) != 0) {
            markAll(declaredIn.get(name), relevant, work);
          }
          if ((edges & SUBTYPES) != 0) {
            markAll(subtypesIn.get(name), relevant, work);
          }
        }
      }
      for (TypeDecl type : scan.types()) {
        String simple = simpleName(type.qualifiedName());
        if (expanded.add(simple)) {
          if ((edges & FORWARD) != 0) {
            markAll(declaredIn.get(simple), relevant, work);
          }
          if ((edges & SUBTYPES) != 0) {
            markAll(subtypesIn.get(simple), relevant, work);
          }
        }
        if (callers) {
          markAll(namedIn.get(simple), relevant, work);
        }
      }
    }
    return new Selection(relevant, check);
  }

  /**
   * What {@link NameSelection} needs of the scans to tell, later, whether a file's new names change
   * {@link #select}'s choice: the files that subclass each supertype name, and the concurrency
   * types by inheritance, as {@link #select} finds them.
   */
  public static NameSelection nameSelection(List<PreScan> scans) {
    Declared declared = Declared.of(scans);
    Map<String, int[]> subtypes = new HashMap<>();
    declared
        .subtypesIn()
        .forEach((name, files) -> subtypes.put(name, files.stream().mapToInt(f -> f).toArray()));
    return new NameSelection(subtypes, declared.concurrentTypes());
  }

  /**
   * The files' declared types as the selection looks them up.
   *
   * @param declaredIn per simple name, the files that declare a type of that name
   * @param subtypesIn per supertype's simple name, the files that declare a subtype of it
   * @param subtypeNames per supertype's simple name, the simple names of its subtypes
   */
  private record Declared(
      Map<String, List<Integer>> declaredIn,
      Map<String, List<Integer>> subtypesIn,
      Map<String, List<String>> subtypeNames) {

    static Declared of(List<PreScan> scans) {
      Declared declared = new Declared(new HashMap<>(), new HashMap<>(), new HashMap<>());
      for (int i = 0; i < scans.size(); i++) {
        for (TypeDecl type : scans.get(i).types()) {
          String simple = simpleName(type.qualifiedName());
          declared.declaredIn.computeIfAbsent(simple, k -> new ArrayList<>()).add(i);
          for (TypeRef supertype : type.supertypes()) {
            String parent = supertype.simpleName();
            declared.subtypesIn.computeIfAbsent(parent, k -> new ArrayList<>()).add(i);
            declared.subtypeNames.computeIfAbsent(parent, k -> new ArrayList<>()).add(simple);
          }
        }
      }
      return declared;
    }

    /**
     * The simple names of the project types that are concurrency types by inheritance ({@code class
     * Pool extends Semaphore}, and its subclasses): a file that names one is checked.
     */
    Set<String> concurrentTypes() {
      Set<String> concurrentTypes = new HashSet<>();
      ArrayDeque<String> types = new ArrayDeque<>();
      for (String parent : subtypeNames.keySet()) {
        if (Vocabulary.triggers(parent, Set.of())) {
          types.add(parent);
        }
      }
      while (!types.isEmpty()) {
        for (String child : subtypeNames.getOrDefault(types.poll(), List.of())) {
          if (concurrentTypes.add(child)) {
            types.add(child);
          }
        }
      }
      return concurrentTypes;
    }
  }

  private static void markAll(List<Integer> files, BitSet relevant, ArrayDeque<Integer> work) {
    if (files != null) {
      for (int file : files) {
        mark(file, relevant, work);
      }
    }
  }

  private static void mark(int file, BitSet relevant, ArrayDeque<Integer> work) {
    if (!relevant.get(file)) {
      relevant.set(file);
      work.add(file);
    }
  }

  private static String simpleName(String qualifiedName) {
    return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
  }
}
