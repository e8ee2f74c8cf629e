package dev.threadlint.facts;

import dev.threadlint.findings.Finding;
import java.util.List;
import java.util.Objects;

/**
 * A finding that holds only if its type conditions do: a file-local rule cannot see types declared
 * in other files, so it states what it assumed and the analyzer checks that against the whole
 * project's type index.
 */
public record Candidate(Finding finding, List<TypeCondition> conditions)
    implements java.io.Serializable {
  public Candidate {
    Objects.requireNonNull(finding, "finding");
    conditions = List.copyOf(conditions);
  }
}
