package dev.threadlint.rules;

import dev.threadlint.findings.Severity;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a rule is: its permanent id, family, default severity, a one-line summary, a longer
 * description, and the ids of equivalent checks in other tools.
 */
public record RuleMetadata(
    String id,
    Family family,
    Severity severity,
    String summary,
    String description,
    Map<Tool, List<String>> equivalents,
    String fix) {

  /** Where rule documentation pages live; a page per id. */
  public static final String DOCS_BASE =
      "https://github.com/threadlint/threadlint/blob/main/docs/rules/";

  private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  public RuleMetadata {
    Objects.requireNonNull(id, "id");
    if (!KEBAB.matcher(id).matches()) {
      throw new IllegalArgumentException("rule id is not kebab-case: " + id);
    }
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(description, "description");
    EnumMap<Tool, List<String>> copy = new EnumMap<>(Tool.class);
    equivalents.forEach((tool, ids) -> copy.put(tool, List.copyOf(ids)));
    equivalents = java.util.Collections.unmodifiableMap(copy);
    Objects.requireNonNull(fix, "fix");
  }

  /** Metadata with no equivalents; add them with {@link #equivalent}. */
  public static RuleMetadata of(
      String id, Family family, Severity severity, String summary, String description) {
    return new RuleMetadata(id, family, severity, summary, description, Map.of(), "");
  }

  /** The same metadata with advice on how to fix a finding (shown in docs and reports). */
  public RuleMetadata fix(String advice) {
    return new RuleMetadata(id, family, severity, summary, description, equivalents, advice);
  }

  /** The same metadata with the ids of an equivalent check in another tool. */
  public RuleMetadata equivalent(Tool tool, String... ids) {
    EnumMap<Tool, List<String>> copy = new EnumMap<>(Tool.class);
    copy.putAll(equivalents);
    copy.put(tool, List.of(ids));
    return new RuleMetadata(id, family, severity, summary, description, copy, fix);
  }

  /** The documentation page of this rule. */
  public String docsUrl() {
    return DOCS_BASE + id + ".md";
  }
}
