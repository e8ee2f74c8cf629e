package dev.threadlint.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Chooses the rules to run from {@code --enable}/{@code --disable} lists of ids and families. An
 * unknown name is a configuration error, so that a typo does not silently disable nothing.
 */
public final class RuleSelection {
  private RuleSelection() {}

  /**
   * The rules to run.
   *
   * @throws IllegalArgumentException naming the unknown id or family
   */
  public static List<Rule> select(Set<String> enable, Set<String> disable) {
    validate("enable", enable);
    validate("disable", disable);
    List<Rule> selected = new ArrayList<>();
    for (Rule rule : Rules.ALL) {
      RuleMetadata m = rule.metadata();
      boolean enabled = enable.isEmpty() || matches(enable, m);
      if (enabled && !matches(disable, m)) {
        selected.add(rule);
      }
    }
    return selected;
  }

  private static boolean matches(Set<String> names, RuleMetadata m) {
    return names.contains(m.id()) || names.contains(m.family().label());
  }

  private static void validate(String option, Set<String> names) {
    for (String name : names) {
      boolean known =
          Rules.byId(name).isPresent()
              || Set.of(Family.values()).stream().anyMatch(f -> f.label().equals(name));
      if (!known) {
        throw new IllegalArgumentException(option + ": unknown rule id or family '" + name + "'");
      }
    }
  }
}
