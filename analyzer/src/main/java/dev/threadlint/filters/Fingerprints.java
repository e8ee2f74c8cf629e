package dev.threadlint.filters;

import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Fingerprint;
import dev.threadlint.source.SourceFile;
import dev.threadlint.source.SourceText;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attaches {@link Fingerprint}s, reading each file that has findings once more for the text of the
 * flagged lines (ASTs and texts are not kept in memory for the whole run).
 */
public final class Fingerprints {
  private Fingerprints() {}

  public static List<Finding> attach(List<Finding> findings, Path baseDir, Charset encoding) {
    Map<String, List<Finding>> byPath = new LinkedHashMap<>();
    findings.forEach(
        f -> byPath.computeIfAbsent(f.location().path(), p -> new ArrayList<>()).add(f));
    List<Finding> result = new ArrayList<>(findings.size());
    Map<String, String[]> lines = new HashMap<>();
    for (Map.Entry<String, List<Finding>> entry : byPath.entrySet()) {
      String[] text = lines.computeIfAbsent(entry.getKey(), p -> read(baseDir, p, encoding));
      for (Finding finding : entry.getValue()) {
        int line = finding.location().startLine();
        String lineText = line - 1 < text.length ? text[line - 1] : "";
        result.add(finding.withFingerprint(Fingerprint.of(finding, lineText)));
      }
    }
    return result;
  }

  private static String[] read(Path baseDir, String relativePath, Charset encoding) {
    try {
      Path path = baseDir.resolve(relativePath);
      return lines(SourceText.read(new SourceFile(path, relativePath), encoding).text());
    } catch (IOException | RuntimeException e) {
      return new String[0];
    }
  }

  /** The lines of a text, split at CR LF, CR or LF (a loop: a regex split was a hot spot). */
  static String[] lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        lines.add(text.substring(start, i));
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    lines.add(text.substring(start));
    return lines.toArray(new String[0]);
  }
}
