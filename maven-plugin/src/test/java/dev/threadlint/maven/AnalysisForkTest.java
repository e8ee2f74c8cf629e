package dev.threadlint.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadlint.AnalysisRequest;
import dev.threadlint.CheckRequest;
import dev.threadlint.cache.DiskCache;
import dev.threadlint.cache.FactsCache;
import dev.threadlint.findings.Severity;
import dev.threadlint.models.ResourcePair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gate in a JVM of its own: what crosses to it, and when it is started. */
class AnalysisForkTest {
  @TempDir Path dir;

  private GateRequest request(Path cache) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src"));
    AnalysisRequest analysis =
        new AnalysisRequest(
                dir,
                List.of(src),
                List.of("**/*.java"),
                List.of("**/gen/**"),
                Set.of("race"),
                Set.of("data-race"),
                3,
                StandardCharsets.ISO_8859_1,
                "17",
                FactsCache.NONE,
                false)
            .withResourcePairs(ResourcePair.parseAll(List.of("com.acme.Pool#take,tryTake:give")));
    return GateRequest.of(
        analysis,
        Optional.ofNullable(cache),
        dir.resolve("threadlint-baseline.json"),
        "origin/main",
        List.of("sarif", "html"),
        dir.resolve("target/threadlint"),
        Optional.of(Severity.ERROR));
  }

  private static GateRequest roundTrip(GateRequest request) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(request);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      in.setObjectInputFilter(ForkedGate.ALLOWED);
      return (GateRequest) in.readObject();
    }
  }

  @Test
  void theChildRunsTheCheckTheGoalAskedFor() throws Exception {
    Path cache = dir.resolve("target/threadlint/cache");
    GateRequest sent = request(cache);
    GateRequest received = roundTrip(sent);
    assertThat(received).isEqualTo(sent);

    CheckRequest check = received.check(warning -> {});
    AnalysisRequest analysis = check.analysis();
    assertThat(analysis.baseDir()).isEqualTo(dir);
    assertThat(analysis.roots()).containsExactly(dir.resolve("src"));
    assertThat(analysis.includes()).containsExactly("**/*.java");
    assertThat(analysis.excludes()).containsExactly("**/gen/**");
    assertThat(analysis.enable()).containsExactly("race");
    assertThat(analysis.disable()).containsExactly("data-race");
    assertThat(analysis.threads()).isEqualTo(3);
    assertThat(analysis.encoding()).isEqualTo(StandardCharsets.ISO_8859_1);
    assertThat(analysis.languageLevel()).isEqualTo("17");
    assertThat(analysis.prescan()).isFalse();
    assertThat(analysis.cache()).isInstanceOf(DiskCache.class);
    assertThat(analysis.resourcePairs())
        .containsExactly(ResourcePair.parse("com.acme.Pool#take,tryTake:give"));
    assertThat(check.baseline()).contains(dir.resolve("threadlint-baseline.json"));
    assertThat(check.baselineRequired()).isFalse();
    assertThat(check.newSince()).contains("origin/main");
    assertThat(check.reports())
        .extracting(r -> r.reporter().format() + " " + r.file().orElseThrow())
        .containsExactly(
            "sarif " + dir.resolve("target/threadlint/threadlint.sarif"),
            "html " + dir.resolve("target/threadlint/threadlint.html"));
    assertThat(received.threshold()).contains(Severity.ERROR);
    assertThat(roundTrip(request(null)).check(w -> {}).analysis().cache())
        .isSameAs(FactsCache.NONE);
  }

  @Test
  void autoForksOnlyARunWithoutCacheOverManyFiles() throws Exception {
    Path cache = dir.resolve("cache");
    GateRequest few = request(cache);
    assertThat(AnalysisFork.wanted(AnalysisFork.Mode.AUTO, few)).isFalse();
    assertThat(AnalysisFork.wanted(AnalysisFork.Mode.ALWAYS, few)).isTrue();

    Path pkg = Files.createDirectories(dir.resolve("src/p"));
    for (int i = 0; i < AnalysisFork.FROM_FILES; i++) {
      Files.writeString(pkg.resolve("C" + i + ".java"), "class C" + i + " {}");
    }
    Files.writeString(pkg.resolve("notes.txt"), "not a source");
    assertThat(AnalysisFork.wanted(AnalysisFork.Mode.AUTO, few)).isTrue(); // no run in the cache
    assertThat(AnalysisFork.wanted(AnalysisFork.Mode.NEVER, few)).isFalse();

    // a cache an earlier run left: this one analyses little, in Maven's JVM
    Files.createDirectories(cache);
    Files.writeString(cache.resolve(DiskCache.RUN_FILE_NAME), "a run");
    assertThat(AnalysisFork.wanted(AnalysisFork.Mode.AUTO, few)).isFalse();
    assertThat(AnalysisFork.wanted(AnalysisFork.Mode.AUTO, request(null))).isTrue();

    Files.delete(pkg.resolve("C0.java"));
    assertThat(AnalysisFork.atLeastFiles(List.of(dir.resolve("src").toString()), 1000)).isFalse();
  }

  @Test
  void aChildThatEndsWithoutAnOutcomeFailsTheGoalWithWhatItPrinted() throws Exception {
    List<String> printed = new java.util.ArrayList<>();
    Path work = dir.resolve("work");
    // a class path without the plugin: the JVM cannot even find the gate
    assertThatThrownBy(
            () ->
                AnalysisFork.run(
                    request(null), dir.resolve("nothing.jar").toString(), work, printed::add))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("the analysis JVM ended with code 1 and no outcome");
    assertThat(printed).anyMatch(line -> line.contains(ForkedGate.class.getName()));
    try (var left = Files.list(work)) {
      assertThat(left).isEmpty(); // the request file is gone too
    }
  }

  @Test
  void forkModesAreNamedAsTheParameterSaysThem() {
    assertThat(AnalysisFork.Mode.parse(" Always ")).isEqualTo(AnalysisFork.Mode.ALWAYS);
    assertThat(AnalysisFork.Mode.parse("auto")).isEqualTo(AnalysisFork.Mode.AUTO);
    assertThatThrownBy(() -> AnalysisFork.Mode.parse("sometimes"))
        .hasMessage("threadlint.fork: expected auto, always or never, got 'sometimes'");
  }

  @Test
  void theChildsClassPathIsThePluginsOwnWhenItsLoaderTellsIt() throws Exception {
    Path jar = Files.writeString(dir.resolve("a b.jar"), "");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(AnalysisFork.classPath(loader)).contains(jar.toString());
    }
    try (URLClassLoader none = new URLClassLoader(new URL[0], null)) {
      assertThat(AnalysisFork.classPath(none)).isEmpty();
    }
    assertThat(AnalysisFork.classPath(ClassLoader.getPlatformClassLoader())).isEmpty();
  }
}
