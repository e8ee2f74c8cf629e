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
 */
public record PreScan(String trigger, List<TypeDecl> types, Set<String> names, boolean damaged)
    implements Serializable {

  public PreScan {
    Objects.requireNonNull(trigger, "trigger");
    types = List.copyOf(types);
    names = Set.copyOf(names);
  }

  /** True when the file's own text shows it can matter to a rule. */
  public boolean concurrent() {
    return !trigger.isEmpty();
  }
}
