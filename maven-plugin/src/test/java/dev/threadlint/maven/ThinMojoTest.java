package dev.threadlint.maven;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.threadlint.Analyzer;
import dev.threadlint.filters.BaselineFilter;
import dev.threadlint.filters.GitChanges;
import dev.threadlint.filters.NewSinceFilter;
import dev.threadlint.io.AtomicFiles;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.RuleMetadata;
import org.junit.jupiter.api.Test;

/** The Mojos stay thin: they call the analyzer's entry points, never its rules or analyses. */
class ThinMojoTest {
  private static JavaClasses plugin() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.threadlint.maven");
  }

  @Test
  void pluginUsesOnlyTheAnalyzersEntryPoints() {
    JavaClasses plugin = plugin();
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                    "dev.threadlint.rules..",
                    "dev.threadlint.model..",
                    "dev.threadlint.protocol..",
                    "dev.threadlint.lifecycle..",
                    "dev.threadlint.deadlock..",
                    "dev.threadlint.flow..",
                    "dev.threadlint.facts..",
                    "dev.threadlint.cli..",
                    "com.github.javaparser..")
                // a rule's metadata is data, read by the site report for its links
                .and(not(type(RuleMetadata.class)))
                .and(not(type(Family.class))))
        .check(plugin);
  }

  /**
   * The forked gate's JVM has the plugin's class path, which holds nothing of Maven's (Maven's API
   * comes from Maven's own class loader): what runs there must not need it.
   */
  @Test
  void whatTheForkedGateRunsNeedsNothingOfMaven() {
    noClasses()
        .that()
        .belongToAnyOf(
            ForkedGate.class,
            GateRun.class,
            GateRequest.class,
            GateOutcome.class,
            GateOutcome.Line.class,
            MavenOutput.class)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.maven..", "org.codehaus.plexus..")
        .check(plugin());
  }

  /** Filtering and report writing happen once, in the analyzer's entry point. */
  @Test
  void pluginDoesNotFilterOrRunTheAnalyzerItself() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(
            Analyzer.class,
            BaselineFilter.class,
            NewSinceFilter.class,
            GitChanges.class,
            AtomicFiles.class)
        .check(plugin());
  }
}
