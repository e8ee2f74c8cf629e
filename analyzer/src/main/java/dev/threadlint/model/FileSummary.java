package dev.threadlint.model;

import dev.threadlint.facts.Fact;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The concurrency summaries of one file: the fact the model's extractor emits per file, cached with
 * the file's other facts.
 *
 * @param path the file's relative path
 * @param types the summaries of the types it declares
 */
public record FileSummary(String path, List<TypeSummary> types) implements Fact, Serializable {
  public FileSummary {
    Objects.requireNonNull(path, "path");
    types = List.copyOf(types);
  }
}
