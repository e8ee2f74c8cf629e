package dev.threadlint.rules.thread;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.models.JdkTypes;
import java.util.List;
import java.util.Optional;

/** Recognises calls whose receiver is (or may be, pending the type index) a {@code Thread}. */
final class ThreadReceivers {
  private ThreadReceivers() {}

  /**
   * The condition under which {@code call}'s receiver is a thread, when it may be one: an explicit
   * receiver whose declared type may be {@code Thread} or a project subclass. Calls on {@code
   * super} and on unknown types give nothing.
   */
  static Optional<List<TypeCondition>> threadReceiver(FileContext file, MethodCallExpr call) {
    return receiverOfType(file, call, JdkTypes.THREAD);
  }

  /** As {@link #threadReceiver}, for any supertype. */
  static Optional<List<TypeCondition>> receiverOfType(
      FileContext file, MethodCallExpr call, String supertype) {
    if (call.getScope().isEmpty()) {
      return Optional.empty();
    }
    Expression scope = call.getScope().get();
    if (scope instanceof SuperExpr) {
      return Optional.empty();
    }
    TypeRef type = file.typeOf(scope);
    if (!type.isKnown() || !FileContext.couldBe(type, supertype)) {
      return Optional.empty();
    }
    return Optional.of(List.of(new TypeCondition(type, supertype)));
  }

  /**
   * Short source text of a receiver for messages; long or multi-line expressions become "thread".
   */
  static String describe(Expression receiver) {
    String text = receiver.toString();
    return text.length() > 40 || text.contains("\n") ? "thread" : text;
  }

  /** True when the call has this name and no arguments. */
  static boolean isNoArgCall(MethodCallExpr call, String name) {
    return call.getNameAsString().equals(name) && call.getArguments().isEmpty();
  }
}
