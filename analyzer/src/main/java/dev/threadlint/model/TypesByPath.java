package dev.threadlint.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The project types of a model grouped by the file that declares them, each group in the order of
 * {@code model.graph().types().values()}: a rule that asks for the types of one file per access
 * reads its group instead of every type of the project (which made one rule quadratic on large
 * projects). Built once per model, shared by the rules that run side by side.
 */
public final class TypesByPath {
  private static final Map<ConcurrencyModel, Map<String, List<TypeSummary>>> BUILT =
      Collections.synchronizedMap(new WeakHashMap<>());

  private TypesByPath() {}

  /** The types declared in the file at {@code path}, in the model's iteration order. */
  public static List<TypeSummary> in(ConcurrencyModel model, String path) {
    Map<String, List<TypeSummary>> byPath;
    synchronized (BUILT) {
      byPath = BUILT.computeIfAbsent(model, TypesByPath::group);
    }
    return byPath.getOrDefault(path, List.of());
  }

  private static Map<String, List<TypeSummary>> group(ConcurrencyModel model) {
    Map<String, List<TypeSummary>> byPath = new HashMap<>();
    for (TypeSummary type : model.graph().types().values()) {
      byPath.computeIfAbsent(type.site().path(), p -> new ArrayList<>()).add(type);
    }
    byPath.replaceAll((path, types) -> List.copyOf(types));
    return Map.copyOf(byPath);
  }
}
