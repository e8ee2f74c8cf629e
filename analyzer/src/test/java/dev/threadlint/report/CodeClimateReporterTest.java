package dev.threadlint.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadlint.AnalysisResult;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Location;
import dev.threadlint.findings.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fields GitLab's Code Quality documents for a report artifact: a JSON array whose issues each
 * have a string {@code description}, {@code check_name} and {@code fingerprint} (unique in the
 * report), a {@code severity} out of info, minor, major, critical and blocker, a relative {@code
 * location.path} and an integer {@code location.lines.begin}.
 */
class CodeClimateReporterTest {
  private static final Set<String> SEVERITIES =
      Set.of("info", "minor", "major", "critical", "blocker");

  private static Finding finding(String rule, Severity severity, int line, String fingerprint) {
    return new Finding(
        rule,
        severity,
        "message of " + rule,
        new Location("src/main/java/demo/A.java", line, 5, line + 1, 9, ""),
        List.of(),
        List.of(),
        "A.go",
        fingerprint);
  }

  private static JsonNode render(List<Finding> findings) throws IOException {
    AnalysisResult result = new AnalysisResult(Path.of("."), findings, List.of(), 1, 10, 0, 0, 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CodeClimateReporter().write(result, out);
    return new ObjectMapper().readTree(out.toByteArray());
  }

  @Test
  void everyIssueHasTheDocumentedFields() throws IOException {
    JsonNode report =
        render(
            List.of(
                finding("thread-started-twice", Severity.ERROR, 3, "f1"),
                finding("data-race", Severity.WARNING, 7, "f2"),
                finding("data-race", Severity.WARNING, 9, "f2"),
                finding("virtual-thread-pinning", Severity.INFO, 12, "")));

    assertThat(report.isArray()).isTrue();
    assertThat(report).hasSize(4);
    Set<String> fingerprints = new HashSet<>();
    for (JsonNode issue : report) {
      assertThat(issue.path("description").isTextual()).isTrue();
      assertThat(issue.path("check_name").isTextual()).isTrue();
      assertThat(issue.path("fingerprint").isTextual()).isTrue();
      assertThat(fingerprints.add(issue.path("fingerprint").asText())).as("unique").isTrue();
      assertThat(SEVERITIES).contains(issue.path("severity").asText());
      String path = issue.path("location").path("path").asText();
      assertThat(path).isEqualTo("src/main/java/demo/A.java");
      assertThat(issue.path("location").path("lines").path("begin").isInt()).isTrue();
    }
    JsonNode first = report.get(0);
    assertThat(first.path("check_name").asText()).isEqualTo("thread-started-twice");
    assertThat(first.path("description").asText()).isEqualTo("message of thread-started-twice");
    assertThat(first.path("severity").asText()).isEqualTo("critical");
    assertThat(first.path("location").path("lines").path("begin").asInt()).isEqualTo(3);
    assertThat(report.get(1).path("severity").asText()).isEqualTo("major");
    assertThat(report.get(3).path("severity").asText()).isEqualTo("minor");
  }

  @Test
  void fingerprintsSurviveEditsAboveTheFinding() throws IOException {
    String before =
        render(List.of(finding("data-race", Severity.WARNING, 7, "f2")))
            .get(0)
            .path("fingerprint")
            .asText();
    String after =
        render(List.of(finding("data-race", Severity.WARNING, 17, "f2")))
            .get(0)
            .path("fingerprint")
            .asText();
    assertThat(after).isEqualTo(before);
  }

  @Test
  void noFindingsIsAnEmptyArray() throws IOException {
    assertThat(render(List.of()).isArray()).isTrue();
    assertThat(render(List.of())).isEmpty();
  }
}
