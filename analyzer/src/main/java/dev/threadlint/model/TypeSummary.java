package dev.threadlint.model;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A project type: its intent, its fields and the summaries of its bodies (including lambdas and
 * anonymous tasks written in it, which touch its fields through the enclosing {@code this}).
 *
 * @param name the qualified name
 * @param supertypes for each extended or implemented type, the qualified names it may stand for
 * @param intent what its annotations say about sharing
 * @param synchronizes it takes a monitor or a lock somewhere (RacerD: then it is meant for threads)
 * @param fields its fields
 * @param methods the summaries of its bodies
 * @param site the declaration
 */
public record TypeSummary(
    String name,
    List<List<String>> supertypes,
    Intent intent,
    boolean synchronizes,
    List<FieldInfo> fields,
    List<MethodSummary> methods,
    Site site)
    implements Serializable {

  /** What a class's annotations say about sharing it. */
  public enum Intent {
    NONE,
    THREAD_SAFE,
    NOT_THREAD_SAFE,
    IMMUTABLE,
    CONFINED
  }

  public TypeSummary {
    Objects.requireNonNull(name, "name");
    supertypes = supertypes.stream().map(List::copyOf).toList();
    Objects.requireNonNull(intent, "intent");
    fields = List.copyOf(fields);
    methods = List.copyOf(methods);
    Objects.requireNonNull(site, "site");
  }

  /** The field with this name, if this type declares it. */
  public java.util.Optional<FieldInfo> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }
}
