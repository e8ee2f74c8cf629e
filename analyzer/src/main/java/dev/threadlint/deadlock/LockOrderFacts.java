package dev.threadlint.deadlock;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.threadlint.facts.Fact;
import dev.threadlint.facts.FactExtractor;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.findings.Location;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What each file tells the project about lock order: its own edges, the locks each of its methods
 * takes, and the calls on other objects it makes while holding locks. The project joins the last
 * two into edges that cross classes and files.
 */
public final class LockOrderFacts implements FactExtractor {
  /** {@code inner} taken while {@code outer} is held, inside one file. */
  public record OrderFact(
      String outer, String inner, Location site, String member, List<String> held)
      implements Fact {}

  /** The locks a method of a named class takes when it is called. */
  public record MethodLocksFact(String type, String method, int arity, List<String> locks)
      implements Fact {}

  /** A call on an object of a known type while {@code held} is held. */
  public record CallFact(
      List<String> held,
      List<String> receiverTypes,
      String method,
      int arity,
      Location site,
      String member)
      implements Fact {}

  @Override
  public String name() {
    return "lock-order";
  }

  /** Lock orders, the locks a method takes and calls under a lock all need a lock in the file. */
  @Override
  public boolean onlyConcurrentFiles() {
    return true;
  }

  @Override
  public void extract(FileContext file, Consumer<Fact> out) {
    LockOrder order = LockOrder.of(file);
    for (LockOrder.Edge edge : order.edges()) {
      out.accept(
          new OrderFact(
              edge.outer(),
              edge.inner(),
              file.location(edge.site()),
              FileContext.memberOf(edge.site()),
              List.copyOf(edge.held())));
    }
    for (LockOrder.CallUnderLock under : order.calls()) {
      MethodCallExpr call = under.call();
      TypeRef receiver = file.typeOf(call.getScope().orElseThrow());
      if (receiver.isKnown()) {
        out.accept(
            new CallFact(
                under.held(),
                receiver.candidates(),
                call.getNameAsString(),
                call.getArguments().size(),
                file.location(call),
                FileContext.memberOf(call)));
      }
    }
    for (MethodDeclaration method : file.unit().findAll(MethodDeclaration.class)) {
      if (method.isStatic() && !method.isSynchronized() || insideAnonymous(method)) {
        continue;
      }
      Set<String> locks = order.takenIn(method);
      if (locks.isEmpty()) {
        continue;
      }
      method
          .findAncestor(TypeDeclaration.class)
          .ifPresent(
              type ->
                  out.accept(
                      new MethodLocksFact(
                          LockOrder.key((TypeDeclaration<?>) type),
                          method.getNameAsString(),
                          method.getParameters().size(),
                          List.copyOf(locks))));
    }
  }

  private static boolean insideAnonymous(MethodDeclaration method) {
    return method.getParentNode().filter(ObjectCreationExpr.class::isInstance).isPresent();
  }
}
