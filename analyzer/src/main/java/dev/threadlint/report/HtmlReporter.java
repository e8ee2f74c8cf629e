package dev.threadlint.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.threadlint.AnalysisResult;
import dev.threadlint.Version;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Location;
import dev.threadlint.findings.Severity;
import dev.threadlint.rules.Diagnostics;
import dev.threadlint.rules.RuleMetadata;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A single self-contained HTML page for people: a summary with counts and a small SVG chart, then
 * every finding with its code, the other side of the story (related locations, the path) and the
 * rule's explanation and fix. Rendered with Mustache, which escapes every value it inserts, so
 * markup in analysed sources, messages or paths shows as text. Readable without JavaScript; a few
 * lines of script add filtering by rule and severity.
 */
public final class HtmlReporter implements Reporter {
  private static final int CONTEXT_LINES = 2;
  private static final int CHART_WIDTH = 360;

  private final Mustache template =
      new DefaultMustacheFactory("dev/threadlint/report").compile("report.mustache");

  @Override
  public String format() {
    return "html";
  }

  @Override
  public String defaultFileName() {
    return "threadlint.html";
  }

  @Override
  public void write(AnalysisResult result, OutputStream out) throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    template.execute(writer, view(result));
    writer.flush();
  }

  /** A count in the summary, with its bar in the chart. */
  record Count(String name, long count, int bar, int y, int textY, int labelX) {}

  /** One source line of an excerpt. */
  record Line(int number, String text, boolean hit) {}

  /** A related location or a step of a path. */
  record Place(String where, String message, String text) {}

  /** One finding as shown. */
  record Item(
      String anchor,
      String rule,
      String severity,
      String message,
      String where,
      String docsUrl,
      String summary,
      String description,
      String fix,
      List<Line> excerpt,
      List<Place> related,
      List<Place> flow,
      boolean hasRelated,
      boolean hasFlow) {}

  /** The findings of one file. */
  record FileGroup(String path, long count, List<Item> findings) {}

  /** Everything the template shows. */
  record View(
      String version,
      int files,
      long lines,
      int total,
      long errors,
      long warnings,
      long infos,
      boolean clean,
      List<Count> bySeverity,
      List<Count> byFamily,
      List<Count> byRule,
      List<Count> byFile,
      int chartHeight,
      List<String> rules,
      List<FileGroup> groups) {}

  private View view(AnalysisResult result) {
    Map<String, RuleMetadata> rules = new HashMap<>();
    result.rules().forEach(r -> rules.put(r.id(), r));
    rules.put(Diagnostics.PARSE_ERROR.id(), Diagnostics.PARSE_ERROR);
    rules.put(Diagnostics.INTERNAL_ERROR.id(), Diagnostics.INTERNAL_ERROR);
    SourceLines sources = new SourceLines(result.baseDir());

    Map<String, List<Item>> byPath = new LinkedHashMap<>();
    int index = 0;
    for (Finding finding : result.findings()) {
      RuleMetadata rule = rules.get(finding.ruleId());
      byPath
          .computeIfAbsent(finding.location().path(), p -> new ArrayList<>())
          .add(item(finding, rule, sources, index++));
    }
    List<FileGroup> groups = new ArrayList<>();
    byPath.forEach((path, items) -> groups.add(new FileGroup(path, items.size(), items)));

    Map<Severity, Long> severities = result.countBySeverity();
    List<Count> byRule = counts(result.findings(), Finding::ruleId);
    List<Count> byFamily =
        counts(
            result.findings(),
            f -> rules.containsKey(f.ruleId()) ? rules.get(f.ruleId()).family().label() : "?");
    List<Count> bySeverity = counts(result.findings(), f -> f.severity().label());
    List<Count> byFile = counts(result.findings(), f -> f.location().path());
    return new View(
        Version.get(),
        result.files(),
        result.lines(),
        result.findings().size(),
        severities.get(Severity.ERROR),
        severities.get(Severity.WARNING),
        severities.get(Severity.INFO),
        result.findings().isEmpty(),
        bySeverity,
        byFamily,
        byRule,
        byFile,
        Math.max(20, byRule.size() * 20),
        byRule.stream().map(Count::name).toList(),
        groups);
  }

  private static Item item(Finding finding, RuleMetadata rule, SourceLines sources, int index) {
    Location at = finding.location();
    List<Line> excerpt = new ArrayList<>();
    List<String> lines = sources.of(at.path());
    int from = Math.max(1, at.startLine() - CONTEXT_LINES);
    int to = Math.min(lines.size(), at.endLine() + CONTEXT_LINES);
    to = Math.min(to, from + 12);
    for (int n = from; n <= to; n++) {
      excerpt.add(new Line(n, lines.get(n - 1), n >= at.startLine() && n <= at.endLine()));
    }
    List<Place> related = finding.related().stream().map(l -> place(l, sources)).toList();
    List<Place> flow = finding.flow().stream().map(l -> place(l, sources)).toList();
    return new Item(
        "f" + index,
        finding.ruleId(),
        finding.severity().label(),
        finding.message(),
        at.path() + ":" + at.startLine() + ":" + at.startColumn(),
        rule == null ? "" : rule.docsUrl(),
        rule == null ? "" : rule.summary(),
        rule == null ? "" : rule.description(),
        rule == null ? "" : rule.fix(),
        excerpt,
        related,
        flow,
        !related.isEmpty(),
        !flow.isEmpty());
  }

  private static Place place(Location location, SourceLines sources) {
    List<String> lines = sources.of(location.path());
    String text =
        location.startLine() <= lines.size() ? lines.get(location.startLine() - 1).strip() : "";
    return new Place(location.path() + ":" + location.startLine(), location.message(), text);
  }

  private static List<Count> counts(List<Finding> findings, Function<Finding, String> key) {
    Map<String, Long> counts =
        findings.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(1);
    List<Count> result = new ArrayList<>();
    int row = 0;
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      int bar = (int) Math.max(2, entry.getValue() * CHART_WIDTH / max);
      int y = row * 20 + 3;
      result.add(new Count(entry.getKey(), entry.getValue(), bar, y, y + 11, 270 + bar));
      row++;
    }
    return result;
  }
}
