package dev.threadlint.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.threadlint.findings.Finding;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Accepted findings of a legacy codebase: new findings fail the build, these do not. Entries match
 * by rule, file and fingerprint (rule, path, enclosing member and the line's text), never by line
 * number, so edits elsewhere in a file keep them valid. Written sorted, one entry per finding, so
 * that its diffs read well in review.
 */
public record Baseline(List<Entry> entries) {
  static final int FORMAT = 1;
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One accepted finding.
   *
   * @param rule rule id
   * @param file path relative to the analysis base directory
   * @param fingerprint {@link dev.threadlint.findings.Fingerprint} of the finding
   * @param line where it was when accepted (for readers; not used to match)
   * @param message the message when accepted (for readers)
   */
  public record Entry(
      @JsonProperty("rule") String rule,
      @JsonProperty("file") String file,
      @JsonProperty("fingerprint") String fingerprint,
      @JsonProperty("line") int line,
      @JsonProperty("message") String message) {
    public Entry {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(fingerprint, "fingerprint");
      message = message == null ? "" : message;
    }

    static Entry of(Finding finding) {
      return new Entry(
          finding.ruleId(),
          finding.location().path(),
          finding.fingerprint(),
          finding.location().startLine(),
          finding.message());
    }

    /** How a reader finds the entry: where it was recorded and what it said. */
    public String describe() {
      return file + ":" + line + " [" + rule + "] " + message;
    }
  }

  /** The file's JSON shape. */
  record Document(
      @JsonProperty("format") int format, @JsonProperty("findings") List<Entry> findings) {}

  public Baseline {
    entries = List.copyOf(entries);
  }

  /** A baseline of the given findings (diagnostics are never baselined). */
  public static Baseline of(List<Finding> findings) {
    List<Entry> entries = new ArrayList<>();
    for (Finding finding : findings) {
      if (!dev.threadlint.rules.Diagnostics.isDiagnostic(finding.ruleId())) {
        entries.add(Entry.of(finding));
      }
    }
    entries.sort(
        Comparator.comparing(Entry::file)
            .thenComparing(Entry::rule)
            .thenComparingInt(Entry::line)
            .thenComparing(Entry::fingerprint));
    return new Baseline(entries);
  }

  /**
   * Reads a baseline file.
   *
   * @throws NoSuchFileException when it does not exist
   * @throws IOException when it is not a threadlint baseline
   */
  public static Baseline read(Path file) throws IOException {
    Document document;
    try {
      document = MAPPER.readValue(file.toFile(), Document.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException(file + " is not a threadlint baseline: " + e.getOriginalMessage(), e);
    }
    if (document.findings() == null) {
      throw new IOException(file + " is not a threadlint baseline: no 'findings' list");
    }
    return new Baseline(document.findings());
  }

  /** Writes the baseline atomically (a temporary file moved into place). */
  public void write(Path file) throws IOException {
    dev.threadlint.io.AtomicFiles.write(
        file, out -> MAPPER.writeValue(out, new Document(FORMAT, entries)));
  }
}
