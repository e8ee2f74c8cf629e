package dev.threadlint.race;

import com.github.javaparser.ast.Node;
import dev.threadlint.facts.Variable;
import java.util.Set;

/**
 * One read or write of a field.
 *
 * @param field the field
 * @param write an assignment, increment, or a mutating call on a container held in the field
 * @param node where
 * @param body the method, constructor, initializer or lambda it is in
 * @param locks the locks held there (including those every caller of a private method holds)
 */
public record Access(Variable field, boolean write, Node node, Node body, Set<String> locks) {
  public Access {
    locks = Set.copyOf(locks);
  }
}
