package dev.threadlint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A file that gains or loses one name is said to keep the selection only when selecting again from
 * every scan gives the same files to parse and to check: tried for every file and every name that
 * can select a file, in a small project with concurrent, reached, subclassed and unreached files.
 */
class NameSelectionTest {
  private static final PreScanner SCANNER = new PreScanner(Set.of());

  private static final List<String> SOURCES =
      List.of(
          "package p; class Pool extends java.util.concurrent.Semaphore { Pool() { super(1); } }",
          "package p; class Worker { synchronized void work(Helper h) { h.help(); } }",
          "package p; class Helper { void help() { Util.log(); } }",
          "package p; class Util { static void log() {} }",
          "package p; class Base { }",
          "package p; class Derived extends Base { }",
          "package p; class Lonely { Base b; }",
          "package p; class Unreached { }",
          "package p; class User { Pool pool; }");

  @Test
  void aNameSaidToKeepTheSelectionKeepsIt() {
    List<PreScan> scans = new ArrayList<>();
    for (int i = 0; i < SOURCES.size(); i++) {
      scans.add(SCANNER.scan(SOURCES.get(i), "p/F" + i + ".java"));
    }
    Relevance.Selection before = Relevance.select(scans);
    NameSelection names = Relevance.nameSelection(scans);
    Map<String, int[]> declarers = declarers(scans);
    Set<String> selecting = Relevance.selectingNames(scans);
    int kept = 0;
    int tried = 0;
    for (int file = 0; file < scans.size(); file++) {
      for (String name : selecting) {
        PreScan scan = scans.get(file);
        Set<String> changed = new HashSet<>(scan.names());
        boolean gain = changed.add(name);
        if (!gain) {
          changed.remove(name);
        }
        List<PreScan> edited = new ArrayList<>(scans);
        edited.set(file, scan.withNames(changed));
        boolean keeps =
            names.keeps(
                file,
                gain ? Set.of(name) : Set.of(),
                gain ? Set.of() : Set.of(name),
                declarers,
                before.parse(),
                before.check());
        tried++;
        if (keeps) {
          kept++;
          assertThat(Relevance.select(edited))
              .as("file %d %s %s", file, gain ? "gains" : "loses", name)
              .isEqualTo(before);
        }
      }
    }
    assertThat(tried).isEqualTo(scans.size() * selecting.size());
    assertThat(kept).isGreaterThan(tried / 3); // most names change nothing, and are seen to
  }

  private static Map<String, int[]> declarers(List<PreScan> scans) {
    List<Set<String>> none = new ArrayList<>();
    scans.forEach(s -> none.add(Set.of()));
    return new HashMap<>(FileLinks.of(scans, none, none).declarers());
  }
}
