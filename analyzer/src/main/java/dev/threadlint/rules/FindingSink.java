package dev.threadlint.rules;

import dev.threadlint.facts.TypeCondition;
import dev.threadlint.findings.Finding;
import java.util.List;

/** Where a rule reports; implementations collect for one file or for the project. */
public interface FindingSink {
  /** Reports a finding that holds only if every condition holds in the project's type index. */
  void report(Finding finding, List<TypeCondition> conditions);

  /** Reports a finding that holds unconditionally. */
  default void report(Finding finding) {
    report(finding, List.of());
  }
}
