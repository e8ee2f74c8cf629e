package dev.threadlint.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceScannerTest {
  @TempDir Path dir;

  private void touch(String relative) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "class X {}");
  }

  private List<String> scan(List<String> includes, List<String> excludes, Path... roots)
      throws IOException {
    return new SourceScanner(dir, includes, excludes)
        .scan(List.of(roots)).stream().map(SourceFile::relativePath).toList();
  }

  @Test
  void listsJavaFilesSortedByRelativePath() throws IOException {
    touch("src/b/B.java");
    touch("src/a/A.java");
    touch("src/a/notes.txt");
    assertThat(scan(List.of(), List.of(), dir.resolve("src")))
        .containsExactly("src/a/A.java", "src/b/B.java");
  }

  @Test
  void duplicateAndNestedRootsListEachFileOnce() throws IOException {
    touch("src/a/A.java");
    assertThat(
            scan(
                List.of(),
                List.of(),
                dir.resolve("src"),
                dir.resolve("src/a"),
                dir.resolve("src/a/A.java")))
        .containsExactly("src/a/A.java");
  }

  @Test
  void symlinkLoopsAreSurvived() throws IOException {
    touch("src/a/A.java");
    Files.createSymbolicLink(dir.resolve("src/a/loop"), dir.resolve("src"));
    assertThat(scan(List.of(), List.of(), dir.resolve("src"))).containsExactly("src/a/A.java");
  }

  @Test
  void includeAndExcludeGlobsMatchRelativePaths() throws IOException {
    touch("src/main/A.java");
    touch("src/generated/G.java");
    touch("src/main/ATest.java");
    assertThat(
            scan(
                List.of("src/**"),
                List.of("src/generated/**", "**/*Test.java"),
                dir.resolve("src")))
        .containsExactly("src/main/A.java");
  }

  @Test
  void missingRootIsReported() {
    assertThatThrownBy(() -> scan(List.of(), List.of(), dir.resolve("nope")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
