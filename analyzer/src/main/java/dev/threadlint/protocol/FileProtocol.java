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
    return file.memo(FileProtocol.class, () -> compute(file));
  }

  /** Helpers of helpers (acquireSlot() calling tryReserve()) need a few rounds; three suffice. */
  private static final int HELPER_ROUNDS = 3;

  private static List<BodyProtocol> compute(FileContext file) {
    List<Node> owners =
        file.unit()
            .findAll(
                Node.class,
                n ->
                    n instanceof CallableDeclaration<?>
                        || n instanceof LambdaExpr
                        || n instanceof InitializerDeclaration);
    List<BodyProtocol> bodies = analyzeAll(file, owners, HelperSummaries.NONE);
    int known = 0;
    for (int round = 0; round < HELPER_ROUNDS; round++) {
      HelperSummaries helpers = HelperSummaries.of(file, bodies);
      if (helpers.size() == known) {
        break;
      }
      known = helpers.size();
      bodies = analyzeAll(file, owners, helpers);
    }
    return bodies;
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
