package dev.threadlint.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadlint.AnalysisResult;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The Code Climate issue format as GitLab's Code Quality reads it ({@code artifacts: reports:
 * codequality}): a JSON array of issues with {@code description}, {@code check_name}, {@code
 * fingerprint}, {@code severity} (info, minor, major, critical, blocker) and {@code location.path}
 * with {@code location.lines.begin}. Paths are relative to the analysis base directory, which must
 * be the repository root for GitLab to link them.
 */
public final class CodeClimateReporter implements Reporter {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  @Override
  public String format() {
    return "codeclimate";
  }

  @Override
  public String defaultFileName() {
    return "gl-code-quality-report.json";
  }

  @Override
  public void write(AnalysisResult result, OutputStream out) throws IOException {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ArrayNode issues = json.arrayNode();
    Map<String, Integer> seen = new HashMap<>();
    for (Finding finding : result.findings()) {
      ObjectNode issue = issues.addObject();
      issue.put("type", "issue");
      issue.put("check_name", finding.ruleId());
      issue.put("description", finding.message());
      issue.putArray("categories").add("Bug Risk");
      issue.put("severity", severity(finding.severity()));
      issue.put("fingerprint", uniqueFingerprint(finding, seen));
      ObjectNode location = issue.putObject("location");
      location.put("path", finding.location().path());
      ObjectNode lines = location.putObject("lines");
      lines.put("begin", finding.location().startLine());
      lines.put("end", finding.location().endLine());
    }
    MAPPER.writeValue(out, issues);
    out.flush();
  }

  /** GitLab ranks by these names; an error is a crash or certain misuse at run time. */
  static String severity(Severity severity) {
    return switch (severity) {
      case ERROR -> "critical";
      case WARNING -> "major";
      case INFO -> "minor";
    };
  }

  /**
   * GitLab matches issues between the source and target branch by fingerprint, so it must be stable
   * under edits elsewhere (the finding's own fingerprint, which ignores line numbers) and unique
   * within a report (a second identical finding in the same member gets its ordinal).
   */
  private static String uniqueFingerprint(Finding finding, Map<String, Integer> seen) {
    String base =
        finding.fingerprint().isEmpty()
            ? finding.ruleId() + "\0" + finding.location().path() + "\0" + finding.message()
            : finding.fingerprint();
    int ordinal = seen.merge(base, 1, Integer::sum);
    return digest(base + "\0" + ordinal);
  }

  private static String digest(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
