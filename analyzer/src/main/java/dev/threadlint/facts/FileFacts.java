package dev.threadlint.facts;

import dev.threadlint.findings.Finding;
import dev.threadlint.source.SourceFile;
import java.util.List;
import java.util.Objects;

/**
 * Everything the analysis keeps of one file once its AST is dropped.
 *
 * @param file the source
 * @param lines non-blank lines
 * @param types types it declares, for the project index
 * @param candidates file-local findings, some pending type conditions
 * @param diagnostics parse errors and internal errors of this file (never suppressed)
 * @param facts facts for project-wide rules
 * @param suppressions ranges where findings are suppressed
 */
public record FileFacts(
    SourceFile file,
    int lines,
    List<TypeDecl> types,
    List<Candidate> candidates,
    List<Finding> diagnostics,
    List<Fact> facts,
    List<Suppression> suppressions)
    implements java.io.Serializable {

  public FileFacts {
    Objects.requireNonNull(file, "file");
    types = List.copyOf(types);
    candidates = List.copyOf(candidates);
    diagnostics = List.copyOf(diagnostics);
    facts = List.copyOf(facts);
    suppressions = List.copyOf(suppressions);
  }

  /** The facts of a file that could not be parsed: only its diagnostics. */
  public static FileFacts unparsed(SourceFile file, int lines, List<Finding> diagnostics) {
    return new FileFacts(file, lines, List.of(), List.of(), diagnostics, List.of(), List.of());
  }
}
