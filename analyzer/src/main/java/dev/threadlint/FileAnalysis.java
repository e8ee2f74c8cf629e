package dev.threadlint;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.comments.Comment;
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
  private final java.util.OptionalInt targetRelease;

  /**
   * Parsers per worker thread: JavaParser is not thread-safe, and building one per file costs more
   * than resetting it. Workers die with the analysis' pool, and their parsers with them. Four
   * kinds, made on first use ({@link #parserFor}): with or without the search for {@code var}, and
   * with or without comments attached to nodes.
   */
  private final ThreadLocal<JavaParser[]> parsers;

  private final LanguageLevel level;

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
    this.parsers = ThreadLocal.withInitial(() -> new JavaParser[8]);
    this.level = level;
    this.resourcePairs = List.copyOf(resourcePairs);
    this.targetRelease = targetRelease;
  }

  FileFacts analyze(SourceFile file) {
    SourceText source;
    try {
      source = SourceText.read(file, encoding);
    } catch (IOException e) {
      return unreadable(file, e);
    }
    return analyze(file, source);
  }

  /** The facts of a file that cannot be read. */
  static FileFacts unreadable(SourceFile file, IOException e) {
    return FileFacts.unparsed(
        file,
        0,
        List.of(
            Diagnostics.parseError(
                Location.at(file.relativePath(), 1, 1), "cannot read file: " + e)));
  }

  /** The diagnostic for bytes the charset cannot decode, if the file has any. */
  static List<Finding> textDiagnostics(SourceFile file, Charset encoding, int malformedLine) {
    if (malformedLine <= 0) {
      return List.of();
    }
    return List.of(
        Diagnostics.parseError(
            Location.at(file.relativePath(), malformedLine, 1),
            "bytes that are not valid "
                + encoding.name()
                + " (analysed with replacement characters); set --encoding to the"
                + " file's charset"));
  }

  /** Parses and analyses a file whose text is already read. */
  FileFacts analyze(SourceFile file, SourceText source) {
    return analyze(file, source, true);
  }

  /**
   * Parses a file whose text is already read and extracts its facts; runs the file-local rules when
   * {@code check}.
   */
  FileFacts analyze(SourceFile file, SourceText source, boolean check) {
    return analyze(file, source, check, -1);
  }

  /**
   * The same, for a file whose non-blank lines were counted already ({@code lines}, or -1 when they
   * were not): the pre-scan counts them, and counting again cost as much as a rule.
   */
  FileFacts analyze(SourceFile file, SourceText source, boolean check, int lines) {
    List<Finding> diagnostics =
        new ArrayList<>(textDiagnostics(file, encoding, source.firstMalformedLine().orElse(0)));
    ParseResult<CompilationUnit> parsed;
    boolean attributeComments = needsAttributedComments(source.text());
    try {
      parsed =
          parserFor(
                  Parsers.mayUseVar(source.text()),
                  attributeComments,
                  Parsers.hasUnicodeEscapes(source.text()))
              .parse(source.text());
    } catch (StackOverflowError e) {
      parsers.remove(); // start the next file with fresh parsers
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
    List<Comment> comments =
        attributeComments
            ? null
            : parsed
                .getCommentsCollection()
                .map(c -> List.<Comment>copyOf(c.getComments()))
                .orElse(List.of());
    return analyzeParsed(
        file,
        source,
        lines >= 0 ? lines : source.nonBlankLines(),
        parsed.getResult().get(),
        comments,
        attributeComments,
        diagnostics,
        check);
  }

  /** This worker's parser of the kind asked for. */
  private JavaParser parserFor(
      boolean varTypes, boolean attributeComments, boolean unicodeEscapes) {
    JavaParser[] mine = parsers.get();
    int kind = (varTypes ? 1 : 0) + (attributeComments ? 2 : 0) + (unicodeEscapes ? 4 : 0);
    if (mine[kind] == null) {
      mine[kind] = Parsers.newFastParser(level, varTypes, attributeComments, unicodeEscapes);
    }
    return mine[kind];
  }

  /**
   * True when the file may hold a {@code noinspection} comment, the one suppression that needs to
   * know the node a comment precedes; every other file is parsed without attaching comments.
   */
  static boolean needsAttributedComments(String text) {
    return text.contains("noinspection");
  }

  private FileFacts analyzeParsed(
      SourceFile file,
      SourceText source,
      int lines,
      CompilationUnit unit,
      List<Comment> comments,
      boolean mayHoldNoInspection,
      List<Finding> diagnostics,
      boolean check) {
    FileContext context = new FileContext(file, unit, resourcePairs, targetRelease);
    List<Candidate> candidates = new ArrayList<>();
    List<Fact> facts = new ArrayList<>();
    for (Rule rule : check ? rules : List.<Rule>of()) {
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
        lines,
        Declarations.of(context),
        candidates,
        diagnostics,
        facts,
        (mayHoldNoInspection || mayHoldOtherSuppressions(source.text()))
            ? Suppressions.of(
                context,
                source.text(),
                comments != null ? comments : unit.getAllContainedComments())
            : List.of());
  }

  /**
   * False when no suppression but a {@code noinspection} comment can be in the text: no
   * {@code @SuppressWarnings} or {@code @SuppressFBWarnings} and no {@code threadlint:ignore}
   * comment. Saves two walks of every tree, most of which have none; {@link
   * #needsAttributedComments} looked for {@code noinspection} before the parse (each search reads
   * the whole text).
   */
  private static boolean mayHoldOtherSuppressions(String text) {
    return text.contains("Suppress") || text.contains("threadlint:ignore");
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
