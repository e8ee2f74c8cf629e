package dev.threadlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadlint.BatchSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchJvmTest {
  @TempDir Path dir;

  @Test
  void theUsersOwnChoiceOfCollectorCompilerOrAgentIsKept() {
    assertThat(BatchJvm.chosenByUser(List.of("-XX:+UseG1GC"))).isTrue();
    assertThat(BatchJvm.chosenByUser(List.of("-Xmx2g", "-XX:-UseParallelGC"))).isTrue();
    assertThat(BatchJvm.chosenByUser(List.of("-XX:TieredStopAtLevel=4"))).isTrue();
    assertThat(BatchJvm.chosenByUser(List.of("-Xmn1g"))).isTrue();
    assertThat(BatchJvm.chosenByUser(List.of("-agentlib:jdwp=transport=dt_socket"))).isTrue();
    assertThat(BatchJvm.chosenByUser(List.of("-javaagent:profiler.jar"))).isTrue();
  }

  @Test
  void optionsThatSayNothingAboutCompilingOrCollectingAreNoChoice() {
    assertThat(BatchJvm.chosenByUser(List.of())).isFalse();
    assertThat(
            BatchJvm.chosenByUser(
                List.of("-Xmx2g", "-XX:+UseCompressedOops", "-Dthreadlint.modelStats=true")))
        .isFalse();
  }

  @Test
  void theChildsExitCodeIsRelayedUnlessItWasKilled() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stream = new java.io.PrintStream(err, true, StandardCharsets.UTF_8);
    for (int code = Main.OK; code <= Main.INTERNAL; code++) {
      assertThat(BatchJvm.relayed(code, stream)).isEqualTo(code);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(BatchJvm.relayed(137, stream)).isEqualTo(Main.INTERNAL);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("internal failure: the analysis JVM ended with code 137");
  }

  /** A finding, so that the exit code (1) shows that the child's code is relayed. */
  private Path source() throws IOException {
    return BadThreadSource.writeBelow(dir);
  }

  private record Ran(int code, String out, String err) {}

  private Ran java(String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(options));
    command.add("-Dthreadlint.modelStats=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add(source().toString());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Ran(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theCommandLineRunsInABatchJvmAndRelaysItsOutputAndExitCode() throws Exception {
    Ran ran = java();
    assertThat(ran.code()).isEqualTo(1);
    assertThat(ran.out()).contains("[thread-run-direct]").contains("findings=1");
    assertThat(ran.err())
        .contains("threadlint batch JVM: " + String.join(" ", BatchSettings.SETTINGS));
  }

  @Test
  void aCollectorTheUserChoseRunsTheAnalysisInThatJvm() throws Exception {
    Ran ran = java("-XX:+UseSerialGC");
    assertThat(ran.code()).isEqualTo(1);
    assertThat(ran.out()).contains("[thread-run-direct]").contains("findings=1");
    assertThat(ran.err()).doesNotContain("threadlint batch JVM");
  }

  @Test
  void theBatchJvmCanBeTurnedOff() throws Exception {
    Ran ran = java("-Dthreadlint.batchJvm=false");
    assertThat(ran.code()).isEqualTo(1);
    assertThat(ran.out()).contains("findings=1");
    assertThat(ran.err()).doesNotContain("threadlint batch JVM");
  }
}
