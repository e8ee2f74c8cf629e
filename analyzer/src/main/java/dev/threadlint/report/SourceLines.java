package dev.threadlint.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Lines of analysed files for excerpts, each file read once; a missing file has no lines. */
final class SourceLines {
  private final Path baseDir;
  private final Map<String, List<String>> cache = new HashMap<>();

  SourceLines(Path baseDir) {
    this.baseDir = baseDir;
  }

  List<String> of(String relativePath) {
    return cache.computeIfAbsent(relativePath, this::read);
  }

  private List<String> read(String relativePath) {
    try {
      byte[] bytes = Files.readAllBytes(baseDir.resolve(relativePath));
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return text.lines().toList();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
