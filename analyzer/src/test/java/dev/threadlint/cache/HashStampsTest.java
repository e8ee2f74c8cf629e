package dev.threadlint.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadlint.source.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashStampsTest {
  @TempDir Path dir;

  private final List<String> read = new ArrayList<>();

  /** A digest that names the content, and notes each file it had to read. */
  private final Function<byte[], String> digest =
      bytes -> {
        String text = new String(bytes, StandardCharsets.UTF_8);
        read.add(text);
        return "hash of " + text;
      };

  private SourceFile file(String text, Instant modified) throws IOException {
    Path path = dir.resolve("src/A.java");
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
    Files.setLastModifiedTime(path, FileTime.from(modified));
    return new SourceFile(path, "src/A.java");
  }

  private HashStamps stampsAfterOneRun(SourceFile source) {
    HashStamps first = HashStamps.in(dir.resolve("cache"));
    first.hash(source, digest);
    first.write();
    read.clear();
    return HashStamps.in(dir.resolve("cache"));
  }

  @Test
  void aFileWithTheSizeAndTimeItWasHashedWithIsNotReadAgain() throws IOException {
    SourceFile source = file("class A {}", Instant.now().minusSeconds(60));
    HashStamps next = stampsAfterOneRun(source);
    assertThat(next.hash(source, digest)).isEqualTo("hash of class A {}");
    assertThat(read).isEmpty();
  }

  @Test
  void aFileWhoseTimeChangedIsHashedAgainEvenWithItsSizeKept() throws IOException {
    SourceFile source = file("class A {}", Instant.now().minusSeconds(60));
    HashStamps next = stampsAfterOneRun(source);
    file("class B {}", Instant.now().minusSeconds(30));
    assertThat(next.hash(source, digest)).isEqualTo("hash of class B {}");
    assertThat(read).containsExactly("class B {}");
  }

  @Test
  void aFileWhoseSizeChangedIsHashedAgainEvenWithItsTimeKept() throws IOException {
    Instant modified = Instant.now().minusSeconds(60);
    SourceFile source = file("class A {}", modified);
    HashStamps next = stampsAfterOneRun(source);
    file("class AB {}", modified);
    assertThat(next.hash(source, digest)).isEqualTo("hash of class AB {}");
  }

  @Test
  void aFileModifiedJustBeforeItWasHashedIsNeverTakenOnItsStamp() throws IOException {
    // written again within the file system's time resolution, it could keep size and time
    Instant modified = Instant.now();
    SourceFile source = file("class A {}", modified);
    HashStamps next = stampsAfterOneRun(source);
    file("class B {}", modified);
    assertThat(next.hash(source, digest)).isEqualTo("hash of class B {}");
    assertThat(read).containsExactly("class B {}");
  }

  @Test
  void aDamagedStampFileIsNoStamps() throws IOException {
    SourceFile source = file("class A {}", Instant.now().minusSeconds(60));
    stampsAfterOneRun(source);
    Path stamps = dir.resolve("cache").resolve(HashStamps.FILE_NAME);
    byte[] bytes = Files.readAllBytes(stamps);
    Files.write(stamps, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(HashStamps.in(dir.resolve("cache")).hash(source, digest))
        .isEqualTo("hash of class A {}");
    assertThat(read).containsExactly("class A {}");
  }

  @Test
  void aRunThatChangedNoStampDoesNotWriteThem() throws IOException {
    SourceFile source = file("class A {}", Instant.now().minusSeconds(60));
    HashStamps next = stampsAfterOneRun(source);
    next.hash(source, digest);
    assertThat(next.changed()).isFalse();
  }

  @Test
  void anUnreadableFileHasNoHash() {
    SourceFile missing = new SourceFile(dir.resolve("gone/B.java"), "gone/B.java");
    assertThat(HashStamps.in(dir.resolve("cache")).hash(missing, digest)).isEmpty();
    assertThat(HashStamps.NONE.hash(missing, digest)).isEmpty();
  }
}
