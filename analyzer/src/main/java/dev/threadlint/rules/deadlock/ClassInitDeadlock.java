package dev.threadlint.rules.deadlock;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The static initialiser of a class (a static field's initialiser or a static block) that creates
 * or calls a static method of a subclass or implementation of that class. Initialising the subclass
 * first initialises its superclass, so one thread initialising the class and another the subclass
 * wait for each other. Whether the used type is a subtype is decided by the project's type index
 * (any file). Left alone: code in lambdas and anonymous bodies (it runs later), private nested
 * subclasses and nested subclasses with only private constructors (nobody else can initialise them
 * first), and interfaces without default methods (implementing classes do not initialise them).
 */
public final class ClassInitDeadlock implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "class-init-deadlock",
              Family.DEADLOCK,
              Severity.WARNING,
              "a static initialiser that uses a subclass of its own class",
              "The JVM initialises a class under a per-class lock and initialises a superclass"
                  + " before its subclass. When the superclass's static initialiser needs the"
                  + " subclass, a thread that starts with the superclass holds its lock and waits"
                  + " for the subclass, while a thread that starts with the subclass holds that one"
                  + " and waits for the superclass: both hang for ever, on the first use, rarely"
                  + " and only under load.")
          .equivalent(Tool.ERROR_PRONE, "ClassInitializationDeadlock")
          .equivalent(Tool.INTELLIJ, "StaticInitializerReferencesSubClass")
          .equivalent(Tool.SONARJAVA, "S2390")
          .fix(
              "Move the constant to a class outside the hierarchy (a Foos holder), or make the"
                  + " subclass a private nested class with private constructors so that only the"
                  + " superclass can initialise it.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (ClassOrInterfaceDeclaration type : file.all(ClassOrInterfaceDeclaration.class)) {
      Optional<String> name = type.getFullyQualifiedName();
      if (name.isEmpty() || type.isInterface() && !hasDefaultMethods(type)) {
        continue;
      }
      Set<String> reported = new HashSet<>();
      for (Node root : staticInitialisers(type)) {
        for (Use use : uses(file, root)) {
          if (use.type().mayBe(name.get())
              || !use.type().isKnown()
              || reported.contains(use.type().name()) // cheap: every verdict below is the same
              || isSealedOff(file, type, use.type())
              || !reported.add(use.type().name())) {
            continue; // once per used type (whether it is a subclass is decided by the index)
          }
          sink.report(
              finding(
                  file,
                  use.site(),
                  String.format(
                      "the static initialiser of %s uses %s, a subclass of it: a thread"
                          + " initialising %s (which first initialises %s) and another"
                          + " initialising %s can deadlock",
                      type.getNameAsString(),
                      use.type().simpleName(),
                      use.type().simpleName(),
                      type.getNameAsString(),
                      type.getNameAsString())),
              List.of(new TypeCondition(use.type(), name.get())));
        }
      }
    }
  }

  private record Use(TypeRef type, Node site) {}

  private static List<Node> staticInitialisers(ClassOrInterfaceDeclaration type) {
    List<Node> roots = new ArrayList<>();
    for (BodyDeclaration<?> member : type.getMembers()) {
      if (member instanceof InitializerDeclaration init && init.isStatic()) {
        roots.add(init.getBody());
      } else if (member instanceof FieldDeclaration field
          && (field.isStatic() || type.isInterface())) {
        for (VariableDeclarator variable : field.getVariables()) {
          variable
              .getInitializer()
              .filter(init -> !Bodies.isNestedBody(init)) // a lambda runs later
              .ifPresent(roots::add);
        }
      }
    }
    return roots;
  }

  /** Types the code initialises when it runs: {@code new T(..)} and {@code T.staticMethod(..)}. */
  private static List<Use> uses(FileContext file, Node root) {
    List<Use> uses = new ArrayList<>();
    for (Node node : Bodies.findAllInSameBody(root, Node.class)) {
      if (node instanceof ObjectCreationExpr creation) {
        uses.add(new Use(file.types().resolve(creation.getType()), creation));
      } else if (node instanceof MethodCallExpr call && call.getScope().isPresent()) {
        file.staticScopeType(call.getScope().get())
            .ifPresent(type -> uses.add(new Use(type, call)));
      }
    }
    return uses;
  }

  /**
   * A subclass declared in this file inside the class, which other code cannot initialise first:
   * private, or with only private constructors.
   */
  private static boolean isSealedOff(
      FileContext file, ClassOrInterfaceDeclaration outer, TypeRef used) {
    for (TypeDeclaration<?> nested : file.allWithin(outer, TypeDeclaration.class)) {
      if (nested == outer || !nested.getFullyQualifiedName().map(used::mayBe).orElse(false)) {
        continue;
      }
      List<ConstructorDeclaration> constructors = nested.getConstructors();
      return nested.isPrivate()
          || !constructors.isEmpty() && constructors.stream().allMatch(c -> c.isPrivate());
    }
    return false;
  }

  /** An interface is initialised with its implementations only when it has default methods. */
  private static boolean hasDefaultMethods(ClassOrInterfaceDeclaration type) {
    return type.getMembers().stream()
        .anyMatch(m -> m instanceof MethodDeclaration method && method.isDefault());
  }
}
