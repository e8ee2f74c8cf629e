package dev.threadlint.lifecycle;

import com.github.javaparser.ast.Node;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.Variable;
import java.util.List;

/**
 * A local variable holding an object with a lifecycle the method must finish: a platform thread it
 * starts (finished by {@code join}) or an executor it creates (finished by {@code shutdown}, {@code
 * shutdownNow} or {@code close}).
 *
 * @param variable the local
 * @param kind thread or executor
 * @param creation where the object is created
 * @param conditions type conditions the finding depends on
 */
public record Tracked(Variable variable, Kind kind, Node creation, List<TypeCondition> conditions) {
  public enum Kind {
    THREAD,
    EXECUTOR
  }
}
