package dev.threadlint.facts;

import java.util.List;
import java.util.stream.Stream;

/**
 * The whole project after every file's facts are in: the type index and the facts of each file.
 * Immutable; project-wide rules read it concurrently.
 */
public final class ProjectModel {
  private final List<FileFacts> files;
  private final TypeIndex types;

  public ProjectModel(List<FileFacts> files) {
    this.files = List.copyOf(files);
    this.types = new TypeIndex(files.stream().flatMap(f -> f.types().stream()).toList());
  }

  public List<FileFacts> files() {
    return files;
  }

  public TypeIndex types() {
    return types;
  }

  /** Every fact of the given kind, in file order. */
  public <T extends Fact> Stream<T> facts(Class<T> kind) {
    return files.stream().flatMap(f -> f.facts().stream()).filter(kind::isInstance).map(kind::cast);
  }
}
