package dev.threadlint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadlint.findings.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzerTest {
  @TempDir Path dir;

  private AnalysisResult analyze(int threads) {
    return Analyzer.run(AnalysisRequest.of(dir, List.of(dir)).withThreads(threads));
  }

  private void write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /**
   * The model's sets of locks iterate in an order that changes from one JVM to the next; a message
   * that names one of two held locks names the same one in every run (the first by name). With
   * eight classes, a choice by the set's order would name the first in all of them once in 256
   * runs.
   */
  @Test
  void aMessageThatNamesOneOfTwoHeldLocksNamesTheSameInEveryRun() throws IOException {
    for (int i = 0; i < 8; i++) {
      write(
          "Registry" + i + ".java",
          """
          import java.util.concurrent.locks.ReadWriteLock;
          import java.util.concurrent.locks.ReentrantReadWriteLock;
          class RegistryN {
            private final ReadWriteLock alphaN = new ReentrantReadWriteLock();
            private final ReadWriteLock betaN = new ReentrantReadWriteLock();
            private int hits;
            void touch() {
              alphaN.readLock().lock();
              betaN.readLock().lock();
              try {
                hits++;
              } finally {
                betaN.readLock().unlock();
                alphaN.readLock().unlock();
              }
            }
          }
          """
              .replace("N", Integer.toString(i)));
    }
    List<Finding> found =
        analyze(2).findings().stream()
            .filter(f -> f.ruleId().equals("write-under-read-lock"))
            .toList();
    assertThat(found).hasSize(8);
    for (Finding finding : found) {
      String registry = finding.location().path().replaceAll("\\D", "");
      assertThat(finding.message()).contains("read lock of 'alpha" + registry + "'");
    }
  }

  @Test
  void deeplyNestedCodeDoesNotCrash() throws IOException {
    String nested = "(".repeat(3000) + "1" + ")".repeat(3000);
    write("Deep.java", "class Deep { int x = " + nested + "; }");
    String sum = "a" + " + a".repeat(20000);
    write("Long.java", "class Long { int a; int x = " + sum + "; }");
    AnalysisResult result = analyze(1);
    assertThat(result.files()).isEqualTo(2);
    assertThat(result.findings()).extracting(Finding::ruleId).doesNotContain("internal-error");
  }

  @Test
  void newestJavaSyntaxParses() throws IOException {
    write(
        "Shapes.java",
        """
        sealed interface Shape permits Circle, Square {}
        record Circle(double r) implements Shape {}
        record Square(double s) implements Shape {}
        class Shapes {
          double area(Object o) {
            return switch (o) {
              case Circle(double r) when r > 0 -> Math.PI * r * r;
              case Square(var s) -> s * s;
              default -> 0;
            };
          }
          String text() {
            return \"\"\"
              block
              \"\"\";
          }
        }
        """);
    AnalysisResult result = analyze(1);
    assertThat(result.findings()).isEmpty();
    assertThat(result.parseErrors()).isZero();
  }

  @Test
  void invalidEncodingIsADiagnosticWithALineAndAnalysisGoesOn() throws IOException {
    byte[] latin1 = "class Enc {\n  // caf\u00e9\n}\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(dir.resolve("Enc.java"), latin1);
    write("Run.java", "class Run { void m() { new Thread(() -> {}).run(); } }");
    AnalysisResult result = analyze(2);
    assertThat(result.findings())
        .extracting(f -> f.ruleId() + "@" + f.location().path() + ":" + f.location().startLine())
        .containsExactly("parse-error@Enc.java:2", "thread-run-direct@Run.java:1");
  }

  @Test
  void outputIsIdenticalForAnyThreadCount() throws IOException {
    for (int i = 0; i < 20; i++) {
      write(
          "p/C" + i + ".java",
          "package p; class C"
              + i
              + " { void m() { Thread t = new Thread(() -> {}); t.start(); t.start(); } }");
    }
    assertThat(analyze(1).findings()).isEqualTo(analyze(2).findings()).hasSize(40);
  }

  @Test
  void suppressionsByAnnotationAndComment() throws IOException {
    write(
        "S.java",
        """
        class S {
          @SuppressWarnings("threadlint:thread-run-direct")
          void a() { new Thread(() -> {}).run(); }

          @SuppressWarnings("threadlint")
          void b() { new Thread(() -> {}).run(); }

          @edu.umd.cs.findbugs.annotations.SuppressFBWarnings("RU_INVOKE_RUN")
          void c() { new Thread(() -> {}).run(); }

          void d() {
            // threadlint:ignore thread-run-direct — measured: runs inline on purpose
            new Thread(() -> {}).run();
            new Thread(() -> {}).run(); // threadlint:ignore thread-run-direct
          }

          @SuppressWarnings("threadlint:data-race")
          void e() { new Thread(() -> {}).run(); }

          @SuppressWarnings("CallToThreadRun")
          void f() { new Thread(() -> {}).run(); }
        }
        """);
    AnalysisResult result = analyze(1);
    assertThat(result.findings()).extracting(f -> f.location().startLine()).containsExactly(18);
    assertThat(result.suppressed()).isEqualTo(6);
  }

  @Test
  void fingerprintIgnoresLineNumbers() throws IOException {
    write("F.java", "class F {\n  void m() { new Thread(() -> {}).run(); }\n}\n");
    String before = analyze(1).findings().get(0).fingerprint();
    write(
        "F.java",
        "class F {\n\n\n  int unrelated;\n  void m() { new Thread(() -> {}).run(); }\n}\n");
    Finding after = analyze(1).findings().get(0);
    assertThat(after.location().startLine()).isEqualTo(5);
    assertThat(after.fingerprint()).isEqualTo(before);
  }

  @Test
  void subclassDeclaredInAnotherFileCounts() throws IOException {
    write("a/Worker.java", "package a; public class Worker extends Thread {}");
    write("b/Use.java", "package b; import a.Worker; class Use { void m(Worker w) { w.run(); } }");
    write("b/Other.java", "package b; import a.*; class Other { void m(Task w) { w.run(); } }");
    write(
        "a/Task.java", "package a; public class Task implements Runnable { public void run() {} }");
    AnalysisResult result = analyze(2);
    assertThat(result.findings())
        .extracting(f -> f.location().path())
        .containsExactly("b/Use.java");
  }
}
