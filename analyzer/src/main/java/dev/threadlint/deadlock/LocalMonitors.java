package dev.threadlint.deadlock;

import com.github.javaparser.ast.stmt.SynchronizedStmt;
import dev.threadlint.facts.Fact;
import dev.threadlint.facts.FactExtractor;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.model.LockId;
import dev.threadlint.model.LockNames;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The declared types of locals and parameters a file synchronizes on ({@code synchronized
 * (sensor)}). The model names such a monitor by its variable, which means nothing outside the
 * method; lock order needs to know it is the monitor of <em>some</em> {@code Sensor}, so that a
 * call on a {@code Sensor} inside re-enters it rather than waits for it.
 */
public final class LocalMonitors implements FactExtractor {
  /**
   * The project-looking types of one file's local monitors.
   *
   * @param path the file's relative path
   * @param types for each local monitor (as the model names it), the qualified names its declared
   *     type may stand for
   */
  public record Types(String path, Map<LockId, List<String>> types) implements Fact, Serializable {
    public Types {
      Objects.requireNonNull(path, "path");
      types = Map.copyOf(types);
    }
  }

  @Override
  public String name() {
    return "local-monitors";
  }

  @Override
  public void extract(FileContext file, Consumer<Fact> out) {
    Map<LockId, List<String>> types = new LinkedHashMap<>();
    for (SynchronizedStmt sync : file.all(SynchronizedStmt.class)) {
      LockNames.monitor(file, sync.getExpression())
          .filter(lock -> lock.kind() == LockId.Kind.LOCAL)
          .ifPresent(
              lock -> {
                TypeRef type = file.typeOf(sync.getExpression());
                List<String> candidates =
                    type.candidates().stream()
                        .filter(c -> !c.startsWith("java.") && !c.startsWith("javax."))
                        .toList();
                if (type.isKnown() && !candidates.isEmpty()) {
                  types.putIfAbsent(lock, List.copyOf(candidates));
                }
              });
    }
    if (!types.isEmpty()) {
      out.accept(new Types(file.file().relativePath(), types));
    }
  }
}
