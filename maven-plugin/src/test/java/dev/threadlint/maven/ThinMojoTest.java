package dev.threadlint.maven;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The Mojos stay thin: they call the analyzer's entry points, never its rules or analyses. */
class ThinMojoTest {
  @Test
  void pluginUsesOnlyTheAnalyzersEntryPoints() {
    JavaClasses plugin =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.threadlint.maven");
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.threadlint.rules..",
            "dev.threadlint.race..",
            "dev.threadlint.protocol..",
            "dev.threadlint.lifecycle..",
            "dev.threadlint.deadlock..",
            "dev.threadlint.flow..",
            "dev.threadlint.facts..",
            "dev.threadlint.cli..",
            "com.github.javaparser..")
        .check(plugin);
  }
}
