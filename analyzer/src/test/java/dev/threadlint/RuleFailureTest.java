package dev.threadlint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadlint.facts.Candidate;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.FileFacts;
import dev.threadlint.facts.ProjectModel;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Severity;
import dev.threadlint.parse.Parsers;
import dev.threadlint.rules.Extractors;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other half of the fuzzing property (AnalyzerFuzzTest in test-fixtures): a rule that throws on
 * a file becomes an {@code internal-error} finding that names the rule, the file and the failure,
 * and the other rules still report on that file.
 */
class RuleFailureTest {
  @TempDir Path dir;

  /** A rule that fails with whatever the supplier makes. */
  private record Failing(String id, Supplier<Throwable> failure) implements Rule {
    @Override
    public RuleMetadata metadata() {
      return RuleMetadata.of(id, Family.THREAD, Severity.WARNING, "fails", "fails on purpose");
    }

    @Override
    public void checkFile(FileContext file, FindingSink sink) {
      Throwable t = failure.get();
      if (t instanceof RuntimeException e) {
        throw e;
      }
      throw (Error) t;
    }
  }

  /** A rule that always reports once at line 1, to show it still runs after a failing one. */
  private record Reporting() implements Rule {
    @Override
    public RuleMetadata metadata() {
      return RuleMetadata.of("always-reports", Family.THREAD, Severity.INFO, "reports", "reports");
    }

    @Override
    public void checkFile(FileContext file, FindingSink sink) {
      sink.report(
          finding(file, file.unit().getType(0), "seen " + file.unit().getType(0).getName()));
    }
  }

  private FileFacts analyze(Rule... rules) throws IOException {
    Path source = dir.resolve("src/demo/Worker.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "package demo;\nclass Worker {\n  void run() {}\n}\n");
    FileAnalysis analysis =
        new FileAnalysis(List.of(rules), Extractors.ALL, StandardCharsets.UTF_8, Parsers.newest());
    return analysis.analyze(SourceFile.of(source, dir));
  }

  @Test
  void exceptionInARuleBecomesAnInternalErrorAndOtherRulesStillRun() throws IOException {
    FileFacts facts =
        analyze(
            new Failing("boom-rule", () -> new IllegalStateException("no such lock")),
            new Reporting());
    assertThat(facts.diagnostics())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.ruleId()).isEqualTo("internal-error");
              assertThat(d.location().path()).isEqualTo("src/demo/Worker.java");
              assertThat(d.message())
                  .contains("rule boom-rule")
                  .contains("IllegalStateException: no such lock")
                  .contains("RuleFailureTest");
            });
    assertThat(facts.candidates())
        .extracting(Candidate::finding)
        .extracting(Finding::ruleId)
        .containsExactly("always-reports");
  }

  @Test
  void stackOverflowInARuleBecomesAnInternalError() throws IOException {
    FileFacts facts = analyze(new Failing("deep-rule", StackOverflowError::new), new Reporting());
    assertThat(facts.diagnostics())
        .extracting(Finding::message)
        .singleElement()
        .asString()
        .contains("rule deep-rule failed: StackOverflowError");
    assertThat(facts.candidates()).hasSize(1);
  }

  /** A project-wide rule that reports once, then fails with whatever the supplier makes. */
  private record FailingProject(Supplier<Error> failure) implements Rule {
    @Override
    public RuleMetadata metadata() {
      return RuleMetadata.of("greedy-rule", Family.THREAD, Severity.WARNING, "fails", "fails");
    }

    @Override
    public void checkProject(ProjectModel project, FindingSink sink) {
      sink.report(
          Finding.of(
              "greedy-rule",
              Severity.WARNING,
              dev.threadlint.findings.Location.at("A.java", 1, 1),
              "",
              "before it failed"),
          List.of());
      throw failure.get();
    }
  }

  @Test
  void outOfMemoryInAProjectRuleBecomesAnInternalError() {
    List<Finding> found =
        Analyzer.checkProject(
            new FailingProject(() -> new OutOfMemoryError("Java heap space")),
            new ProjectModel(List.of()));
    assertThat(found).extracting(Finding::ruleId).containsExactly("greedy-rule", "internal-error");
    assertThat(found.get(1).message())
        .contains("project rule greedy-rule")
        .contains("OutOfMemoryError");
  }
}
