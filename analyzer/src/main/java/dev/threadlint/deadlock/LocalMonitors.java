package dev.threadlint.deadlock;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
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
import java.util.Optional;
import java.util.Set;
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
      root(file, sync.getExpression(), true, types);
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
    for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
      if (LOCK_CALLS.contains(call.getNameAsString()) && call.getScope().isPresent()) {
        root(file, call.getScope().get(), false, types);
      }
    }
    if (!types.isEmpty()) {
      out.accept(new Types(file.file().relativePath(), types));
    }
  }

  /** Calls that take a lock (or a view of it) on their scope. */
  private static final Set<String> LOCK_CALLS =
      Set.of("lock", "lockInterruptibly", "acquire", "acquireUninterruptibly");

  /**
   * The key under which the declared type of the variable a {@link LockId#localField} lock is
   * reached through is kept: the same method and variable, with no field. Lock order turns {@code
   * other.lock} into the field {@code lock} of {@code other}'s declared type.
   */
  public static LockId rootKey(LockId localField) {
    return LockId.localField(localField.owner(), localField.root(), "", LockId.Type.MONITOR);
  }

  /**
   * Records the declared type of {@code other} for a lock written {@code other.lock} (or {@code
   * other.rw.readLock()}). Two variables of one name in overloads of one method with different
   * types name nothing: the key then maps to no type.
   */
  private static void root(
      FileContext file,
      Expression lockExpression,
      boolean monitor,
      Map<LockId, List<String>> into) {
    Expression bare = FileContext.unwrap(lockExpression);
    if (bare instanceof MethodCallExpr view
        && view.getArguments().isEmpty()
        && view.getScope().isPresent()
        && (view.getNameAsString().equals("readLock")
            || view.getNameAsString().equals("writeLock"))) {
      bare = FileContext.unwrap(view.getScope().get());
    }
    if (!(bare instanceof FieldAccessExpr access) || !(access.getScope() instanceof NameExpr)) {
      return;
    }
    Optional<LockId> lock =
        monitor ? LockNames.monitor(file, lockExpression) : LockNames.lockObject(file, bare);
    if (lock.isEmpty() || !lock.get().isLocalField()) {
      return;
    }
    TypeRef type = file.typeOf(access.getScope());
    List<String> candidates =
        type.isKnown()
            ? type.candidates().stream()
                .filter(c -> !c.startsWith("java.") && !c.startsWith("javax."))
                .toList()
            : List.of();
    LockId key = rootKey(lock.get());
    List<String> before = into.putIfAbsent(key, List.copyOf(candidates));
    if (before != null && !before.equals(candidates)) {
      into.put(key, List.of());
    }
  }
}
