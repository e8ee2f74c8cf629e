package dev.threadlint.protocol;

import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.facts.FileContext;
import java.util.ArrayList;
import java.util.List;

/** Every resource operation of a file, nested bodies included, in source order. */
public final class ResourceOpsInFile {
  private ResourceOpsInFile() {}

  public static List<ResourceOp> of(FileContext file) {
    return file.memo(
        ResourceOpsInFile.class,
        () -> {
          List<ResourceOp> ops = new ArrayList<>();
          for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
            ResourceOps.of(file, call, ops.size()).ifPresent(ops::add);
          }
          return List.copyOf(ops);
        });
  }
}
