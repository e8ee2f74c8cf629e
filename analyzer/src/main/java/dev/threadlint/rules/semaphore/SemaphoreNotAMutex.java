package dev.threadlint.rules.semaphore;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.flow.Bodies;
import dev.threadlint.flow.CfgNode;
import dev.threadlint.protocol.BodyProtocol;
import dev.threadlint.protocol.FileProtocol;
import dev.threadlint.protocol.Holding;
import dev.threadlint.protocol.Resource;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A semaphore field created with more than one permit (or a count only known at run time) held
 * around a write to a field, as if it gave mutual exclusion: several threads can hold permits at
 * once and race on the write.
 */
public final class SemaphoreNotAMutex implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "semaphore-not-a-mutex",
              Family.SEMAPHORE,
              Severity.WARNING,
              "Semaphore with several permits used as a lock around shared state",
              "A semaphore with n permits lets n threads in at once: it limits concurrency, it does"
                  + " not exclude it. A field written while holding one permit of such a semaphore is"
                  + " written by several threads concurrently, and the update can be lost. Guard the"
                  + " state with a lock (or a Semaphore(1)), or make it atomic or concurrent.")
          .fix(
              "Guard the shared state with a lock (or a Semaphore(1)), or make it atomic (AtomicInteger, a concurrent collection).");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (BodyProtocol body : FileProtocol.of(file)) {
      for (Resource resource : body.resources()) {
        Optional<String> permits = permitsIfNotMutex(resource);
        if (resource.type() != Resource.Type.SEMAPHORE || permits.isEmpty()) {
          continue;
        }
        firstGuardedWrite(file, body, resource)
            .ifPresent(
                write ->
                    sink.report(
                        finding(
                                file,
                                write.node(),
                                String.format(
                                    "'%s' is written while holding a permit of '%s', which has %s"
                                        + " permits: several threads can be here at once; use a"
                                        + " lock or make '%s' atomic",
                                    write.field().name(),
                                    resource.describe(),
                                    permits.get(),
                                    write.field().name()))
                            .withRelated(
                                List.of(
                                    file.location(
                                        resource.variable().declaration(),
                                        "the semaphore is created here"))),
                        List.of(resource.condition())));
      }
    }
  }

  private record Write(Node node, Variable field) {}

  private static Optional<Write> firstGuardedWrite(
      FileContext file, BodyProtocol body, Resource resource) {
    Set<Node> seen = new HashSet<>();
    for (CfgNode node : body.graph().nodes()) {
      if (node.kind() != CfgNode.Kind.STATEMENT || !seen.add(node.ast())) {
        continue;
      }
      Optional<Set<Holding>> holdings = body.holdingsAt(node, resource);
      if (holdings.isEmpty() || !holdings.get().stream().allMatch(Holding::isHeld)) {
        continue;
      }
      Optional<Write> write = fieldWrite(file, node.ast(), resource);
      if (write.isPresent()) {
        return write;
      }
    }
    return Optional.empty();
  }

  private static Optional<Write> fieldWrite(FileContext file, Node statement, Resource resource) {
    for (AssignExpr assign : Bodies.findAllInSameBody(statement, AssignExpr.class)) {
      Optional<Variable> target = file.variableOf(assign.getTarget());
      if (target.isPresent()
          && isSharedField(target.get(), resource)
          && !(target.get().isVolatile() && assign.getOperator() == AssignExpr.Operator.ASSIGN)) {
        return Optional.of(new Write(assign, target.get()));
      }
    }
    for (UnaryExpr unary : Bodies.findAllInSameBody(statement, UnaryExpr.class)) {
      boolean update =
          switch (unary.getOperator()) {
            case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
            default -> false;
          };
      Optional<Variable> target =
          update ? file.variableOf(unary.getExpression()) : Optional.empty();
      if (target.isPresent() && isSharedField(target.get(), resource)) {
        return Optional.of(new Write(unary, target.get()));
      }
    }
    return Optional.empty();
  }

  private static boolean isSharedField(Variable variable, Resource resource) {
    return variable.isField() && !variable.isFinal() && !variable.equals(resource.variable());
  }

  /**
   * The permit count when it shows the semaphore is no mutex: a constant above one, or a count
   * computed at run time ("a run-time number of"). Empty for one permit or an unseen initializer.
   */
  private static Optional<String> permitsIfNotMutex(Resource resource) {
    Variable variable = resource.variable();
    if (!variable.isField() || !(variable.declaration() instanceof VariableDeclarator declarator)) {
      return Optional.empty();
    }
    Optional<Expression> init = declarator.getInitializer().map(FileContext::unwrap);
    if (init.isEmpty()
        || !(init.get() instanceof ObjectCreationExpr creation)
        || creation.getArguments().isEmpty()) {
      return Optional.empty();
    }
    Expression count = FileContext.unwrap(creation.getArgument(0));
    if (resource.isDeclared()) {
      // a home-grown type's constructor says nothing certain; one constant count is its capacity
      return creation.getArguments().size() == 1
              && count instanceof IntegerLiteralExpr literal
              && literal.asNumber().intValue() > 1
          ? Optional.of(String.valueOf(literal.asNumber().intValue()))
          : Optional.empty();
    }
    if (count instanceof IntegerLiteralExpr literal) {
      int value = literal.asNumber().intValue();
      return value > 1 ? Optional.of(String.valueOf(value)) : Optional.empty();
    }
    return Optional.of("a run-time number of");
  }
}
