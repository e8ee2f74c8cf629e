package dev.threadlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadlint.filters.GitRepo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path writeBadThread() throws IOException {
    return BadThreadSource.writeBelow(dir);
  }

  @Test
  void findingsExitOneAndPrintDesignFormat() throws IOException {
    Path file = writeBadThread();
    int code = run(file.toString());
    assertThat(code).isEqualTo(1);
    assertThat(stdout())
        .containsPattern("Starter\\.java:6:7: warning: \\[thread-run-direct\\] 't\\.run\\(\\)'")
        .containsPattern("threadlint: files=1 lines=\\d+ findings=1 .*elapsed_ms=\\d+");
  }

  @Test
  void failOnNoneExitsZero() throws IOException {
    assertThat(run("--fail-on", "none", writeBadThread().toString())).isZero();
  }

  @Test
  void failOnErrorIgnoresWarnings() throws IOException {
    assertThat(run("--fail-on", "error", writeBadThread().toString())).isZero();
  }

  @Test
  void unknownOptionExitsTwoWithOneLine() {
    int code = run("--no-such-option", ".");
    assertThat(code).isEqualTo(2);
    assertThat(stderr().strip().lines()).hasSize(1);
    assertThat(stderr()).contains("--no-such-option");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void unknownRuleExitsTwo() throws IOException {
    assertThat(run("--enable", "no-such-rule", writeBadThread().toString())).isEqualTo(2);
    assertThat(stderr()).contains("no-such-rule");
  }

  @Test
  void missingRootExitsTwo() {
    assertThat(run(dir.resolve("absent").toString())).isEqualTo(2);
    assertThat(stderr()).contains("not found");
  }

  @Test
  void unparseableFileAndFindingAreBothReported() throws IOException {
    writeBadThread();
    Files.writeString(
        dir.resolve("src/demo/Broken.java"), "package demo;\nclass Broken {\n  void x( {\n}\n");
    int code = run(dir.resolve("src").toString());
    assertThat(code).isEqualTo(1);
    assertThat(stdout())
        .containsPattern("Broken\\.java:3:\\d+: error: \\[parse-error\\]")
        .contains("[thread-run-direct]")
        .contains("parse_errors=1");
    assertThat(stdout() + stderr()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void severalFormatsGoToADirectory() throws IOException {
    Path file = writeBadThread();
    Path reports = dir.resolve("reports");
    int code = run("-f", "text", "-f", "sarif", "-o", reports.toString(), file.toString());
    assertThat(code).isEqualTo(1);
    assertThat(reports.resolve("threadlint.sarif")).isRegularFile();
    assertThat(Files.readString(reports.resolve("threadlint.txt"))).contains("[thread-run-direct]");
  }

  @Test
  void severalFormatsWithoutOutputIsUsageError() throws IOException {
    assertThat(run("-f", "text", "-f", "sarif", writeBadThread().toString())).isEqualTo(2);
  }

  @Test
  void unknownFormatIsUsageError() throws IOException {
    assertThat(run("-f", "pdf", writeBadThread().toString())).isEqualTo(2);
    assertThat(stderr()).contains("pdf");
  }

  @Test
  void helpWorks() {
    assertThat(run("--help")).isZero();
    assertThat(stdout()).contains("--fail-on").contains("Exit codes");
  }

  @Test
  void baselineAbsorbsKnownFindingsAndSurvivesEditsAbove() throws IOException {
    Path file = writeBadThread();
    Path baselineFile = dir.resolve("threadlint-baseline.json");
    assertThat(run("--write-baseline", baselineFile.toString(), file.toString())).isZero();
    assertThat(Files.readString(baselineFile)).contains("\"rule\" : \"thread-run-direct\"");
    Files.writeString(file, "// a new comment line\n" + Files.readString(file));
    assertThat(run("--baseline", baselineFile.toString(), file.toString())).isZero();
    assertThat(stderr()).contains("baseline absorbed 1 findings; 0 entries");
  }

  @Test
  void fixedFindingIsListedAsStaleEntry() throws IOException {
    Path file = writeBadThread();
    Path baselineFile = dir.resolve("b.json");
    assertThat(run("--write-baseline", baselineFile.toString(), file.toString())).isZero();
    Files.writeString(
        file, Files.readString(file).replace("t.run();", "t.setDaemon(true);\n    t.start();"));
    assertThat(run("--baseline", baselineFile.toString(), file.toString())).isZero();
    assertThat(stderr())
        .contains("baseline absorbed 0 findings; 1 entries no longer match")
        .contains("no longer found: ")
        .contains("src/demo/Starter.java:6 [thread-run-direct]");
  }

  @Test
  void newFindingIsNotAbsorbed() throws IOException {
    Path file = writeBadThread();
    Path baselineFile = dir.resolve("b.json");
    assertThat(run("--write-baseline", baselineFile.toString(), file.toString())).isZero();
    Files.writeString(file, Files.readString(file).replace("t.run();", "t.run();\n    t.run();"));
    assertThat(run("--baseline", baselineFile.toString(), file.toString())).isEqualTo(1);
    assertThat(stdout()).contains("Starter.java:7:");
  }

  @Test
  void brokenBaselineIsAUsageError() throws IOException {
    Path baselineFile = dir.resolve("broken.json");
    Files.writeString(baselineFile, "{ not json");
    assertThat(run("--baseline", baselineFile.toString(), writeBadThread().toString()))
        .isEqualTo(2);
    assertThat(
            run("--baseline", dir.resolve("absent.json").toString(), writeBadThread().toString()))
        .isEqualTo(2);
  }

  @Test
  void newSinceCountsOnlyChangedLinesAndListsTheRest() throws IOException {
    GitRepo repo = GitRepo.init(dir);
    Path file = writeBadThread();
    repo.commitAll("old finding");
    assertThat(run("--new-since", "main", file.getParent().toString())).isZero();
    assertThat(stdout()).contains("findings=0");
    assertThat(stderr())
        .contains("0 new findings count, 1 existing findings on unchanged lines do not")
        .contains("existing: ")
        .contains("[thread-run-direct]");

    Files.writeString(file, Files.readString(file).replace("t.run();", "t.run();\n    t.run();"));
    assertThat(run("--new-since", "main", file.getParent().toString())).isEqualTo(1);
    assertThat(stdout()).contains("Starter.java:7:").doesNotContain("Starter.java:6:");
  }

  @Test
  void newSinceWithAnUnknownRefOrNoRepositoryIsAUsageError() throws IOException {
    Path file = writeBadThread();
    assertThat(run("--new-since", "main", file.toString())).isEqualTo(2);
    assertThat(stderr()).contains("not inside a git repository");
    assertThat(stdout()).isEmpty();

    GitRepo repo = GitRepo.init(dir);
    repo.commitAll("base");
    err.reset();
    assertThat(run("--new-since", "release-9", file.toString())).isEqualTo(2);
    assertThat(stderr()).contains("unknown git ref 'release-9'");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void codeclimateFormatWritesGitLabsReport() throws IOException {
    Path file = writeBadThread();
    Path report = dir.resolve("gl-code-quality-report.json");
    assertThat(run("-f", "codeclimate", "-o", report.toString(), file.toString())).isEqualTo(1);
    assertThat(Files.readString(report)).contains("\"check_name\" : \"thread-run-direct\"");
  }
}
