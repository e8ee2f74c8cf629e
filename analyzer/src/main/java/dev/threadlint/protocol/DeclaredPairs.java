package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.models.ResourcePair;
import java.util.Optional;

/**
 * Calls of the semaphore-like APIs the user declared ({@code --resource-pair}): an acquire,
 * try-acquire or release of a permit, to be followed like {@code Semaphore}'s. Whether an acquire
 * is a try-acquire comes from its declaration when this file declares the type ({@code boolean}
 * return), otherwise from its name ({@code tryEnter}) or from the call being tested directly
 * ({@code if (limiter.acquire())}).
 */
final class DeclaredPairs {
  /** Always holds: the user named the type, so no project type check is needed. */
  private static final TypeCondition DECLARED =
      new TypeCondition(TypeRef.exact(JdkTypes.OBJECT), JdkTypes.OBJECT);

  private DeclaredPairs() {}

  static Optional<ResourceOp> op(FileContext file, Variable variable, MethodCallExpr call, int id) {
    for (ResourcePair pair : file.resourcePairs()) {
      if (!matches(pair, variable.type())) {
        continue;
      }
      String name = call.getNameAsString();
      int permits = call.getArguments().isEmpty() ? 1 : ResourceOp.UNKNOWN;
      Resource resource =
          new Resource(variable, "", Resource.Type.SEMAPHORE, DECLARED, pair.spec());
      if (name.equals(pair.release())) {
        return Optional.of(new ResourceOp(id, ResourceOp.Kind.RELEASE, resource, permits, call));
      }
      if (pair.acquires().contains(name)) {
        ResourceOp.Kind kind =
            isTry(file, pair, call) ? ResourceOp.Kind.TRY_ACQUIRE : ResourceOp.Kind.ACQUIRE;
        return Optional.of(new ResourceOp(id, kind, resource, permits, call));
      }
    }
    return Optional.empty();
  }

  private static boolean matches(ResourcePair pair, TypeRef type) {
    if (pair.isQualified()) {
      return type.mayBe(pair.type()) || type.name().equals(pair.type());
    }
    return type.simpleName().equals(pair.simpleName());
  }

  private static boolean isTry(FileContext file, ResourcePair pair, MethodCallExpr call) {
    String name = call.getNameAsString();
    Optional<Boolean> declared = declaredBoolean(file, pair, name, call.getArguments().size());
    if (declared.isPresent()) {
      return declared.get();
    }
    return ResourcePair.isTryByName(name) || isTestedDirectly(call);
  }

  /** Whether the method returns boolean, when this file declares the pair's type. */
  private static Optional<Boolean> declaredBoolean(
      FileContext file, ResourcePair pair, String name, int arguments) {
    for (TypeDeclaration<?> type : file.all(TypeDeclaration.class)) {
      if (!type.getNameAsString().equals(pair.simpleName())) {
        continue;
      }
      for (MethodDeclaration method : type.getMethodsByName(name)) {
        if (method.getParameters().size() == arguments) {
          return Optional.of(method.getType().asString().equals("boolean"));
        }
      }
    }
    return Optional.empty();
  }

  /** {@code if (x.acquire())}, {@code if (!x.acquire())}, {@code while (!x.acquire())}. */
  private static boolean isTestedDirectly(MethodCallExpr call) {
    Node current = call;
    Node parent = call.getParentNode().orElse(null);
    if (parent instanceof UnaryExpr not
        && not.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
      current = parent;
      parent = parent.getParentNode().orElse(null);
    }
    Node tested = current;
    return (parent instanceof IfStmt i && i.getCondition() == tested)
        || (parent instanceof WhileStmt w && w.getCondition() == tested)
        || (parent instanceof DoStmt d && d.getCondition() == tested);
  }
}
