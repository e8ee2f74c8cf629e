package dev.threadlint.model;

import dev.threadlint.AnalysisRequest;
import dev.threadlint.Analyzer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void run() {
    String dir = System.getProperty("scratch.dir");
    if (dir == null) {
      return;
    }
    var result =
        Analyzer.run(AnalysisRequest.of(Path.of(dir), List.of(Path.of(dir))).withThreads(1));
    try {
      String src = java.nio.file.Files.readString(Path.of(dir, "p/A.java"));
      var unit =
          dev.threadlint.parse.Parsers.newParser(dev.threadlint.parse.Parsers.newest())
              .parse(src)
              .getResult()
              .orElseThrow();
      var file =
          new dev.threadlint.facts.FileContext(
              new dev.threadlint.source.SourceFile(Path.of(dir, "p/A.java"), "p/A.java"), unit);
      var summary = SummaryExtractor.summarize(file);
      var model =
          new ConcurrencyModel(
              summary.types(),
              new dev.threadlint.facts.TypeIndex(dev.threadlint.facts.Declarations.of(file)));
      for (var t : summary.types()) {
        System.out.println("TYPE " + t.name() + " " + t.fields());
        for (var m : t.methods())
          System.out.println(
              "  M "
                  + m.key()
                  + " "
                  + m.flags()
                  + " ctx="
                  + model.contextsOf(m)
                  + " acc="
                  + model.accessesOf(m));
        System.out.println("  OCC " + model.occurrences(t));
      }
      for (var f : dev.threadlint.race.SharedFields.of(model))
        System.out.println(
            "FIELD "
                + f.path()
                + " "
                + f.uses().size()
                + " safe="
                + f.info().isSafe()
                + " meant="
                + model.isMeantForThreads(f.type())
                + " "
                + f.uses().stream()
                    .map(u -> u.access().kind() + "/" + u.access().locks() + "/" + u.root().key())
                    .toList());
      var project =
          new dev.threadlint.facts.ProjectModel(
              List.of(
                  new dev.threadlint.facts.FileFacts(
                      file.file(),
                      1,
                      dev.threadlint.facts.Declarations.of(file),
                      List.of(),
                      List.of(),
                      List.of(summary),
                      List.of())));
      for (var rule : dev.threadlint.rules.Rules.ALL)
        rule.checkProject(
            project, (f, c) -> System.out.println("DIRECT " + f.ruleId() + " " + f.message()));
    } catch (java.io.IOException e) {
      throw new RuntimeException(e);
    }
    result
        .findings()
        .forEach(
            f ->
                System.out.println(
                    "FINDING "
                        + f.location().path()
                        + ":"
                        + f.location().startLine()
                        + " "
                        + f.ruleId()
                        + " "
                        + f.message()));
  }
}
