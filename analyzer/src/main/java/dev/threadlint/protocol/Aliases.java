package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import java.util.List;
import java.util.Optional;

/**
 * The two aliasing idioms the protocol follows: a local copy of a field that is never reassigned,
 * {@code final ReentrantLock lock = this.lock;} (common in java.util.concurrent-style code), and a
 * getter of the same class whose whole body returns a field, {@code getLock().lock()}. Both stand
 * for the field. Every other alias stays a different variable.
 */
public final class Aliases {
  private Aliases() {}

  /** The variable an expression stands for: a name, {@code this.name}, or a field getter call. */
  public static Optional<Variable> resolve(FileContext file, Expression expression) {
    Expression bare = FileContext.unwrap(expression);
    if (bare instanceof MethodCallExpr call) {
      return fieldReturnedBy(file, call);
    }
    return file.variableOf(bare).map(v -> canonical(file, v));
  }

  /**
   * The field that a call of a getter returns: a no-argument method of the enclosing class (called
   * on {@code this} or unqualified) whose body is only {@code return field;}. Getters that compute
   * or look up ({@code lockFor(key)}) are not followed: which object they return is not known.
   */
  public static Optional<Variable> fieldReturnedBy(FileContext file, MethodCallExpr call) {
    if (!call.getArguments().isEmpty()
        || call.getScope()
            .filter(s -> !(s instanceof ThisExpr t && t.getTypeName().isEmpty()))
            .isPresent()) {
      return Optional.empty();
    }
    Optional<ClassOrInterfaceDeclaration> owner =
        call.findAncestor(ClassOrInterfaceDeclaration.class);
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    for (MethodDeclaration method : owner.get().getMethodsByName(call.getNameAsString())) {
      if (!method.getParameters().isEmpty() || method.isAbstract() || method.getBody().isEmpty()) {
        continue;
      }
      List<Statement> statements = method.getBody().get().getStatements();
      if (statements.size() == 1
          && statements.get(0) instanceof ReturnStmt ret
          && ret.getExpression().isPresent()) {
        return file.variableOf(ret.getExpression().get()).filter(Variable::isField);
      }
    }
    return Optional.empty();
  }

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

  /** A lock reached through a getter of an object this class keeps: {@code service.getLock()}. */
  public record Chain(Variable field, String getter) {}

  /**
   * {@code service.getConfigLock()}: a no-argument {@code get...} call on a field of this class
   * that is final or assigned only in constructors, so that every such call in the class reaches
   * the same object (a getter of a lock field). The callers check the protocol shape that makes the
   * result a lock ({@code .readLock().lock()}).
   */
  public static Optional<Chain> chain(FileContext file, Expression expression) {
    if (!(FileContext.unwrap(expression) instanceof MethodCallExpr call)
        || !call.getArguments().isEmpty()
        || !call.getNameAsString().startsWith("get")
        || call.getScope().isEmpty()) {
      return Optional.empty();
    }
    Optional<Variable> field = file.variableOf(call.getScope().get()).filter(Variable::isField);
    if (field.isEmpty() || !assignedOnlyInConstructors(file, field.get(), call)) {
      return Optional.empty();
    }
    return Optional.of(new Chain(field.get(), call.getNameAsString()));
  }

  private static boolean assignedOnlyInConstructors(FileContext file, Variable field, Node use) {
    if (field.isFinal()) {
      return true;
    }
    Optional<ClassOrInterfaceDeclaration> owner =
        use.findAncestor(ClassOrInterfaceDeclaration.class);
    return owner.isPresent()
        && owner.get().findAll(AssignExpr.class).stream()
            .filter(a -> file.variableOf(a.getTarget()).filter(field::equals).isPresent())
            .allMatch(
                a ->
                    a.findAncestor(com.github.javaparser.ast.body.ConstructorDeclaration.class)
                        .isPresent());
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
