package dev.threadlint.parse;

import dev.threadlint.facts.TypeDecl;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the lexical pre-scan learns about one file without parsing it.
 *
 * @param trigger the first concurrency word the file's code uses ({@code synchronized}, {@code
 *     Thread}, {@code ConcurrentHashMap}...), empty when none: such a file is always parsed
 * @param types the types it declares, exactly as {@link dev.threadlint.facts.Declarations} would
 *     list them from the parsed file, so the project type index is the same either way
 * @param names the identifiers of its code that do not start with a lower-case letter or that hold
 *     an underscore (type names, in practice), to find the files that name a type of another
 * @param damaged an unterminated comment or literal, or unbalanced brackets: parsed for its
 *     diagnostics
 * @param packageName the package it declares, {@code ""} for none
 * @param qualifiers the dotted names written before a name that does not start with a lower-case
 *     letter, cut there ({@code java.util} of {@code java.util.List}, of an import or of a name in
 *     code): the packages whose types its names can mean besides its own and {@code java.lang}
 *     ({@link FileLinks})
 */
public record PreScan(
    String trigger,
    List<TypeDecl> types,
    Set<String> names,
    boolean damaged,
    String packageName,
    Set<String> qualifiers)
    implements Serializable {

  public PreScan {
    Objects.requireNonNull(trigger, "trigger");
    types = List.copyOf(types);
    names = Set.copyOf(names);
    Objects.requireNonNull(packageName, "packageName");
    qualifiers = Set.copyOf(qualifiers);
  }

  /** The scan of a file that could not be read or scanned: parsed, for its diagnostics. */
  public static PreScan unreadable() {
    return new PreScan("", List.of(), Set.of(), true, "", Set.of());
  }

  /** The same scan with other names. */
  public PreScan withNames(Set<String> newNames) {
    return new PreScan(trigger, types, newNames, damaged, packageName, qualifiers);
  }

  /** The same scan, marked damaged. */
  public PreScan asDamaged() {
    return new PreScan(trigger, types, names, true, packageName, qualifiers);
  }

  /**
   * The same scan without what only tells which files its names may mean (its qualifiers): what the
   * selection of files reads, with {@link Relevance#withSelectingNamesOnly}.
   */
  public PreScan withoutQualifiers() {
    return qualifiers.isEmpty()
        ? this
        : new PreScan(trigger, types, names, damaged, packageName, Set.of());
  }

  /** True when the file's own text shows it can matter to a rule. */
  public boolean concurrent() {
    return !trigger.isEmpty();
  }
}
