package dev.threadlint.facts;

import java.util.ArrayList;
import java.util.List;

/**
 * One copy of each name the facts keep. Every file's facts stay in memory from its walk to the end
 * of the run, and most of their strings are the same few names written again and again: the owner
 * type of every field access, the name of every call, the receiver types of every call on a field
 * (on the bench corpus 900 thousand strings with 180 thousand values). A fresh copy per use made
 * them the largest part of what the young collections copied while the files were analysed, and so
 * of how far the heap grew.
 *
 * <p>The JVM's own string table: its entries go when the strings are garbage, so a long-lived build
 * JVM (a Maven daemon) keeps nothing of a finished run. Only identity changes: equal names stay
 * equal.
 */
public final class Names {
  private Names() {}

  /** The one copy of a name (null stays null). */
  public static String shared(String name) {
    return name == null ? null : name.intern();
  }

  /** An unmodifiable copy of a list of names, each its one copy. */
  public static List<String> shared(List<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    List<String> copy = new ArrayList<>(names.size());
    for (String name : names) {
      copy.add(shared(java.util.Objects.requireNonNull(name)));
    }
    return List.copyOf(copy);
  }
}
