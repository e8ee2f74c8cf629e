package dev.threadlint.cache;

import dev.threadlint.findings.Finding;
import java.io.Serializable;
import java.util.List;

/**
 * What a whole run yielded, for a next run over exactly the same files with the same contents and
 * configuration: then neither the files nor the project phase need to be looked at again.
 *
 * @param findings the findings after suppressions, fingerprinted and sorted
 * @param lines non-blank lines of all files
 * @param parseErrors files with a parse error
 * @param suppressed findings removed by suppressions
 */
public record CachedRun(List<Finding> findings, long lines, int parseErrors, int suppressed)
    implements Serializable {

  public CachedRun {
    findings = List.copyOf(findings);
  }
}
