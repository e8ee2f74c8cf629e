package dev.threadlint.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadlint.AnalysisResult;
import dev.threadlint.Version;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Location;
import dev.threadlint.findings.Severity;
import dev.threadlint.rules.Diagnostics;
import dev.threadlint.rules.RuleMetadata;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 as DESIGN §8 and GitHub code scanning want it: one run, every rule that ran in the
 * driver, results with locations relative to {@code %SRCROOT%}, fingerprints, related locations and
 * code flows. Built as a Jackson tree, never by string concatenation.
 */
public final class SarifReporter implements Reporter {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String SRCROOT = "%SRCROOT%";
  static final String FINGERPRINT_KEY = "threadlintFingerprint/v1";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final JsonNodeFactory json = JsonNodeFactory.instance;

  @Override
  public String format() {
    return "sarif";
  }

  @Override
  public String defaultFileName() {
    return "threadlint.sarif";
  }

  @Override
  public void write(AnalysisResult result, OutputStream out) throws IOException {
    MAPPER.writeValue(out, toJson(result));
  }

  /** The SARIF log as a tree (public for tests and other front ends). */
  public ObjectNode toJson(AnalysisResult result) {
    List<RuleMetadata> rules = new ArrayList<>(result.rules());
    rules.add(Diagnostics.PARSE_ERROR);
    rules.add(Diagnostics.INTERNAL_ERROR);
    Map<String, Integer> ruleIndex = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      ruleIndex.put(rules.get(i).id(), i);
    }

    ObjectNode log = json.objectNode();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();

    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "threadlint");
    driver.put("version", Version.get());
    driver.put("semanticVersion", Version.get().replace("-SNAPSHOT", ""));
    driver.put("informationUri", "https://github.com/threadlint/threadlint");
    ArrayNode ruleArray = driver.putArray("rules");
    rules.forEach(rule -> ruleArray.add(rule(rule)));

    ObjectNode base = run.putObject("originalUriBaseIds").putObject(SRCROOT);
    base.put("uri", directoryUri(result.baseDir()));
    run.put("columnKind", "utf16CodeUnits");

    ArrayNode results = run.putArray("results");
    for (Finding finding : result.findings()) {
      Integer index = ruleIndex.get(finding.ruleId());
      results.add(result(finding, index));
    }
    return log;
  }

  private ObjectNode rule(RuleMetadata rule) {
    ObjectNode node = json.objectNode();
    node.put("id", rule.id());
    node.put("name", upperCamel(rule.id()));
    node.putObject("shortDescription").put("text", rule.summary());
    node.putObject("fullDescription").put("text", rule.description());
    node.put("helpUri", rule.docsUrl());
    node.putObject("help").put("text", rule.description() + " See " + rule.docsUrl());
    node.putObject("defaultConfiguration").put("level", level(rule.severity()));
    ArrayNode tags = node.putObject("properties").putArray("tags");
    tags.add(rule.family().label());
    tags.add("concurrency");
    return node;
  }

  private ObjectNode result(Finding finding, Integer ruleIndex) {
    ObjectNode node = json.objectNode();
    node.put("ruleId", finding.ruleId());
    if (ruleIndex != null) {
      node.put("ruleIndex", ruleIndex);
    }
    node.put("level", level(finding.severity()));
    node.putObject("message").put("text", finding.message());
    node.putArray("locations").addObject().set("physicalLocation", physical(finding.location()));
    if (!finding.fingerprint().isEmpty()) {
      node.putObject("partialFingerprints").put(FINGERPRINT_KEY, finding.fingerprint());
    }
    if (!finding.related().isEmpty()) {
      ArrayNode related = node.putArray("relatedLocations");
      int id = 1;
      for (Location location : finding.related()) {
        ObjectNode entry = related.addObject();
        entry.put("id", id++);
        entry.set("physicalLocation", physical(location));
        entry.putObject("message").put("text", messageOf(location));
      }
    }
    if (!finding.threadFlows().isEmpty()) {
      // one code flow; each thread that takes part (both orders of a lock-order inversion) is
      // its own thread flow, so viewers show the two paths side by side, not as one path
      ArrayNode threads = node.putArray("codeFlows").addObject().putArray("threadFlows");
      for (List<Location> thread : finding.threadFlows()) {
        ArrayNode steps = threads.addObject().putArray("locations");
        for (Location location : thread) {
          ObjectNode step = steps.addObject().putObject("location");
          step.set("physicalLocation", physical(location));
          step.putObject("message").put("text", messageOf(location));
        }
      }
    }
    return node;
  }

  private ObjectNode physical(Location location) {
    ObjectNode node = json.objectNode();
    ObjectNode artifact = node.putObject("artifactLocation");
    if (location.path().startsWith("/") || location.path().matches("^[A-Za-z]:.*")) {
      artifact.put("uri", Path.of(location.path()).toUri().toString());
    } else {
      artifact.put("uri", encodePath(location.path()));
      artifact.put("uriBaseId", SRCROOT);
    }
    ObjectNode region = node.putObject("region");
    region.put("startLine", location.startLine());
    region.put("startColumn", location.startColumn());
    region.put("endLine", location.endLine());
    // SARIF's endColumn is exclusive; ours is inclusive.
    region.put("endColumn", location.endColumn() + 1);
    return node;
  }

  private static String messageOf(Location location) {
    return location.message().isEmpty() ? "related location" : location.message();
  }

  static String level(Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case INFO -> "note";
    };
  }

  private static String directoryUri(Path dir) {
    String uri = dir.toAbsolutePath().normalize().toUri().toString();
    return uri.endsWith("/") ? uri : uri + "/";
  }

  /**
   * Percent-encodes each path segment (spaces, '#', non-ASCII) so the result is a valid relative
   * URI.
   */
  private static String encodePath(String relative) {
    try {
      return new java.net.URI(null, null, relative, null).toASCIIString();
    } catch (java.net.URISyntaxException e) {
      return relative;
    }
  }

  static String upperCamel(String id) {
    StringBuilder name = new StringBuilder();
    for (String part : id.split("-")) {
      name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return name.toString();
  }
}
