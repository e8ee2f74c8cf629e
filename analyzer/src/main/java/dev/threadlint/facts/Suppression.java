package dev.threadlint.facts;

import java.util.Set;

/**
 * A range of lines in which findings of some rules are suppressed, from
 * {@code @SuppressWarnings("threadlint:...")}, {@code @SuppressFBWarnings} or a {@code //
 * threadlint:ignore} comment.
 *
 * @param startLine first suppressed line
 * @param endLine last suppressed line
 * @param ids rule ids or families; {@code threadlint} (all) is stored as {@code *}
 */
public record Suppression(int startLine, int endLine, Set<String> ids)
    implements java.io.Serializable {
  public static final String ALL = "*";

  public Suppression {
    ids = Set.copyOf(ids);
  }

  /**
   * True when this suppression covers a finding of {@code ruleId} (in {@code family}) on {@code
   * line}.
   */
  public boolean covers(String ruleId, String family, int line) {
    return line >= startLine
        && line <= endLine
        && (ids.contains(ALL) || ids.contains(ruleId) || ids.contains(family));
  }
}
