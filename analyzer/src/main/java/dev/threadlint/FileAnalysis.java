package dev.threadlint;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import dev.threadlint.facts.Candidate;
import dev.threadlint.facts.Declarations;
import dev.threadlint.facts.Fact;
import dev.threadlint.facts.FactExtractor;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.FileFacts;
import dev.threadlint.facts.Suppressions;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Location;
import dev.threadlint.models.ResourcePair;
import dev.threadlint.parse.Parsers;
import dev.threadlint.rules.Diagnostics;
import dev.threadlint.rules.Rule;
import dev.threadlint.source.SourceFile;
import dev.threadlint.source.SourceText;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The work of one file on one worker thread: read, parse, run the file-local rules and fact
 * extractors, and keep only {@link FileFacts}; the AST does not outlive this call. A rule that
 * throws becomes an {@code internal-error} finding and the other rules still run.
 */
final class FileAnalysis {
  private final List<Rule> rules;
  private final List<FactExtractor> extractors;
  private final Charset encoding;
  private final LanguageLevel languageLevel;
  private final java.util.OptionalInt targetRelease;

  private final List<ResourcePair> resourcePairs;

  FileAnalysis(
      List<Rule> rules, List<FactExtractor> extractors, Charset encoding, LanguageLevel level) {
    this(rules, extractors, encoding, level, List.of(), java.util.OptionalInt.empty());
  }

  FileAnalysis(
      List<Rule> rules,
      List<FactExtractor> extractors,
      Charset encoding,
      LanguageLevel level,
      List<ResourcePair> resourcePairs,
      java.util.OptionalInt targetRelease) {
    this.rules = List.copyOf(rules);
    this.extractors = List.copyOf(extractors);
    this.encoding = encoding;
    this.languageLevel = level;
    this.resourcePairs = List.copyOf(resourcePairs);
    this.targetRelease = targetRelease;
  }

  FileFacts analyze(SourceFile file) {
    SourceText source;
    try {
      source = SourceText.read(file, encoding);
    } catch (IOException e) {
      return FileFacts.unparsed(
          file,
          0,
          List.of(
              Diagnostics.parseError(
                  Location.at(file.relativePath(), 1, 1), "cannot read file: " + e)));
    }
    List<Finding> diagnostics = new ArrayList<>();
    source
        .firstMalformedLine()
        .ifPresent(
            line ->
                diagnostics.add(
                    Diagnostics.parseError(
                        Location.at(file.relativePath(), line, 1),
                        "bytes that are not valid "
                            + encoding.name()
                            + " (analysed with replacement characters); set --encoding to the"
                            + " file's charset")));
    ParseResult<CompilationUnit> parsed;
    try {
      JavaParser parser = Parsers.newParser(languageLevel);
      parsed = parser.parse(source.text());
    } catch (StackOverflowError e) {
      diagnostics.add(
          Diagnostics.parseError(
              Location.at(file.relativePath(), 1, 1),
              "nesting too deep to parse even with the worker's large stack"));
      return FileFacts.unparsed(file, source.nonBlankLines(), diagnostics);
    }
    if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
      for (Problem problem : parsed.getProblems()) {
        diagnostics.add(Diagnostics.parseError(locationOf(file, problem), firstLine(problem)));
      }
      if (parsed.getProblems().isEmpty()) {
        diagnostics.add(
            Diagnostics.parseError(Location.at(file.relativePath(), 1, 1), "cannot parse"));
      }
      return FileFacts.unparsed(file, source.nonBlankLines(), diagnostics);
    }
    return analyzeParsed(file, source, parsed.getResult().get(), diagnostics);
  }

  private FileFacts analyzeParsed(
      SourceFile file, SourceText source, CompilationUnit unit, List<Finding> diagnostics) {
    FileContext context = new FileContext(file, unit, resourcePairs, targetRelease);
    List<Candidate> candidates = new ArrayList<>();
    List<Fact> facts = new ArrayList<>();
    for (Rule rule : rules) {
      try {
        rule.checkFile(
            context, (finding, conditions) -> candidates.add(new Candidate(finding, conditions)));
      } catch (RuntimeException | StackOverflowError e) {
        diagnostics.add(
            Diagnostics.internalError(
                Location.at(file.relativePath(), 1, 1), "rule " + rule.metadata().id(), e));
      }
    }
    for (FactExtractor extractor : extractors) {
      try {
        extractor.extract(context, facts::add);
      } catch (RuntimeException | StackOverflowError e) {
        diagnostics.add(
            Diagnostics.internalError(
                Location.at(file.relativePath(), 1, 1), "fact extractor " + extractor.name(), e));
      }
    }
    return new FileFacts(
        file,
        source.nonBlankLines(),
        Declarations.of(context),
        candidates,
        diagnostics,
        facts,
        Suppressions.of(context, source.text()));
  }

  private static Location locationOf(SourceFile file, Problem problem) {
    return problem
        .getLocation()
        .flatMap(tokens -> tokens.getBegin().getRange())
        .map(r -> Location.at(file.relativePath(), r.begin.line, r.begin.column))
        .orElse(Location.at(file.relativePath(), 1, 1));
  }

  private static String firstLine(Problem problem) {
    return problem.getMessage().lines().findFirst().orElse("syntax error");
  }
}
