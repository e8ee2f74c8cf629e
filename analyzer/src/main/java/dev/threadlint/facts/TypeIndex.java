package dev.threadlint.facts;

import dev.threadlint.models.JdkTypes;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every type declared in the analysed sources, plus the JDK types of {@link JdkTypes}, with their
 * supertypes: answers "is this a semaphore?" for {@code class Pool extends Semaphore}. Immutable
 * once built.
 */
public final class TypeIndex {
  private final Map<String, TypeDecl> declared;

  public TypeIndex(Collection<TypeDecl> declarations) {
    this.declared =
        declarations.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    TypeDecl::qualifiedName, Function.identity(), (first, second) -> first));
  }

  /** The project declaration of a qualified name, if the project declares it. */
  public Optional<TypeDecl> declaration(String qualifiedName) {
    return Optional.ofNullable(declared.get(qualifiedName));
  }

  /** The qualified name a reference stands for: its first candidate the index knows. */
  public Optional<String> resolve(TypeRef ref) {
    for (String candidate : ref.candidates()) {
      if (declared.containsKey(candidate) || JdkTypes.SUPERTYPES.containsKey(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** True when {@code ref} resolves to {@code supertype} or a known subtype of it. */
  public boolean isSubtype(TypeRef ref, String supertype) {
    return resolve(ref).map(name -> isSubtype(name, supertype)).orElse(false);
  }

  /** True when the known type {@code name} is {@code supertype} or a subtype of it. */
  public boolean isSubtype(String name, String supertype) {
    Set<String> seen = new HashSet<>();
    ArrayDeque<String> work = new ArrayDeque<>(List.of(name));
    while (!work.isEmpty()) {
      String next = work.poll();
      if (next.equals(supertype)) {
        return true;
      }
      if (!seen.add(next)) {
        continue;
      }
      TypeDecl decl = declared.get(next);
      if (decl != null) {
        for (TypeRef parent : decl.supertypes()) {
          resolve(parent).ifPresent(work::add);
        }
      } else {
        work.addAll(JdkTypes.SUPERTYPES.getOrDefault(next, List.of()));
      }
    }
    return false;
  }

  /** True when every condition holds. */
  public boolean holds(List<TypeCondition> conditions) {
    return conditions.stream().allMatch(c -> isSubtype(c.type(), c.supertype()));
  }

  /** The number of project types. */
  public int size() {
    return declared.size();
  }
}
