package dev.threadlint.parse;

import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import dev.threadlint.facts.Declarations;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeDecl;
import dev.threadlint.source.SourceFile;
import dev.threadlint.source.SourceScanner;
import dev.threadlint.source.SourceText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * A development check, run by hand on a corpus: the pre-scan's declarations equal a parse's for
 * every file, and how many files and lines the closure keeps.
 *
 * <pre>java -cp analyzer/target/test-classes:analyzer/target/threadlint.jar \
 *     dev.threadlint.parse.PreScanCorpusCheck DIR [parse]</pre>
 */
public final class PreScanCorpusCheck {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    boolean parse = args.length > 1 && args[1].equals("parse");
    List<SourceFile> files = new SourceScanner(root, List.of(), List.of()).scan(List.of(root));
    PreScanner scanner = new PreScanner(Set.of());
    List<PreScan> scans = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    int mismatches = 0;
    long scanNanos = 0;
    for (SourceFile file : files) {
      SourceText text = SourceText.read(file, StandardCharsets.UTF_8);
      long t0 = System.nanoTime();
      PreScan scan = scanner.scan(text.text(), file.relativePath());
      scanNanos += System.nanoTime() - t0;
      scans.add(scan);
      lines.add(text.nonBlankLines());
      if (parse) {
        ParseResult<CompilationUnit> unit =
            dev.threadlint.parse.Parsers.newParser(Parsers.newest()).parse(text.text());
        if (unit.getResult().isEmpty() || !unit.isSuccessful()) {
          continue;
        }
        List<TypeDecl> expected = Declarations.of(new FileContext(file, unit.getResult().get()));
        if (!expected.equals(scan.types())) {
          mismatches++;
          if (mismatches <= 20) {
            System.out.println("MISMATCH " + file.relativePath());
            System.out.println("  parse: " + expected);
            System.out.println("  scan:  " + scan.types());
          }
        }
      }
    }
    System.out.printf(
        "files=%d scan_ms=%d mismatches=%d%n", files.size(), scanNanos / 1_000_000, mismatches);
    long allLines = lines.stream().mapToLong(Integer::longValue).sum();
    scans.stream()
        .flatMap(s -> s.types().stream())
        .map(t -> t.qualifiedName())
        .filter(q -> Character.isLowerCase(q.charAt(q.lastIndexOf('.') + 1)))
        .limit(10)
        .forEach(q -> System.out.println("lower-case type " + q));
    for (int callers : new int[] {0, 1, 2, 3, 4, 8, 15, 31}) {
      BitSet seeds = new BitSet();
      for (int i = 0; i < scans.size(); i++) {
        if (scans.get(i).concurrent()) {
          seeds.set(i);
        }
      }
      Relevance.Selection selection = Relevance.select(scans, callers);
      BitSet relevant = selection.parse();
      long checkLines = selection.check().stream().mapToLong(lines::get).sum();
      System.out.printf(
          "  checked: %d files (%d lines)%n", selection.check().cardinality(), checkLines);
      long seedLines = seeds.stream().mapToLong(lines::get).sum();
      long relLines = relevant.stream().mapToLong(lines::get).sum();
      System.out.printf(
          "callers=%s seeds=%d files (%d lines, %.0f%%) relevant=%d files (%d lines, %.0f%% of %d)%n",
          callers,
          seeds.cardinality(),
          seedLines,
          100.0 * seedLines / allLines,
          relevant.cardinality(),
          relLines,
          100.0 * relLines / allLines,
          allLines);
    }
  }
}
