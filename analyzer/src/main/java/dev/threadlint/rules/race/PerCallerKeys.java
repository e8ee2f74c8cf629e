package dev.threadlint.rules.race;

import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.flow.Bodies;
import dev.threadlint.models.CollectionVocabulary;

/**
 * Keys that only the calling thread uses: the current thread ({@code
 * map.get(Thread.currentThread())}) and the identity of an object the caller handed in ({@code
 * System.identityHashCode(ctx)}, {@code ctx.channel().hashCode()}). A map of such slots is shared,
 * but each slot is created and used by the thread that acts for its object (a per-thread or
 * per-connection state table whose connection is served by one event loop): two threads can only
 * race on a key if both act for the same object at once, and the model cannot see that. Identity,
 * not value: a name, a string or a number handed in can come from two callers at once ({@code
 * containsKey(codec.name())}).
 */
final class PerCallerKeys {
  private PerCallerKeys() {}

  private static final int MAX_DEPTH = 4;

  /** True when {@code key} is the current thread or the identity of an object handed in. */
  static boolean isPerCaller(FileContext file, Expression key, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    Expression bare = FileContext.unwrap(key);
    if (bare instanceof NameExpr) {
      return initializer(file, bare).map(i -> isPerCaller(file, i, depth + 1)).orElse(false);
    }
    if (!(bare instanceof MethodCallExpr call)) {
      return false;
    }
    String name = call.getNameAsString();
    if (isCurrentThread(call)) {
      return true;
    }
    if ((name.equals("getId") || name.equals("threadId"))
        && call.getArguments().isEmpty()
        && call.getScope().filter(s -> isCurrentThread(FileContext.unwrap(s))).isPresent()) {
      return true;
    }
    if (name.equals("identityHashCode")
        && call.getArguments().size() == 1
        && call.getScope().filter(s -> s.toString().equals("System")).isPresent()) {
      return handedIn(file, call.getArgument(0), depth + 1);
    }
    if (name.equals("hashCode") && call.getArguments().isEmpty() && call.getScope().isPresent()) {
      Expression owner = call.getScope().get();
      return !equalByValue(file.typeOf(owner)) && handedIn(file, owner, depth + 1);
    }
    return false;
  }

  private static boolean isCurrentThread(Expression expression) {
    return expression instanceof MethodCallExpr call
        && call.getNameAsString().equals("currentThread")
        && call.getArguments().isEmpty()
        && call.getScope().filter(s -> s.toString().equals("Thread")).isPresent();
  }

  /**
   * An object the caller handed in: a parameter, a local initialised from one and never reassigned,
   * or what a no-argument getter returns on one ({@code ctx.channel()}), which is not a value
   * compared by equality.
   */
  private static boolean handedIn(FileContext file, Expression expression, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    Expression bare = FileContext.unwrap(expression);
    if (bare instanceof NameExpr name) {
      java.util.Optional<Variable> variable = file.variableOf(name);
      if (variable.isEmpty() || equalByValue(variable.get().type())) {
        return false;
      }
      if (variable.get().kind() == Variable.Kind.PARAMETER) {
        return true;
      }
      return initializer(file, bare).map(i -> handedIn(file, i, depth + 1)).orElse(false);
    }
    return bare instanceof MethodCallExpr getter
        && getter.getArguments().isEmpty()
        && getter.getScope().isPresent()
        && handedIn(file, getter.getScope().get(), depth + 1);
  }

  /** The initializer of a local that is never assigned again in its body. */
  private static java.util.Optional<Expression> initializer(FileContext file, Expression name) {
    java.util.Optional<Variable> local =
        file.variableOf(name).filter(v -> v.kind() == Variable.Kind.LOCAL);
    if (local.isEmpty()
        || !(local.get().declaration() instanceof VariableDeclarator declarator)
        || declarator.getInitializer().isEmpty()) {
      return java.util.Optional.empty();
    }
    var body = Dominance.bodyOf(declarator);
    boolean reassigned =
        body != null
            && (Bodies.findAllInSameBody(body, AssignExpr.class).stream()
                    .anyMatch(a -> assigns(file, a.getTarget(), local.get()))
                || Bodies.findAllInSameBody(body, UnaryExpr.class).stream()
                    .anyMatch(u -> assigns(file, u.getExpression(), local.get())));
    return reassigned ? java.util.Optional.empty() : declarator.getInitializer();
  }

  private static boolean assigns(FileContext file, Expression target, Variable local) {
    return file.variableOf(target).filter(local::equals).isPresent();
  }

  /** Strings, boxed numbers and the like: two callers can hand in equal ones. */
  private static boolean equalByValue(TypeRef type) {
    return type.isKnown() && CollectionVocabulary.EQUAL_BY_VALUE.contains(type.simpleName());
  }
}
