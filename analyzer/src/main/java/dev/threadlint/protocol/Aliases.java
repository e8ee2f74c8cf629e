package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import java.util.Optional;

/**
 * The one aliasing idiom the protocol follows: a local copy of a field that is never reassigned,
 * {@code final ReentrantLock lock = this.lock;} (common in java.util.concurrent-style code). Such a
 * local stands for the field. Every other alias stays a different variable.
 */
public final class Aliases {
  private Aliases() {}

  /** The field a local copies, or the variable itself. */
  public static Variable canonical(FileContext file, Variable variable) {
    if (variable.kind() != Variable.Kind.LOCAL
        || !(variable.declaration() instanceof VariableDeclarator declarator)) {
      return variable;
    }
    Optional<Expression> init = declarator.getInitializer().map(FileContext::unwrap);
    if (init.isEmpty()) {
      return variable;
    }
    Optional<Variable> field = file.variableOf(init.get()).filter(Variable::isField);
    if (field.isEmpty() || isReassigned(file, variable)) {
      return variable;
    }
    return field.get();
  }

  private static boolean isReassigned(FileContext file, Variable variable) {
    if (variable.isFinal()) {
      return false;
    }
    Node body = Dominance.bodyOf(variable.declaration());
    if (body == null) {
      return true;
    }
    return body.findAll(AssignExpr.class).stream()
        .anyMatch(a -> file.variableOf(a.getTarget()).filter(variable::equals).isPresent());
  }
}
