package dev.threadlint.findings;

import java.util.Objects;

/**
 * A region of a source file, with an optional message for related locations and flow steps.
 *
 * @param path the file's path relative to the analysis base directory, with {@code /} separators
 * @param startLine 1-based
 * @param startColumn 1-based
 * @param endLine 1-based, inclusive
 * @param endColumn 1-based, inclusive
 * @param message what happens here (empty for a primary location)
 */
public record Location(
    String path, int startLine, int startColumn, int endLine, int endColumn, String message)
    implements java.io.Serializable {

  public Location {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    if (startLine < 1 || startColumn < 1) {
      throw new IllegalArgumentException(
          "location starts before 1:1: " + startLine + ":" + startColumn);
    }
    if (endLine < startLine || (endLine == startLine && endColumn < startColumn)) {
      endLine = startLine;
      endColumn = startColumn;
    }
  }

  /** A one-position location with no message. */
  public static Location at(String path, int line, int column) {
    return new Location(path, line, column, line, column, "");
  }

  /** The same region with another message. */
  public Location withMessage(String newMessage) {
    return new Location(path, startLine, startColumn, endLine, endColumn, newMessage);
  }
}
