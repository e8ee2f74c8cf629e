package dev.threadlint.cache;

import dev.threadlint.facts.FileFacts;
import dev.threadlint.parse.PreScan;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run learnt about one file, for the next: no AST, only what the project phase reads.
 *
 * @param lines non-blank lines
 * @param malformedLine line of the first byte the charset could not decode, 0 when none
 * @param scan the lexical pre-scan
 * @param parsed the file's facts when it was parsed; null when the pre-scan let it be
 * @param checked whether the file-local rules ran on it (their findings are among the facts)
 */
public record CachedFile(
    int lines, int malformedLine, PreScan scan, FileFacts parsed, boolean checked)
    implements Serializable {

  public CachedFile {
    Objects.requireNonNull(scan, "scan");
  }

  /** The facts of the parsed file, if it was parsed. */
  public Optional<FileFacts> facts() {
    return Optional.ofNullable(parsed);
  }
}
