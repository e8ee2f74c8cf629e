package dev.threadlint.model;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import java.util.Optional;

/**
 * The model's answers for file-local rules that look at one node: is a lock held here (in the body,
 * or assumed by it), and does the class of a field show it is meant for threads.
 */
public final class ModelQueries {
  private ModelQueries() {}

  /** No lock of any kind is held at the node, nor assumed held by its body. */
  public static boolean noLockHeld(FileContext file, Node node) {
    Node body = Dominance.bodyOf(node);
    return HeldLocks.at(file, node).isEmpty()
        && (body == null || HeldLocks.assumedHeld(file, body).isEmpty());
  }

  /** The summary of the type that declares a field shows it is meant for threads. */
  public static boolean showsConcurrency(FileContext file, Variable field) {
    Optional<TypeDeclaration> owner = field.declaration().findAncestor(TypeDeclaration.class);
    if (owner.isEmpty()) {
      return false;
    }
    String name = ((TypeDeclaration<?>) owner.get()).getFullyQualifiedName().orElse("");
    return SummaryExtractor.summarize(file).types().stream()
        .filter(t -> t.name().equals(name))
        .anyMatch(TypeSummary::showsConcurrency);
  }
}
