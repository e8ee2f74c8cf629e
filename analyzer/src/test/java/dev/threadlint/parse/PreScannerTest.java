package dev.threadlint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import dev.threadlint.facts.Declarations;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeDecl;
import dev.threadlint.source.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pre-scan's declarations must be exactly what a parse gives ({@link Declarations}), since the
 * project type index is built from them for files that are not parsed.
 */
class PreScannerTest {
  private static final PreScanner SCANNER = new PreScanner(Set.of());

  private static List<TypeDecl> parsed(String text) {
    CompilationUnit unit =
        Parsers.newFastParser(Parsers.newest(), true, true, Parsers.hasUnicodeEscapes(text))
            .parse(text)
            .getResult()
            .orElseThrow();
    return Declarations.of(new FileContext(new SourceFile(Path.of("/x/A.java"), "A.java"), unit));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "package p; import java.util.*; import a.b.Base; @Deprecated\n public class A extends Base"
            + " implements Runnable, Map.Entry<String, List<String>> { public void run() {} }",
        "package p;\nclass A {\n void m() { class Local { class Deeper {} } Object o = new Object()"
            + " { class InAnon {} }; record R(int x) {} }\n"
            + " enum E implements I { X { class InConstant {} }, Y; class InEnum {} }\n"
            + " @interface Ann { int v() default 1; }\n"
            + " record Rec<T extends Comparable<T>>(@Deprecated T t) implements java.io.Serializable {"
            + " static class Nested extends Outer<String>.Inner {} }\n"
            + " sealed interface S permits S1, S2 {} final class S1 implements S {}"
            + " non-sealed class S2 implements S {}\n"
            + " int[] a = {1, 2}; Runnable r = () -> { class InLambda {} };\n"
            + " String s = \"class Fake {\" + '{' + \"\"\"\n   class AlsoFake {\n   \"\"\";\n"
            + " Class<?> c = A.class; void record(int x) { record(x); }\n"
            + " /* class Commented {} */ // class Commented2 {}\n"
            + "}\n"
            + "interface I extends java.util.function.Supplier<String> {}",
        "class NoPackage { static { new Thread(new Runnable() { public void run() {} }).start(); }"
            + " static class Inner<T> extends java.util.concurrent.Semaphore {"
            + " Inner() { super(1); } } }",
        "@interface Top {}\n\n  /** doc */\n  @SuppressWarnings(\"x\")\n  @Deprecated(since = \"1\")"
            + "\n  final class Second {}"
      })
  void declarationsMatchAParse(String text) {
    assertThat(SCANNER.scan(text, "A.java").types()).isEqualTo(parsed(text));
  }

  static Stream<Path> fixtures() throws IOException {
    Path root = Path.of("../test-fixtures/src/main/java");
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void declarationsOfEveryFixtureMatchAParse(Path fixture) throws IOException {
    String text = Files.readString(fixture);
    assertThat(SCANNER.scan(text, "A.java").types()).isEqualTo(parsed(text));
  }

  @Test
  void concurrencyWordsInCommentsAndStringsDoNotCount() {
    PreScan scan =
        SCANNER.scan(
            "class A { /* synchronized Thread */ String s = \"volatile Lock\"; // Executor\n }",
            "A.java");
    assertThat(scan.concurrent()).isFalse();
    assertThat(scan.damaged()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "class A { synchronized void m() {} }",
        "class A { volatile int x; }",
        "class A { void m(Object o) throws Exception { o.wait(); } }",
        "import java.util.concurrent.atomic.AtomicLong; class A {}",
        "class A { static final java.text.SimpleDateFormat F = null; }",
        "class A { java.util.Map<String, String> m = new ConcurrentHashMap<>(); }",
        "class A { void m() { list.parallelStream().forEach(x -> {}); } }",
        "@GuardedBy(\"this\") class A {}",
        "class A { ListeningExecutorService pool; }"
      })
  void concurrencyWordsCount(String text) {
    assertThat(SCANNER.scan(text, "A.java").concurrent()).isTrue();
  }

  @Test
  void userDeclaredResourcePairsCount() {
    String text = "class A { void m(Permits p) { p.take(); p.give(); } }";
    assertThat(SCANNER.scan(text, "A.java").concurrent()).isFalse();
    assertThat(new PreScanner(Set.of("Permits")).scan(text, "A.java").concurrent()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"class A { void m() {", "class A { String s = \"open; }", "class A {}}"})
  void brokenFilesAreMarkedToBeParsed(String text) {
    assertThat(SCANNER.scan(text, "A.java").damaged()).isTrue();
  }

  @Test
  void qualifiersAreTheDottedNamesBeforeATypeName() {
    PreScan scan =
        SCANNER.scan(
            "package p.q;\nimport a.b.C; import d.e.*; import static f.g.H.i;\n"
                + "class X { j.k.L m; n.O CONSTANT_USE = n.O.X; void f() { x.y.z(); this.w = C.v; }"
                + " /* r.s.T */ String t = \"u.v.W\"; }",
            "X.java");
    assertThat(scan.packageName()).isEqualTo("p.q");
    // a method chain of lower-case names is not one (x.y.z()); comments and literals are not code
    assertThat(scan.qualifiers()).containsExactlyInAnyOrder("a.b", "d.e", "f.g", "j.k", "n");
    assertThat(SCANNER.scan("class A { int x; }", "A.java").packageName()).isEmpty();
  }
}
