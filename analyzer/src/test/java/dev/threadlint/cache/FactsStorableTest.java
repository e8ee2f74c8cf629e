package dev.threadlint.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadlint.facts.Fact;
import dev.threadlint.facts.FileFacts;
import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Everything the cache stores must come back as it was: every {@link Fact} implementation of the
 * analyzer, and {@link CachedFile} itself, is an immutable record (or enum) implementing {@link
 * Serializable} whose components are, recursively, primitives, strings, enums, such records, or
 * {@code List}/{@code Set}/{@code Map} of them. An AST node, a {@code Path}, an {@code Optional} or
 * a mutable class fails this test with the offending component named.
 */
class FactsStorableTest {
  private static final Set<Class<?>> LEAVES =
      Set.of(
          String.class,
          Integer.class,
          Long.class,
          Boolean.class,
          Double.class,
          Character.class,
          Short.class,
          Byte.class,
          Float.class);

  @Test
  void everyFactAndWhatTheCacheHoldsIsStorable() throws Exception {
    List<Class<?>> facts = factImplementations();
    assertThat(facts).as("Fact implementations found").isNotEmpty();
    List<String> problems = new ArrayList<>();
    Set<Type> seen = new HashSet<>();
    for (Class<?> fact : facts) {
      check(fact, fact.getName(), problems, seen);
    }
    check(CachedFile.class, "CachedFile", problems, seen);
    check(FileFacts.class, "FileFacts", problems, seen);
    assertThat(problems).isEmpty();
  }

  private static void check(Type type, String where, List<String> problems, Set<Type> seen) {
    if (!seen.add(type)) {
      return;
    }
    if (type instanceof Class<?> c) {
      if (c.isPrimitive() || LEAVES.contains(c) || c.isEnum()) {
        return;
      }
      if (c.getName().equals("java.nio.file.Path")) {
        // SourceFile stores its Path as a string through writeReplace
        if (!where.contains("SourceFile")) {
          problems.add(where + ": a Path is not serializable");
        }
        return;
      }
      if (c.isInterface() && Fact.class.isAssignableFrom(c)) {
        return; // every implementation is checked on its own
      }
      if (!c.isRecord()) {
        problems.add(where + ": " + c.getName() + " is not a record, enum, string or collection");
        return;
      }
      if (!Serializable.class.isAssignableFrom(c)) {
        problems.add(where + ": " + c.getName() + " does not implement Serializable");
      }
      for (RecordComponent component : c.getRecordComponents()) {
        check(
            component.getGenericType(),
            c.getSimpleName() + "." + component.getName(),
            problems,
            seen);
      }
    } else if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (raw != List.class && raw != Set.class && raw != Map.class) {
        problems.add(where + ": " + raw.getName() + " is not List, Set or Map");
        return;
      }
      for (Type argument : p.getActualTypeArguments()) {
        check(argument, where + "<>", problems, seen);
      }
    } else if (type instanceof WildcardType w) {
      for (Type bound : w.getUpperBounds()) {
        check(bound, where, problems, seen);
      }
    } else if (type instanceof TypeVariable<?> || type instanceof GenericArrayType) {
      problems.add(where + ": " + type + " cannot be checked");
    }
  }

  /** Every concrete class of the analyzer's own classes that implements {@link Fact}. */
  private static List<Class<?>> factImplementations()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path classes = Path.of(Fact.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> result = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('/', '.').replace('\\', '.');
        name = name.substring(0, name.length() - ".class".length());
        if (name.endsWith("module-info") || name.endsWith("package-info")) {
          continue;
        }
        Class<?> c = Class.forName(name, false, FactsStorableTest.class.getClassLoader());
        if (Fact.class.isAssignableFrom(c) && !c.isInterface()) {
          result.add(c);
        }
      }
    }
    return result;
  }
}
