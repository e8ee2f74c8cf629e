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
}
