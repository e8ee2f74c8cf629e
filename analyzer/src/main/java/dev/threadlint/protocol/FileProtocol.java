package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.expr.LambdaExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.flow.GraphTooLargeException;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol of every body of a file, computed once per file and shared by the semaphore and lock
 * rules through {@link FileContext#memo}.
 */
public final class FileProtocol {
  private FileProtocol() {}

  /** Bodies with resource operations, in source order. */
  public static List<BodyProtocol> of(FileContext file) {
    return computed(file).bodies();
  }

  /** The summaries of the file's own helper methods. */
  static HelperSummaries helpers(FileContext file) {
    return computed(file).helpers();
  }

  /**
   * The bodies again, with calls of helpers declared in other files treated as what they do; not
   * memoised (the project phase asks once per file).
   */
  static List<BodyProtocol> withExternal(FileContext file, ExternalHelpers external) {
    return compute(file, external).bodies();
  }

  private record Computed(List<BodyProtocol> bodies, HelperSummaries helpers) {}

  private static Computed computed(FileContext file) {
    return file.memo(FileProtocol.class, () -> compute(file, ExternalHelpers.NONE));
  }

  /** Helpers of helpers (acquireSlot() calling tryReserve()) need a few rounds; three suffice. */
  private static final int HELPER_ROUNDS = 3;

  private static Computed compute(FileContext file, ExternalHelpers external) {
    List<Node> owners =
        file.allOfKinds(
            List.of(CallableDeclaration.class, LambdaExpr.class, InitializerDeclaration.class));
    HelperSummaries helpers = HelperSummaries.NONE.withExternal(external);
    List<BodyProtocol> bodies = analyzeAll(file, owners, helpers);
    int known = 0;
    for (int round = 0; round < HELPER_ROUNDS; round++) {
      HelperSummaries next = HelperSummaries.of(file, bodies).withExternal(external);
      if (next.size() == known) {
        break;
      }
      known = next.size();
      helpers = next;
      bodies = analyzeAll(file, owners, helpers);
    }
    return new Computed(bodies, helpers);
  }

  private static List<BodyProtocol> analyzeAll(
      FileContext file, List<Node> owners, HelperSummaries helpers) {
    List<BodyProtocol> bodies = new ArrayList<>();
    for (Node owner : owners) {
      try {
        BodyProtocol.analyze(file, owner, helpers).ifPresent(bodies::add);
      } catch (GraphTooLargeException e) {
        // too large to judge precisely: report nothing for this body
      }
    }
    return bodies;
  }
}
