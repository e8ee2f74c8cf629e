import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The parse floor of scripts/bench: parses every .java file below the roots with the JavaParser
 * that threadlint.jar bundles (so the version is always the same as threadlint's), default
 * configuration at the newest language level, on N threads, one parser per thread. Nothing else:
 * an analyzer that parses every file cannot be faster. Same as ../shared/bench/parse-floor, but it
 * follows symbolic links, so that the scaling subsets (directories of links) can be measured.
 *
 * <pre>java -cp threadlint.jar:CLASSES ParseFloor THREADS ROOT...</pre>
 */
public final class ParseFloor {
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      try (Stream<Path> walk = Files.walk(Path.of(args[i]), FileVisitOption.FOLLOW_LINKS)) {
        walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
            .sorted()
            .forEach(files::add);
      }
    }
    LanguageLevel level = newest();
    ThreadLocal<JavaParser> parsers =
        ThreadLocal.withInitial(
            () -> new JavaParser(new ParserConfiguration().setLanguageLevel(level)));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<int[]>> results = new ArrayList<>();
    for (Path file : files) {
      results.add(pool.submit(() -> parse(parsers.get(), file)));
    }
    long lines = 0;
    int errors = 0;
    for (Future<int[]> result : results) {
      int[] r = result.get();
      lines += r[0];
      errors += r[1];
    }
    pool.shutdown();
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "parse-floor: files=%d lines=%d parse_errors=%d elapsed_ms=%d%n",
        files.size(), lines, errors, ms);
  }

  private static int[] parse(JavaParser parser, Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      try {
        text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      } catch (IOException e2) {
        throw new UncheckedIOException(e2);
      }
    }
    boolean ok = parser.parse(text).isSuccessful();
    return new int[] {nonBlankLines(text), ok ? 0 : 1};
  }

  /** Lines holding anything but white space, as threadlint and fetch-corpus.sh count them. */
  private static int nonBlankLines(String text) {
    int count = 0;
    boolean blank = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        count += blank ? 0 : 1;
        blank = true;
      } else if (!Character.isWhitespace(c)) {
        blank = false;
      }
    }
    return count + (blank ? 0 : 1);
  }

  private static LanguageLevel newest() {
    LanguageLevel best = LanguageLevel.CURRENT;
    int bestRelease = -1;
    for (LanguageLevel level : LanguageLevel.values()) {
      String name = level.name();
      if (!name.matches("JAVA_\\d+(_\\d+)?")) {
        continue;
      }
      String[] parts = name.substring(5).split("_");
      int release = parts[0].equals("1") ? Integer.parseInt(parts[1]) : Integer.parseInt(parts[0]);
      if (release > bestRelease) {
        bestRelease = release;
        best = level;
      }
    }
    return best;
  }
}
