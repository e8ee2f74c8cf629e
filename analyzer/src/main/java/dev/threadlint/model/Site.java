package dev.threadlint.model;

import dev.threadlint.findings.Location;
import java.io.Serializable;
import java.util.Objects;

/**
 * A place in a source file, kept by summaries once the AST is gone.
 *
 * @param path the file's relative path
 * @param line 1-based first line
 * @param column 1-based first column
 * @param endLine last line
 * @param endColumn last column
 * @param member the enclosing member as {@code Type.member}, for fingerprints
 */
public record Site(String path, int line, int column, int endLine, int endColumn, String member)
    implements Serializable {
  public Site {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(member, "member");
  }

  /** The same place as a finding location. */
  public Location location() {
    return new Location(path, line, column, endLine, endColumn, "");
  }

  /** The same place with a message, for related locations. */
  public Location location(String message) {
    return location().withMessage(message);
  }

  @Override
  public String toString() {
    return path + ":" + line;
  }

  /**
   * The record's own equality, written out: the generated one goes through method handles, which
   * the quick compiler the command line runs with does not inline, and the model's fixpoint
   * compares and hashes these by the million. Same components, same order, same values as the
   * generated {@code hashCode} (31 × the hash so far + the next component's hash).
   */
  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof Site other
            && java.util.Objects.equals(path, other.path)
            && line == other.line
            && column == other.column
            && endLine == other.endLine
            && endColumn == other.endColumn
            && java.util.Objects.equals(member, other.member);
  }

  @Override
  public int hashCode() {
    int h = 0;
    h = 31 * h + java.util.Objects.hashCode(path);
    h = 31 * h + line;
    h = 31 * h + column;
    h = 31 * h + endLine;
    h = 31 * h + endColumn;
    h = 31 * h + java.util.Objects.hashCode(member);
    return h;
  }
}
