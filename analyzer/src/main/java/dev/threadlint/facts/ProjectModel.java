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
  private final int threads;

  /** A project whose project-wide phase may use two threads (tests, embedding). */
  public ProjectModel(List<FileFacts> files) {
    this(files, 2);
  }

  /**
   * @param threads the threads the run may use: with one, the project-wide phase runs every step on
   *     the calling thread too
   */
  public ProjectModel(List<FileFacts> files, int threads) {
    this.files = List.copyOf(files);
    this.types = new TypeIndex(files.stream().flatMap(f -> f.types().stream()).toList());
    this.threads = threads;
  }

  /** The threads the run may use, at least 1. */
  public int threads() {
    return threads;
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
