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

  private static List<BodyProtocol> compute(FileContext file) {
    List<BodyProtocol> bodies = new ArrayList<>();
    for (Node owner :
        file.unit()
            .findAll(
                Node.class,
                n ->
                    n instanceof CallableDeclaration<?>
                        || n instanceof LambdaExpr
                        || n instanceof InitializerDeclaration)) {
      try {
        BodyProtocol.analyze(file, owner).ifPresent(bodies::add);
      } catch (GraphTooLargeException e) {
        // too large to judge precisely: report nothing for this body
      }
    }
    return bodies;
  }
}
