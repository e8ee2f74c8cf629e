package dev.threadlint.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RulesTest {
  static final Path README = Path.of("../README.md");

  @Test
  void idsAreUnique() {
    Set<String> seen = new HashSet<>();
    for (Rule rule : Rules.ALL) {
      assertThat(seen.add(rule.metadata().id())).as(rule.metadata().id()).isTrue();
    }
  }

  @Test
  void classNameIsTheIdInUpperCamel() {
    for (Rule rule : Rules.ALL) {
      String expected =
          List.of(rule.metadata().id().split("-")).stream()
              .map(part -> Character.toUpperCase(part.charAt(0)) + part.substring(1))
              .collect(Collectors.joining());
      assertThat(rule.getClass().getSimpleName()).isEqualTo(expected);
    }
  }

  @Test
  void ruleLivesInItsFamilyPackage() {
    // also keeps family registries honest: a rule listed under another family fails here
    for (Rule rule : Rules.ALL) {
      assertThat(rule.getClass().getPackageName())
          .isEqualTo("dev.threadlint.rules." + rule.metadata().family().label());
    }
  }

  @Test
  void everyRuleHasASummaryAndADescription() {
    for (Rule rule : Rules.ALL) {
      assertThat(rule.metadata().summary()).as(rule.metadata().id()).isNotBlank();
      assertThat(rule.metadata().description().length()).as(rule.metadata().id()).isGreaterThan(40);
    }
  }

  /** The README's rule table is generated from the registry; on failure, paste the expected one. */
  @Test
  void readmeRuleTableMatchesTheRegistry() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String start = "<!-- rules:start -->\n";
    String end = "<!-- rules:end -->";
    int from = readme.indexOf(start);
    int to = readme.indexOf(end);
    assertThat(from).as("README has a rules:start marker").isNotNegative();
    assertThat(to).as("README has a rules:end marker").isGreaterThan(from);
    String table = readme.substring(from + start.length(), to);
    // the expected table, for pasting into the README when a rule is added
    Files.writeString(Path.of("target/rules-table.md"), expectedTable(), StandardCharsets.UTF_8);
    assertThat(table)
        .as("README rule table (expected one in target/rules-table.md)")
        .isEqualTo(expectedTable());
  }

  static String expectedTable() {
    StringBuilder table = new StringBuilder();
    table.append("| id | family | severity | finds |\n");
    table.append("|---|---|---|---|\n");
    for (Rule rule : Rules.ALL) {
      RuleMetadata m = rule.metadata();
      table
          .append("| [`")
          .append(m.id())
          .append("`](docs/rules/")
          .append(m.id())
          .append(".md) | ")
          .append(m.family().label())
          .append(" | ")
          .append(m.severity().label())
          .append(" | ")
          .append(m.summary())
          .append(" |\n");
    }
    return table.toString();
  }
}
