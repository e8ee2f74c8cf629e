package dev.threadlint.rules.race;

import dev.threadlint.facts.ProjectModel;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Severity;
import dev.threadlint.overrides.OverrideFacts.Method;
import dev.threadlint.overrides.OverrideFacts.TypeMethods;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An override of a {@code synchronized} method that is not synchronized itself. The overridden
 * method must be visible (declared in the analysed sources, in any file); an override whose
 * supertypes are unknown is left alone.
 */
public final class UnsynchronizedOverride implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "unsynchronized-override",
              Family.RACE,
              Severity.WARNING,
              "an override of a synchronized method that is not synchronized",
              "synchronized is not inherited. When a superclass makes a method synchronized, its"
                  + " other synchronized methods and its callers rely on that method holding the"
                  + " object's monitor; an override without it runs concurrently with them and"
                  + " races on whatever state it touches. An override that only calls super, throws,"
                  + " or returns a constant is left alone.")
          .equivalent(Tool.ERROR_PRONE, "UnsynchronizedOverridesSynchronized")
          .equivalent(Tool.SONARJAVA, "S3551")
          .equivalent(Tool.ECLIPSE, "sync-override")
          .fix(
              "Declare the override synchronized too (or wrap its whole body in synchronized"
                  + " (this)), so it keeps the locking contract of the method it replaces.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkProject(ProjectModel project, FindingSink sink) {
    Map<String, TypeMethods> byName = new HashMap<>();
    project
        .facts(TypeMethods.class)
        .filter(t -> !t.type().isEmpty())
        .forEach(t -> byName.putIfAbsent(t.type(), t));
    project
        .facts(TypeMethods.class)
        .forEach(
            type -> {
              for (Method method : type.methods()) {
                if (method.isSynchronized() || !method.touchesState()) {
                  continue;
                }
                overridden(project, byName, type, method)
                    .filter(Overridden::isSynchronizedMethod)
                    .ifPresent(
                        over ->
                            sink.report(
                                Finding.of(
                                        METADATA.id(),
                                        METADATA.severity(),
                                        method.site(),
                                        method.member(),
                                        String.format(
                                            "'%s' overrides %s, which is synchronized, but is not"
                                                + " synchronized itself: it runs without the"
                                                + " monitor the other synchronized methods hold;"
                                                + " declare it synchronized",
                                            method.name(), over.method().member()))
                                    .withRelated(
                                        List.of(
                                            over.method()
                                                .site()
                                                .withMessage("the synchronized method")))));
              }
            });
  }

  private record Overridden(Method method) {
    boolean isSynchronizedMethod() {
      return method.isSynchronized();
    }
  }

  /**
   * The nearest method {@code method} overrides, searching the supertypes breadth first. Empty when
   * none is found among known types.
   */
  private static Optional<Overridden> overridden(
      ProjectModel project, Map<String, TypeMethods> byName, TypeMethods type, Method method) {
    ArrayDeque<TypeRef> work = new ArrayDeque<>(type.supertypes());
    Set<String> seen = new HashSet<>();
    while (!work.isEmpty()) {
      Optional<String> name = project.types().resolve(work.poll());
      if (name.isEmpty() || !seen.add(name.get())) {
        continue;
      }
      TypeMethods supertype = byName.get(name.get());
      if (supertype == null) {
        continue; // a JDK type: its methods are not modelled here
      }
      for (Method candidate : supertype.methods()) {
        if (sameSignature(candidate, method, supertype.typeParameters())) {
          return Optional.of(new Overridden(candidate));
        }
      }
      work.addAll(supertype.supertypes());
    }
    return Optional.empty();
  }

  private static boolean sameSignature(Method over, Method method, List<String> typeVariables) {
    if (!over.name().equals(method.name())
        || over.parameters().size() != method.parameters().size()) {
      return false;
    }
    for (int i = 0; i < over.parameters().size(); i++) {
      String declared = over.parameters().get(i);
      if (!declared.equals(method.parameters().get(i)) && !typeVariables.contains(declared)) {
        return false;
      }
    }
    return true;
  }
}
