package dev.threadlint.protocol;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import dev.threadlint.facts.Fact;
import dev.threadlint.facts.FactExtractor;
import dev.threadlint.facts.FileContext;
import dev.threadlint.model.LockId;
import java.util.Optional;
import java.util.function.Consumer;

/** Emits the {@link HelperFact}s of a file: its summarised methods that other files can call. */
public final class HelperFacts implements FactExtractor {
  @Override
  public String name() {
    return "permit-helpers";
  }

  @Override
  public void extract(FileContext file, Consumer<Fact> out) {
    for (HelperSummary summary : FileProtocol.helpers(file).all()) {
      if (!(summary.declaration() instanceof MethodDeclaration method)
          || method.isPrivate()
          || summary.resource().view().contains("()")
          || summary.resource().isDeclared()) {
        continue;
      }
      Optional<String> owner =
          method
              .findAncestor(TypeDeclaration.class)
              .flatMap(t -> ((TypeDeclaration<?>) t).getFullyQualifiedName());
      if (owner.isEmpty()) {
        continue;
      }
      Resource resource = summary.resource();
      LockId.Type type =
          resource.type() == Resource.Type.SEMAPHORE ? LockId.Type.SEMAPHORE : LockId.Type.LOCK;
      LockId lock =
          LockId.field(
                  owner.get(), resource.variable().name(), resource.variable().isStatic(), type)
              .withView(
                  switch (resource.view()) {
                    case "read" -> LockId.View.READ;
                    case "write" -> LockId.View.WRITE;
                    default -> LockId.View.NONE;
                  });
      out.accept(
          new HelperFact(
              owner.get(),
              method.getNameAsString(),
              method.getParameters().size(),
              lock,
              resource.type(),
              summary.effect(),
              summary.permits()));
    }
  }
}
