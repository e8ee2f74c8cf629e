package dev.threadlint.protocol;

import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeIndex;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.models.JdkTypes;
import java.util.List;
import java.util.Optional;

/**
 * Resolves calls of one file to the {@link HelperFact}s of other files, with the project's type
 * index: {@code pool.acquireSlot()} where {@code pool}'s declared type is (a subtype of) the
 * helper's class, or an unqualified {@code acquireSlot()} in a subclass of it that does not declare
 * the method itself. The resource is the helper's field as the caller reaches it: through the
 * receiver variable, or through {@code this}.
 */
final class CrossFileHelpers implements ExternalHelpers {
  private static final TypeCondition ALWAYS =
      new TypeCondition(TypeRef.exact(JdkTypes.OBJECT), JdkTypes.OBJECT);

  private final FileContext file;
  private final List<HelperFact> facts;
  private final TypeIndex types;

  CrossFileHelpers(FileContext file, List<HelperFact> facts, TypeIndex types) {
    this.file = file;
    this.facts = facts;
    this.types = types;
  }

  @Override
  public Optional<HelperSummary> of(MethodCallExpr call) {
    String name = call.getNameAsString();
    int arity = call.getArguments().size();
    if (facts.stream().noneMatch(f -> f.method().equals(name) && f.arity() == arity)) {
      return Optional.empty();
    }
    Optional<Expression> scope = call.getScope();
    if (scope.isEmpty() || scope.get() instanceof ThisExpr self && self.getTypeName().isEmpty()) {
      return inherited(call, name, arity);
    }
    Optional<Variable> receiver = file.variableOf(scope.get());
    if (receiver.isEmpty() || !receiver.get().type().isKnown()) {
      return Optional.empty();
    }
    Optional<String> type = types.resolve(receiver.get().type());
    if (type.isEmpty()) {
      return Optional.empty();
    }
    return match(type.get(), name, arity).map(fact -> summary(fact, receiver.get()));
  }

  /** {@code acquireSlot()} in a subclass: the method comes from a superclass in another file. */
  private Optional<HelperSummary> inherited(MethodCallExpr call, String name, int arity) {
    Optional<ClassOrInterfaceDeclaration> owner =
        call.findAncestor(ClassOrInterfaceDeclaration.class);
    if (owner.isEmpty()
        || !owner.get().getMethodsByName(name).isEmpty()
        || owner.get().getFullyQualifiedName().isEmpty()) {
      return Optional.empty();
    }
    Variable self =
        new Variable(
            "this",
            Variable.Kind.FIELD,
            owner.get(),
            TypeRef.exact(owner.get().getFullyQualifiedName().get()),
            true,
            false,
            false);
    return match(owner.get().getFullyQualifiedName().get(), name, arity)
        .map(fact -> summary(fact, self));
  }

  private Optional<HelperFact> match(String type, String name, int arity) {
    List<HelperFact> matching =
        facts.stream()
            .filter(f -> f.method().equals(name) && f.arity() == arity)
            .filter(f -> !f.owner().equals(type) || !declaredHere(type))
            .filter(f -> types.isSubtype(type, f.owner()))
            .toList();
    return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
  }

  /** A helper of a class this file declares is summarised from the file itself. */
  private boolean declaredHere(String type) {
    return file.all(TypeDeclaration.class).stream()
        .anyMatch(
            t -> ((TypeDeclaration<?>) t).getFullyQualifiedName().filter(type::equals).isPresent());
  }

  private static HelperSummary summary(HelperFact fact, Variable receiver) {
    String view =
        "field:"
            + fact.lock().path()
            + switch (fact.lock().view()) {
              case READ -> ".read";
              case WRITE -> ".write";
              default -> "";
            };
    Resource resource = new Resource(receiver, view, fact.type(), ALWAYS);
    return new HelperSummary(fact.method(), null, resource, fact.effect(), fact.permits());
  }
}
