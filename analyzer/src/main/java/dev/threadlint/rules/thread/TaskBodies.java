package dev.threadlint.rules.thread;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.flow.Bodies;
import dev.threadlint.models.ThreadEntries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The code a task argument runs, as far as this file shows it: a lambda's body, the {@code
 * run()}/{@code call()} of an anonymous class or of a class declared in this file that is created
 * inline (the task method {@link ThreadEntries#TASK_METHODS} names), a {@code this::method}
 * reference, or a local initialised with one of these. Anything else (a parameter, a field, a
 * factory call) gives nothing.
 */
final class TaskBodies {
  private TaskBodies() {}

  static List<Node> of(FileContext file, Expression task) {
    Expression bare = FileContext.unwrap(task);
    if (bare instanceof LambdaExpr lambda) {
      return List.of(lambda.getBody());
    }
    if (bare instanceof MethodReferenceExpr reference
        && reference.getScope() instanceof ThisExpr self
        && self.getTypeName().isEmpty()) {
      return reference
          .findAncestor(ClassOrInterfaceDeclaration.class)
          .map(
              type ->
                  type.getMethodsByName(reference.getIdentifier()).stream()
                      .flatMap(m -> m.getBody().stream())
                      .<Node>map(b -> b)
                      .toList())
          .orElse(List.of());
    }
    if (bare instanceof ObjectCreationExpr creation) {
      if (creation.getAnonymousClassBody().isPresent()) {
        return taskMethods(creation.getAnonymousClassBody().get());
      }
      String name = creation.getType().getNameAsString();
      return file.all(ClassOrInterfaceDeclaration.class).stream()
          .filter(c -> c.getNameAsString().equals(name) && !c.isInterface())
          .findFirst()
          .map(c -> taskMethods(c.getMembers()))
          .orElse(List.of());
    }
    Optional<Variable> variable = file.variableOf(bare);
    if (variable.isPresent()
        && variable.get().kind() == Variable.Kind.LOCAL
        && variable.get().declaration() instanceof VariableDeclarator declarator
        && declarator.getInitializer().isPresent()
        && !(FileContext.unwrap(declarator.getInitializer().get())
            instanceof com.github.javaparser.ast.expr.NameExpr)) {
      return of(file, declarator.getInitializer().get());
    }
    return List.of();
  }

  private static List<Node> taskMethods(List<? extends BodyDeclaration<?>> members) {
    List<Node> bodies = new ArrayList<>();
    for (BodyDeclaration<?> member : members) {
      if (member instanceof MethodDeclaration method
          && method.getParameters().isEmpty()
          && ThreadEntries.TASK_METHODS.containsValue(method.getNameAsString())) {
        method.getBody().ifPresent(bodies::add);
      }
    }
    return bodies;
  }

  /** The task bodies and the bodies of same-class methods they call without a receiver. */
  static List<Node> withSameClassCallees(List<Node> bodies) {
    List<Node> all = new ArrayList<>(bodies);
    for (Node body : bodies) {
      Optional<ClassOrInterfaceDeclaration> owner =
          body.findAncestor(ClassOrInterfaceDeclaration.class);
      if (owner.isEmpty()) {
        continue;
      }
      for (MethodCallExpr call : Bodies.findAllInSameBody(body, MethodCallExpr.class)) {
        if (call.getScope().isPresent()) {
          continue;
        }
        for (MethodDeclaration callee : owner.get().getMethodsByName(call.getNameAsString())) {
          if (callee.getParameters().size() == call.getArguments().size()) {
            callee.getBody().filter(b -> !all.contains(b)).ifPresent(all::add);
          }
        }
      }
    }
    return all;
  }
}
