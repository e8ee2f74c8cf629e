package dev.threadlint.rules.thread;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.List;
import java.util.Optional;

/**
 * A thread started in a constructor whose task reaches the object under construction ({@code this},
 * its fields or methods, an inner class): the new thread can see the object before the constructor
 * — and the constructors of subclasses — have finished. A started thread whose task does not touch
 * {@code this} is not reported.
 */
public final class ThreadStartInConstructor implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "thread-start-in-constructor",
              Family.THREAD,
              Severity.WARNING,
              "Thread started in a constructor lets this escape",
              "A thread started in a constructor runs concurrently with the rest of the"
                  + " construction: it can observe fields that are not yet assigned, and in a"
                  + " subclass it runs before the subclass constructor has run at all. Start the"
                  + " thread from a separate start() method, or from a static factory after the"
                  + " constructor returns.")
          .equivalent(Tool.SPOTBUGS, "SC_START_IN_CTOR")
          .equivalent(Tool.INTELLIJ, "ThreadStartInConstruction")
          .fix(
              "Start the thread from a separate start() method, or from a static factory method after the constructor has returned.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (ConstructorDeclaration constructor : file.all(ConstructorDeclaration.class)) {
      for (MethodCallExpr call : Bodies.findAllInSameBody(constructor, MethodCallExpr.class)) {
        if (!call.getNameAsString().equals("start")
            || !call.getArguments().isEmpty()
            || startedLastInUnextendableClass(constructor, call)) {
          continue;
        }
        Optional<List<TypeCondition>> conditions = capturingThisStart(file, constructor, call);
        conditions.ifPresent(
            c ->
                sink.report(
                    finding(
                        file,
                        call,
                        "a thread that uses this object is started in its constructor, before"
                            + " construction has finished; start it from a separate start()"
                            + " method"),
                    c));
      }
    }
  }

  /**
   * The start is the constructor's last statement, and no subclass can exist (the class is final,
   * or has only private constructors): every field is assigned before it (Java's definite
   * assignment guarantees it for final fields), and no subclass constructor runs after it, so the
   * thread sees a fully built object.
   */
  private static boolean startedLastInUnextendableClass(
      ConstructorDeclaration constructor, MethodCallExpr start) {
    var statements = constructor.getBody().getStatements();
    if (statements.isEmpty()
        || !(statements.getLast().orElseThrow()
            instanceof com.github.javaparser.ast.stmt.ExpressionStmt last)
        || last.getExpression() != start) {
      return false;
    }
    Optional<com.github.javaparser.ast.body.ClassOrInterfaceDeclaration> owner =
        constructor
            .getParentNode()
            .filter(com.github.javaparser.ast.body.ClassOrInterfaceDeclaration.class::isInstance)
            .map(com.github.javaparser.ast.body.ClassOrInterfaceDeclaration.class::cast);
    return owner.isPresent()
        && (owner.get().isFinal()
            || owner.get().getConstructors().stream().allMatch(ConstructorDeclaration::isPrivate));
  }

  private static Optional<List<TypeCondition>> capturingThisStart(
      FileContext file, ConstructorDeclaration constructor, MethodCallExpr start) {
    if (start.getScope().isEmpty() || start.getScope().get() instanceof ThisExpr) {
      // this.start() / start() in a Thread subclass: the thread is the object itself
      var self = file.types().enclosingType(start);
      return self.isKnown()
          ? Optional.of(List.of(new TypeCondition(self, JdkTypes.THREAD)))
          : Optional.empty();
    }
    Optional<List<TypeCondition>> thread = ThreadReceivers.threadReceiver(file, start);
    Expression scope = FileContext.unwrap(start.getScope().get());
    if (scope instanceof ObjectCreationExpr creation) {
      return isThreadCreation(file, creation) && capturesThis(file, creation)
          ? Optional.of(List.of())
          : Optional.empty();
    }
    if (thread.isEmpty()) {
      return Optional.empty();
    }
    Optional<Variable> variable = file.variableOf(scope);
    if (variable.isEmpty()) {
      return Optional.empty();
    }
    Optional<Expression> created = creationOf(file, variable.get(), constructor);
    return created.filter(c -> capturesThis(file, c)).map(c -> thread.get());
  }

  private static boolean isThreadCreation(FileContext file, ObjectCreationExpr creation) {
    return FileContext.couldBe(file.types().resolve(creation.getType()), JdkTypes.THREAD)
        && creation.getType().getNameAsString().equals("Thread");
  }

  /**
   * The expression the variable was created from: its initializer or an assignment in the
   * constructor.
   */
  private static Optional<Expression> creationOf(
      FileContext file, Variable variable, ConstructorDeclaration constructor) {
    if (variable.declaration() instanceof VariableDeclarator declarator
        && declarator.getInitializer().isPresent()) {
      return declarator.getInitializer();
    }
    for (AssignExpr assign : constructor.findAll(AssignExpr.class)) {
      if (file.variableOf(assign.getTarget()).filter(variable::equals).isPresent()) {
        return Optional.of(assign.getValue());
      }
    }
    return Optional.empty();
  }

  /**
   * True when the created thread's task reaches {@code this}: {@code this} or {@code X.this}, a
   * method reference on this, an instance field or method used unqualified in a lambda or anonymous
   * class, or an anonymous subclass of Thread that overrides run().
   */
  private static boolean capturesThis(FileContext file, Expression creation) {
    if (!(FileContext.unwrap(creation) instanceof ObjectCreationExpr thread)) {
      return false;
    }
    if (thread.getAnonymousClassBody().isPresent()) {
      return thread.getAnonymousClassBody().get().stream()
          .anyMatch(m -> reachesThis(file, m, thread));
    }
    for (Expression argument : thread.getArguments()) {
      if (capturesThisAsArgument(file, FileContext.unwrap(argument), thread)) {
        return true;
      }
    }
    return false;
  }

  /**
   * An argument hands {@code this} to the thread when it is {@code this}, {@code this::m}, a lambda
   * or anonymous class that uses the object, or a new instance of an inner (non-static) class.
   * Passing a field's current value ({@code this.sender}) hands over that value only.
   */
  private static boolean capturesThisAsArgument(
      FileContext file, Expression argument, Node boundary) {
    if (argument instanceof ThisExpr) {
      return true;
    }
    if (argument instanceof com.github.javaparser.ast.expr.MethodReferenceExpr reference) {
      return reference.getScope() instanceof ThisExpr;
    }
    if (argument instanceof com.github.javaparser.ast.expr.LambdaExpr lambda) {
      return reachesThis(file, lambda.getBody(), boundary);
    }
    if (argument instanceof ObjectCreationExpr creation) {
      if (creation.getAnonymousClassBody().isPresent()) {
        return creation.getAnonymousClassBody().get().stream()
            .anyMatch(m -> reachesThis(file, m, creation));
      }
      return isInnerClass(creation, boundary);
    }
    return false;
  }

  private static boolean isInnerClass(ObjectCreationExpr creation, Node boundary) {
    String name = creation.getType().getNameAsString();
    return boundary
        .findAncestor(com.github.javaparser.ast.body.ClassOrInterfaceDeclaration.class)
        .map(
            owner ->
                owner.getMembers().stream()
                    .anyMatch(
                        m ->
                            m
                                    instanceof
                                    com.github.javaparser.ast.body.ClassOrInterfaceDeclaration c
                                && c.getNameAsString().equals(name)
                                && !c.isStatic()
                                && !c.isInterface()))
        .orElse(false);
  }

  private static boolean reachesThis(FileContext file, Node node, Node boundary) {
    for (ThisExpr self : node.findAll(ThisExpr.class)) {
      if (self.getTypeName().isPresent() || !insideAnonymousClass(self, boundary)) {
        return true;
      }
    }
    for (NameExpr name : node.findAll(NameExpr.class)) {
      Optional<Variable> variable = file.variableOf(name);
      if (variable.isPresent()
          && variable.get().isField()
          && !variable.get().isStatic()
          && !isInside(variable.get().declaration(), boundary)) {
        return true;
      }
    }
    Optional<com.github.javaparser.ast.body.ClassOrInterfaceDeclaration> owner =
        boundary.findAncestor(com.github.javaparser.ast.body.ClassOrInterfaceDeclaration.class);
    for (MethodCallExpr call : node.findAll(MethodCallExpr.class)) {
      String called = call.getNameAsString();
      if (call.getScope().isEmpty()
          && owner.isPresent()
          && owner.get().getMethodsByName(called).stream().anyMatch(m -> !m.isStatic())
          && !declaredInside(boundary, called)) {
        return true;
      }
    }
    return false;
  }

  /** {@code this} inside an anonymous class of the task is that object, not the outer one. */
  private static boolean insideAnonymousClass(Node node, Node boundary) {
    Node current = node.getParentNode().orElse(null);
    while (current != null && current != boundary) {
      if (current instanceof ObjectCreationExpr creation
          && creation.getAnonymousClassBody().isPresent()) {
        return true;
      }
      current = current.getParentNode().orElse(null);
    }
    return boundary instanceof ObjectCreationExpr creation
        && creation.getAnonymousClassBody().isPresent();
  }

  private static boolean declaredInside(Node boundary, String method) {
    return boundary.findAll(MethodDeclaration.class).stream()
        .anyMatch(m -> m.getNameAsString().equals(method));
  }

  private static boolean isInside(Node node, Node ancestor) {
    Node current = node;
    while (current != null) {
      if (current == ancestor) {
        return true;
      }
      current = current.getParentNode().orElse(null);
    }
    return false;
  }
}
