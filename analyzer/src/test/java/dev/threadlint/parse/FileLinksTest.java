package dev.threadlint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A file links to the files that declare a type it names, in a package it can see: its own, {@code
 * java.lang}, an imported one, or one it writes out before the name.
 */
class FileLinksTest {
  private static final PreScanner SCANNER = new PreScanner(Set.of());

  /** Sources by path, in this order. */
  private static final Map<String, String> SOURCES =
      ordered(
          "a/A.java", "package a; public class A { public static class Inner {} }",
          "a/B.java", "package a; class B { A a; }",
          "b/C.java", "package b; import a.A; class C { A x; }",
          "b/D.java", "package b; class D { a.A x; }",
          "b/E.java", "package b; class E { A unseen; Inner alsoUnseen; }",
          "c/F.java", "package c; import a.*; class F { Inner viaStar; }",
          "x/G.java", "package x; class G { java.util.List<String> l; }");

  private static final List<String> PATHS = List.copyOf(SOURCES.keySet());

  private static Map<String, String> ordered(String... pathsAndTexts) {
    Map<String, String> sources = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pathsAndTexts.length; i += 2) {
      sources.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
    }
    return sources;
  }

  private static List<PreScan> scans(Map<String, String> sources) {
    List<PreScan> scans = new ArrayList<>();
    sources.forEach((path, text) -> scans.add(SCANNER.scan(text, path)));
    return scans;
  }

  private static List<Set<String>> none(int files) {
    return java.util.Collections.nCopies(files, Set.of());
  }

  private static List<String> paths(BitSet files) {
    return files.stream().mapToObj(PATHS::get).toList();
  }

  private static List<String> linksOf(FileLinks links, String path) {
    return java.util.Arrays.stream(links.links().get(PATHS.indexOf(path)))
        .mapToObj(PATHS::get)
        .toList();
  }

  @Test
  void aFileLinksToTheTypesOfThePackagesItSees() {
    FileLinks links = FileLinks.of(scans(SOURCES), none(SOURCES.size()), none(SOURCES.size()));
    assertThat(linksOf(links, "a/B.java")).containsExactly("a/A.java"); // same package
    assertThat(linksOf(links, "b/C.java")).containsExactly("a/A.java"); // imported
    assertThat(linksOf(links, "b/D.java")).containsExactly("a/A.java"); // written out
    assertThat(linksOf(links, "b/E.java")).isEmpty(); // the same names, another package
    assertThat(linksOf(links, "c/F.java")).containsExactly("a/A.java"); // a nested type, by *
    assertThat(linksOf(links, "x/G.java")).isEmpty();
    assertThat(links.packages()).containsExactly("a", "a", "b", "b", "b", "c", "x");
  }

  @Test
  void theConnectedFilesFollowLinksBothWays() {
    FileLinks links = FileLinks.of(scans(SOURCES), none(SOURCES.size()), none(SOURCES.size()));
    List<String> withA = List.of("a/A.java", "a/B.java", "b/C.java", "b/D.java", "c/F.java");
    assertThat(paths(links.connected(List.of(PATHS.indexOf("b/C.java"))))).isEqualTo(withA);
    assertThat(paths(links.connected(List.of(PATHS.indexOf("b/E.java")))))
        .containsExactly("b/E.java");
    assertThat(links.parts())
        .extracting(FileLinksTest::paths)
        .containsExactly(withA, List.of("b/E.java"), List.of("x/G.java"));
  }

  @Test
  void aChangedFileTakesItsNewLinks() {
    FileLinks links = FileLinks.of(scans(SOURCES), none(SOURCES.size()), none(SOURCES.size()));
    int e = PATHS.indexOf("b/E.java");
    PreScan imports =
        SCANNER.scan("package b; import a.A; class E { A seen; Inner alsoUnseen; }", "b/E.java");
    FileLinks changed = links.with(e, imports, Set.of(), Set.of());
    assertThat(linksOf(changed, "b/E.java")).containsExactly("a/A.java");
    assertThat(paths(changed.connected(List.of(e)))).contains("a/A.java", "c/F.java");
    assertThat(linksOf(links, "b/E.java"))
        .isEmpty(); // the links it was made from stay as they were
  }

  /**
   * A lower-case top-level type can be written out with no name that is not lower case before it
   * ({@code l.counterbox}): every file whose text holds its name links to it.
   */
  @Test
  void aLowerCaseTopLevelTypeIsSeenEverywhereItIsNamed() {
    Map<String, String> sources =
        ordered(
            "l/counterbox.java", "package l; public class counterbox {}",
            "m/U.java", "package m; class U { l.counterbox c; }",
            "m/V.java", "package m; class V { int counterbox; }");
    FileLinks links =
        FileLinks.of(scans(sources), List.of(Set.of(), Set.of("counterbox"), Set.of()), none(3));
    assertThat(links.links().get(1)).containsExactly(0);
    assertThat(links.links().get(2)).isEmpty(); // its text was not found to hold the name
  }

  /**
   * Two files that lock the same JDK object name no type of each other, and still deadlock: a
   * shared lock's key connects them.
   */
  @Test
  void filesThatShareALockAreConnected() {
    Map<String, String> sources =
        ordered(
            "p/Printer.java", "package p; class Printer { }",
            "q/Reporter.java", "package q; class Reporter { }",
            "r/Other.java", "package r; class Other { }");
    List<Set<String>> shared =
        List.of(
            Set.of("java.lang.System#out", "java.lang.System#err"),
            Set.of("java.lang.System#err"),
            Set.of("java.lang.String#"));
    FileLinks links = FileLinks.of(scans(sources), none(3), shared);
    assertThat(links.connected(List.of(1)).stream().boxed().toList()).containsExactly(0, 1);
    assertThat(links.parts()).hasSize(2);
    FileLinks unshared = links.with(1, scans(sources).get(1), Set.of(), Set.of());
    assertThat(unshared.connected(List.of(1)).stream().boxed().toList()).containsExactly(1);
  }
}
