package dev.threadlint.maven;

import dev.threadlint.AnalysisResult;
import dev.threadlint.findings.Finding;
import dev.threadlint.rules.RuleMetadata;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.maven.doxia.sink.Sink;

/**
 * Renders a result as a site page through Doxia's sink: a summary, the findings per rule (linked to
 * the rule's page), then per file with line, rule and message. The sink escapes all text.
 */
final class SiteReport {
  static final String TITLE = "threadlint";

  private final Sink sink;

  SiteReport(Sink sink) {
    this.sink = sink;
  }

  void render(AnalysisResult result) {
    sink.head();
    sink.title();
    sink.text(TITLE);
    sink.title_();
    sink.head_();
    sink.body();

    sink.section1();
    sink.sectionTitle1();
    sink.text("threadlint: concurrency findings");
    sink.sectionTitle1_();
    paragraph(
        result.files()
            + " files, "
            + result.lines()
            + " lines analysed; "
            + result.findings().size()
            + " findings ("
            + result.suppressed()
            + " suppressed in the sources).");
    Map<String, RuleMetadata> rules =
        result.rules().stream().collect(Collectors.toMap(RuleMetadata::id, Function.identity()));
    byRule(result, rules);
    byFile(result, rules);
    sink.section1_();

    sink.body_();
    sink.flush();
  }

  private void byRule(AnalysisResult result, Map<String, RuleMetadata> rules) {
    Map<String, Long> counts =
        result.findings().stream()
            .collect(Collectors.groupingBy(Finding::ruleId, TreeMap::new, Collectors.counting()));
    sink.section2();
    sink.sectionTitle2();
    sink.text("Findings by rule");
    sink.sectionTitle2_();
    if (counts.isEmpty()) {
      paragraph("No findings.");
    } else {
      sink.table();
      sink.tableRows(null, false);
      headerRow("Rule", "Severity", "Findings", "What it finds");
      counts.forEach(
          (id, count) -> {
            RuleMetadata rule = rules.get(id);
            sink.tableRow();
            ruleCell(id, rule);
            cell(rule == null ? "error" : rule.severity().label());
            cell(String.valueOf(count));
            cell(rule == null ? "" : rule.summary());
            sink.tableRow_();
          });
      sink.tableRows_();
      sink.table_();
    }
    sink.section2_();
  }

  private void byFile(AnalysisResult result, Map<String, RuleMetadata> rules) {
    Map<String, List<Finding>> files =
        result.findings().stream()
            .collect(
                Collectors.groupingBy(f -> f.location().path(), TreeMap::new, Collectors.toList()));
    if (files.isEmpty()) {
      return;
    }
    sink.section2();
    sink.sectionTitle2();
    sink.text("Findings by file");
    sink.sectionTitle2_();
    files.forEach(
        (path, findings) -> {
          sink.section3();
          sink.sectionTitle3();
          sink.text(path);
          sink.sectionTitle3_();
          sink.table();
          sink.tableRows(null, false);
          headerRow("Line", "Rule", "Severity", "Message");
          for (Finding finding : findings) {
            sink.tableRow();
            cell(String.valueOf(finding.location().startLine()));
            ruleCell(finding.ruleId(), rules.get(finding.ruleId()));
            cell(finding.severity().label());
            cell(finding.message());
            sink.tableRow_();
          }
          sink.tableRows_();
          sink.table_();
          sink.section3_();
        });
    sink.section2_();
  }

  /** The rule id, linked to its page when the rule is known (diagnostics have none). */
  private void ruleCell(String id, RuleMetadata rule) {
    sink.tableCell();
    if (rule != null) {
      sink.link(rule.docsUrl());
      sink.text(id);
      sink.link_();
    } else {
      sink.text(id);
    }
    sink.tableCell_();
  }

  private void headerRow(String... titles) {
    sink.tableRow();
    for (String title : titles) {
      sink.tableHeaderCell();
      sink.text(title);
      sink.tableHeaderCell_();
    }
    sink.tableRow_();
  }

  private void cell(String text) {
    sink.tableCell();
    sink.text(text);
    sink.tableCell_();
  }

  private void paragraph(String text) {
    sink.paragraph();
    sink.text(text);
    sink.paragraph_();
  }
}
