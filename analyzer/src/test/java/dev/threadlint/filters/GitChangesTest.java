package dev.threadlint.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changed lines read from a real repository with the git binary. */
class GitChangesTest {
  @TempDir Path dir;

  private static String lines(int count, String prefix) {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      text.append(prefix).append(i).append('\n');
    }
    return text.toString();
  }

  @Test
  void linesChangedOnTheBranchAndInTheWorkingTreeSinceTheMergeBase() throws Exception {
    GitRepo repo = GitRepo.init(dir.resolve("repo"));
    repo.write("src/A.java", lines(10, "a"));
    repo.write("src/B.java", lines(5, "b"));
    repo.commitAll("base");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("src/A.java", lines(10, "a").replace("a3\n", "changed\n"));
    repo.commitAll("feature edit");
    repo.git("checkout", "-q", "main");
    repo.write("src/B.java", lines(5, "b").replace("b1\n", "main moved on\n"));
    repo.commitAll("main edit");
    repo.git("checkout", "-q", "feature");
    repo.write("src/A.java", lines(10, "a").replace("a3\n", "changed\n").replace("a8\n", "x\n"));
    repo.write("src/New.java", "class New {}\n");

    ChangedLines changes = new GitChanges().since(repo.root().resolve("src"), "main");

    Path a = repo.root().toRealPath().resolve("src/A.java");
    Path b = repo.root().toRealPath().resolve("src/B.java");
    Path fresh = repo.root().toRealPath().resolve("src/New.java");
    assertThat(changes.ref()).isEqualTo("main");
    assertThat(changes.mergeBase()).hasSize(40);
    assertThat(changes.touches(a, 3, 3)).isTrue();
    assertThat(changes.touches(a, 8, 8)).as("uncommitted edit").isTrue();
    assertThat(changes.touches(a, 4, 7)).isFalse();
    assertThat(changes.touches(a, 1, 10)).isTrue();
    assertThat(changes.touches(b, 1, 5)).as("main's own change is not ours").isFalse();
    assertThat(changes.touches(fresh, 1, 1)).as("untracked file is wholly new").isTrue();
  }

  @Test
  void aDeletionMarksTheLinesAroundTheGap() {
    Map<Path, BitSet> changed =
        GitChanges.parseDiff(
            dir,
            """
            diff --git a/X.java b/X.java
            --- a/X.java
            +++ b/X.java
            @@ -5 +4,0 @@ class X {
            -    lock.unlock();
            @@ -9,2 +8,3 @@
            +one
            +two
            +three
            """);
    BitSet x = changed.get(dir.resolve("X.java"));
    assertThat(x.stream().boxed()).containsExactly(4, 5, 8, 9, 10);
  }

  @Test
  void unknownRefIsAClearError() throws IOException {
    GitRepo repo = GitRepo.init(dir.resolve("repo"));
    repo.write("A.java", "class A {}\n");
    repo.commitAll("base");
    assertThatThrownBy(() -> new GitChanges().since(repo.root(), "no-such-branch"))
        .isInstanceOf(GitChanges.GitException.class)
        .hasMessageContaining("unknown git ref 'no-such-branch'");
  }

  @Test
  void aDirectoryOutsideAnyRepositoryIsAClearError() throws IOException {
    Path plain = Files.createDirectories(dir.resolve("plain"));
    // GIT_CEILING_DIRECTORIES is not ours to set; a temp dir is outside any repository anyway
    assertThatThrownBy(() -> new GitChanges().since(plain, "main"))
        .isInstanceOf(GitChanges.GitException.class)
        .hasMessageContaining("not inside a git repository");
  }

  @Test
  void aMissingGitBinaryIsAClearError() {
    assertThatThrownBy(() -> new GitChanges("/no/such/git").since(dir, "main"))
        .isInstanceOf(GitChanges.GitException.class)
        .hasMessageContaining("cannot run '/no/such/git'");
  }

  @Test
  void anOptionLookingRefIsRefused() {
    assertThatThrownBy(() -> new GitChanges().since(dir, "--output=/tmp/x"))
        .isInstanceOf(GitChanges.GitException.class)
        .hasMessageContaining("is not a git ref");
  }
}
