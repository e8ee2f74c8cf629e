package dev.threadlint.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The pipeline's direction, kept by a test: rules find, filters filter, reporters write. */
class LayeringTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.threadlint");

  @Test
  void rulesKnowNothingOfOutputOrFiltersOrTheCommandLine() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.threadlint.rules..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.threadlint.report..", "dev.threadlint.filters..", "dev.threadlint.cli..")
        .check(CLASSES);
  }

  /** Reporters read findings and rule metadata, never a rule's implementation or the AST. */
  @Test
  void reportersKnowFindingsButNoRuleOrAnalysis() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.threadlint.report..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.threadlint.rules.race..",
            "dev.threadlint.rules.semaphore..",
            "dev.threadlint.rules.lock..",
            "dev.threadlint.rules.thread..",
            "dev.threadlint.rules.deadlock..",
            "dev.threadlint.model..",
            "dev.threadlint.protocol..",
            "dev.threadlint.lifecycle..",
            "dev.threadlint.deadlock..",
            "dev.threadlint.flow..",
            "dev.threadlint.facts..",
            "com.github.javaparser..")
        .check(CLASSES);
  }

  @Test
  void analysesDoNotReachBackIntoTheirRules() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.threadlint.flow..",
            "dev.threadlint.protocol..",
            "dev.threadlint.model..",
            "dev.threadlint.lifecycle..",
            "dev.threadlint.deadlock..",
            "dev.threadlint.facts..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.threadlint.rules..", "dev.threadlint.report..", "dev.threadlint.cli..")
        .check(CLASSES);
  }
}
