package dev.threadlint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadlint.filters.GitRepo;
import dev.threadlint.findings.Finding;
import dev.threadlint.report.ReportTarget;
import dev.threadlint.report.Reporters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's filters and reports, with {@code newSince} on a real git repository. */
class CheckTest {
  @TempDir Path dir;

  private static final String STARTER =
      """
      package demo;

      class Starter {
        void go() {
          Thread t = new Thread(() -> {});
          t.run();
        }
      }
      """;

  private static final String LEDGER =
      """
      package demo;

      public class Ledger {
        private Account last;

        public synchronized void record(Account account, long amount) {
          last = account;
        }

        public synchronized long audit() {
          return last.balance();
        }
      }
      """;

  private static final String ACCOUNT =
      """
      package demo;

      public class Account {
        private final Ledger ledger;
        private long balance;

        public Account(Ledger ledger) {
          this.ledger = ledger;
        }

        public synchronized void post(long amount) {
          balance += amount;%s
        }

        public synchronized long balance() {
          return balance;
        }
      }
      """;

  private CheckRequest request(GitRepo repo, String ref) {
    Path src = repo.root().resolve("src");
    return CheckRequest.of(AnalysisRequest.of(repo.root(), List.of(src)).withThreads(1))
        .withNewSince(ref);
  }

  private static List<String> ids(List<Finding> findings) {
    return findings.stream()
        .map(f -> f.ruleId() + "@" + f.location().path() + ":" + f.location().startLine())
        .toList();
  }

  @Test
  void onlyFindingsOnChangedLinesCountTheOthersAreListedAsExisting() throws IOException {
    GitRepo repo = GitRepo.init(dir.resolve("repo"));
    repo.write("src/demo/Starter.java", STARTER);
    repo.commitAll("old finding");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("src/demo/Other.java", STARTER.replace("Starter", "Other"));
    repo.commitAll("new finding in a new file");

    CheckResult result = Check.run(request(repo, "main"));

    assertThat(ids(result.findings())).containsExactly("thread-run-direct@src/demo/Other.java:6");
    assertThat(ids(result.existing())).containsExactly("thread-run-direct@src/demo/Starter.java:6");
    assertThat(result.notes().get(0))
        .startsWith("new since main (merge base ")
        .contains("1 new findings count, 1 existing findings on unchanged lines do not");
  }

  @Test
  void aCycleWhoseOtherSideChangedIsNew() throws IOException {
    GitRepo repo = GitRepo.init(dir.resolve("repo"));
    repo.write("src/demo/Ledger.java", LEDGER);
    repo.write("src/demo/Account.java", ACCOUNT.formatted(""));
    repo.commitAll("no cycle yet");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("src/demo/Account.java", ACCOUNT.formatted("\n    ledger.record(this, amount);"));

    CheckResult result = Check.run(request(repo, "main"));

    // reported in Ledger, whose lines did not change; the call that closed the cycle did
    assertThat(ids(result.findings()))
        .containsExactly("lock-order-inversion@src/demo/Ledger.java:11");
    assertThat(result.existing()).isEmpty();
  }

  @Test
  void nothingChangedMeansNothingCountsButEverythingIsListed() throws IOException {
    GitRepo repo = GitRepo.init(dir.resolve("repo"));
    repo.write("src/demo/Starter.java", STARTER);
    repo.commitAll("old finding");

    CheckResult result = Check.run(request(repo, "main"));

    assertThat(result.findings()).isEmpty();
    assertThat(result.existing()).hasSize(1);
    assertThat(result.fails(java.util.Optional.of(dev.threadlint.findings.Severity.INFO)))
        .isFalse();
  }

  @Test
  void unknownRefFailsBeforeAnythingIsWritten() throws IOException {
    GitRepo repo = GitRepo.init(dir.resolve("repo"));
    repo.write("src/demo/Starter.java", STARTER);
    repo.commitAll("base");
    Path report = dir.resolve("out/threadlint.sarif");
    CheckRequest request =
        request(repo, "origin/nope")
            .withReports(List.of(ReportTarget.file(Reporters.require("sarif", "-f"), report)));

    assertThatThrownBy(() -> Check.run(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown git ref 'origin/nope'");
    assertThat(report).doesNotExist();
  }

  @Test
  void reportsShowOnlyTheFindingsThatCount() throws IOException {
    GitRepo repo = GitRepo.init(dir.resolve("repo"));
    repo.write("src/demo/Starter.java", STARTER);
    repo.commitAll("old finding");
    Path report = dir.resolve("out/threadlint.txt");
    Check.run(
        request(repo, "main")
            .withReports(List.of(ReportTarget.file(Reporters.require("text", "-f"), report))));
    assertThat(Files.readString(report)).doesNotContain("thread-run-direct").contains("findings=0");
  }
}
