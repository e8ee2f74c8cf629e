package dev.threadlint.rules;

import com.github.javaparser.ast.Node;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.ProjectModel;
import dev.threadlint.findings.Finding;
import dev.threadlint.model.Site;

/**
 * One check. A rule is stateless and shared by all worker threads. File-local checks run in {@link
 * #checkFile} while the file's AST is alive (and may depend on types of other files through {@link
 * dev.threadlint.facts.TypeCondition}s); project-wide checks run once in {@link #checkProject} over
 * the facts every file contributed.
 */
public interface Rule {
  RuleMetadata metadata();

  /** Checks one parsed file. */
  default void checkFile(FileContext file, FindingSink sink) {}

  /** Checks the whole project once all files are in. */
  default void checkProject(ProjectModel project, FindingSink sink) {}

  /** A finding of this rule at a site of the concurrency model (a call, an access). */
  default Finding finding(Site site, String message) {
    RuleMetadata meta = metadata();
    return Finding.of(meta.id(), meta.severity(), site.location(), site.member(), message);
  }

  /** A finding of this rule at a node of the file. */
  default Finding finding(FileContext file, Node node, String message) {
    RuleMetadata meta = metadata();
    return Finding.of(
        meta.id(), meta.severity(), file.location(node), FileContext.memberOf(node), message);
  }
}
