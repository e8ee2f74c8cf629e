package dev.threadlint.protocol;

import com.github.javaparser.ast.expr.MethodCallExpr;
import java.util.Optional;

/** Summaries of helper methods declared in other files, looked up by the call that invokes one. */
interface ExternalHelpers {
  ExternalHelpers NONE = call -> Optional.empty();

  Optional<HelperSummary> of(MethodCallExpr call);
}
