package dev.threadlint.rules;

/** Other analyzers whose checks a rule may be equivalent to (for docs and for suppressions). */
public enum Tool {
  SPOTBUGS("SpotBugs"),
  PMD("PMD"),
  ERROR_PRONE("Error Prone"),
  SONARJAVA("SonarJava"),
  INFER("Infer"),
  INTELLIJ("IntelliJ IDEA"),
  /** The Eclipse compiler's {@code @SuppressWarnings} tokens ({@code "sync-override"}). */
  ECLIPSE("Eclipse");

  private final String displayName;

  Tool(String displayName) {
    this.displayName = displayName;
  }

  public String displayName() {
    return displayName;
  }
}
