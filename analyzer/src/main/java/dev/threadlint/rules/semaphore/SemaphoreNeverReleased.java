package dev.threadlint.rules.semaphore;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.findings.Severity;
import dev.threadlint.models.ResourcePair;
import dev.threadlint.protocol.Resource;
import dev.threadlint.protocol.ResourceOp;
import dev.threadlint.protocol.ResourceOpsInFile;
import dev.threadlint.protocol.Uses;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A semaphore that is acquired but never released anywhere it can be reached from: a private field
 * of the class, or a local of the method. Once its permits run out every acquire blocks forever (a
 * {@code new Semaphore(0)} blocks at once). Semaphores visible to other classes, or passed
 * anywhere, may be released elsewhere and are not judged.
 */
public final class SemaphoreNeverReleased implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "semaphore-never-released",
              Family.SEMAPHORE,
              Severity.WARNING,
              "Semaphore acquired somewhere and released nowhere",
              "Every acquire() takes a permit for good when no code ever calls release(): after the"
                  + " initial permits are used up (immediately for new Semaphore(0)), every further"
                  + " acquire blocks forever. Release the permit when the guarded work is done, or"
                  + " use a CountDownLatch if the semaphore was meant as a one-shot signal.")
          .fix(
              "Release each permit when the guarded work is done (in a finally block), or use a CountDownLatch if the semaphore was meant as a one-shot signal.");

  private static final Set<String> ALLOWED =
      Set.of(
          "acquire",
          "acquireUninterruptibly",
          "tryAcquire",
          "availablePermits",
          "drainPermits",
          "isFair",
          "hasQueuedThreads",
          "getQueueLength",
          "toString");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    Map<Resource, ResourceOp> firstAcquire = new LinkedHashMap<>();
    Map<Resource, Boolean> released = new LinkedHashMap<>();
    for (ResourceOp op : ResourceOpsInFile.of(file)) {
      if (op.resource().type() != Resource.Type.SEMAPHORE || !op.resource().view().isEmpty()) {
        continue;
      }
      if (op.kind() == ResourceOp.Kind.RELEASE) {
        released.put(op.resource(), true);
      } else {
        firstAcquire.putIfAbsent(op.resource(), op);
      }
    }
    for (Map.Entry<Resource, ResourceOp> entry : firstAcquire.entrySet()) {
      Resource resource = entry.getKey();
      if (released.containsKey(resource)) {
        continue;
      }
      Variable variable = resource.variable();
      Node scope = reachOf(variable);
      if (scope == null || !Uses.onlyReceiverOf(file, variable, scope, allowed(resource))) {
        continue;
      }
      MethodCallExpr call = entry.getValue().call();
      sink.report(
          finding(
              file,
              call,
              String.format(
                  "'%s' is acquired here but released nowhere: once its permits are used up,"
                      + " every acquire blocks forever",
                  resource.describe())),
          List.of(resource.condition()));
    }
  }

  /**
   * The calls that leave a semaphore where this class sees it: for a user-declared pair its
   * acquires (any other method of a home-grown type may give permits back in its own way).
   */
  private static Set<String> allowed(Resource resource) {
    if (!resource.isDeclared()) {
      return ALLOWED;
    }
    Set<String> allowed = new java.util.HashSet<>(ResourcePair.parse(resource.api()).acquires());
    allowed.add("toString");
    return allowed;
  }

  /**
   * Where every use of the variable must be: the class for a private field, the body for a local.
   */
  private static Node reachOf(Variable variable) {
    if (variable.kind() == Variable.Kind.LOCAL) {
      return dev.threadlint.facts.Dominance.bodyOf(variable.declaration());
    }
    if (variable.kind() != Variable.Kind.FIELD) {
      return null;
    }
    Node declarator = variable.declaration();
    boolean isPrivate =
        declarator
            .getParentNode()
            .filter(FieldDeclaration.class::isInstance)
            .map(f -> ((FieldDeclaration) f).isPrivate())
            .orElse(false);
    if (!isPrivate) {
      return null;
    }
    // private members are visible in the whole top-level type
    Node top = declarator;
    while (top.getParentNode().isPresent()) {
      top = top.getParentNode().get();
      if (top instanceof TypeDeclaration<?> type && type.isTopLevelType()) {
        return type;
      }
    }
    return null;
  }
}
