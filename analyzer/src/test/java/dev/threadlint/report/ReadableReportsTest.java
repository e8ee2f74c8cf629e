package dev.threadlint.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadlint.AnalysisResult;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Location;
import dev.threadlint.findings.Severity;
import dev.threadlint.rules.Rules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReadableReportsTest {
  @TempDir Path dir;

  private AnalysisResult hostileResult() throws IOException {
    String path = "src/<b>bold</b>/Evil.java";
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "class Evil {\n  String s = \"<script>alert(1)</script>\";\n}\n");
    Finding finding =
        new Finding(
            "thread-run-direct",
            Severity.WARNING,
            "message with <script>alert('m')</script> & \"quotes\"",
            new Location(path, 2, 3, 2, 40, ""),
            List.of(new Location(path, 1, 1, 1, 5, "related <i>here</i>")),
            List.of(),
            "Evil",
            "0123");
    return new AnalysisResult(
        dir, List.of(finding), Rules.ALL.stream().map(r -> r.metadata()).toList(), 1, 3, 0, 0, 5);
  }

  private static String render(Reporter reporter, AnalysisResult result) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    reporter.write(result, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void htmlEscapesEverythingFromSources() throws IOException {
    String html = render(new HtmlReporter(), hostileResult());
    assertThat(html)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&lt;b&gt;bold&lt;/b&gt;")
        .contains("related &lt;i&gt;here&lt;/i&gt;")
        .doesNotContain("<script>alert")
        .doesNotContain("<b>bold")
        .doesNotContain("<i>here");
    assertThat(html).contains("class=\"hit\"").contains("thread-run-direct.md");
    // the report's own script, once; every <script from the sources is escaped
    assertThat(occurrences(html, "<script")).as("'<script' in the report").isEqualTo(1);
  }

  @Test
  void htmlHasNoExternalResources() throws IOException {
    String html = render(new HtmlReporter(), hostileResult());
    assertThat(html).doesNotContainPattern("(src|href)=\"https?://(?!github)");
    assertThat(html).doesNotContain("<link").doesNotContain("@import");
  }

  @Test
  void checkstyleXmlParsesWithTheOriginalText() throws Exception {
    String xml = render(new CheckstyleReporter(), hostileResult());
    Document document =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element file = (Element) document.getElementsByTagName("file").item(0);
    assertThat(file.getAttribute("name")).endsWith("src/<b>bold</b>/Evil.java");
    Element error = (Element) file.getElementsByTagName("error").item(0);
    assertThat(error.getAttribute("line")).isEqualTo("2");
    assertThat(error.getAttribute("column")).isEqualTo("3");
    assertThat(error.getAttribute("severity")).isEqualTo("warning");
    assertThat(error.getAttribute("source")).isEqualTo("threadlint.thread-run-direct");
    assertThat(error.getAttribute("message"))
        .isEqualTo("message with <script>alert('m')</script> & \"quotes\"");
  }

  private static int occurrences(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }
}
