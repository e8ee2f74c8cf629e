package dev.threadlint;

/** The analysis was interrupted or could not run at all (an unreadable root, a broken pool). */
public final class AnalysisAbortedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AnalysisAbortedException(String message, Throwable cause) {
    super(message, cause);
  }
}
