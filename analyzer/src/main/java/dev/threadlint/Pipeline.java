package dev.threadlint;

import dev.threadlint.cache.CachedFile;
import dev.threadlint.cache.FactsCache;
import dev.threadlint.facts.FileFacts;
import dev.threadlint.findings.Finding;
import dev.threadlint.parse.PreScan;
import dev.threadlint.parse.PreScanner;
import dev.threadlint.rules.Diagnostics;
import dev.threadlint.source.SourceFile;
import dev.threadlint.source.SourceText;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The two per-file steps of a run, each on a worker thread. {@link #prepare} reads a file, hashes
 * it and either finds it in the cache or pre-scans it; once every file is prepared the analyzer
 * decides which files matter ({@link dev.threadlint.parse.Relevance}), and {@link #analyze} parses
 * those (unless the cache has their facts) and gives the others their declarations only.
 */
final class Pipeline {
  private final FileAnalysis perFile;
  private final FactsCache cache;
  private final Charset encoding;
  private final PreScanner scanner;

  /** Gives back the heap that parsing grows past a ceiling (see {@link HeapReturn.Ceiling}). */
  private final HeapReturn.Ceiling ceiling = new HeapReturn.Ceiling();

  Pipeline(FileAnalysis perFile, FactsCache cache, Charset encoding, Set<String> extraWords) {
    this.perFile = perFile;
    this.cache = cache;
    this.encoding = encoding;
    this.scanner = new PreScanner(extraWords);
  }

  /**
   * A file after the first step.
   *
   * @param cached what the cache had for this content, or null
   * @param failure the file's final facts when it could not be read, or null
   */
  record Prepared(
      SourceFile file,
      String hash,
      PreScan scan,
      int lines,
      int malformedLine,
      CachedFile cached,
      FileFacts failure,
      AtomicReference<SourceText> text) {

    /** The decoded text, handed over once so that it can be collected after the parse. */
    Optional<SourceText> takeText() {
      return Optional.ofNullable(text.getAndSet(null));
    }
  }

  Prepared prepare(SourceFile file) {
    return prepare(file, null);
  }

  /** The same, for a file whose content hash was computed already (null when it was not). */
  Prepared prepare(SourceFile file, String knownHash) {
    ceiling.prepared();
    if (knownHash != null && !knownHash.isEmpty()) {
      Optional<CachedFile> cached = cache.lookup(file, knownHash);
      if (cached.isPresent()) {
        return fromCache(file, knownHash, cached.get()); // hashed already: not read again
      }
    }
    boolean hashNow = (knownHash == null || knownHash.isEmpty()) && cache != FactsCache.NONE;
    long hashedAt = System.currentTimeMillis();
    java.nio.file.attribute.BasicFileAttributes before = null;
    byte[] bytes;
    try {
      if (hashNow) { // read before the content, for the stamp (see HashStamps)
        before =
            Files.readAttributes(file.path(), java.nio.file.attribute.BasicFileAttributes.class);
      }
      bytes = Files.readAllBytes(file.path());
    } catch (IOException e) {
      return failed(file, FileAnalysis.unreadable(file, e));
    }
    // without a cache nothing reads the hash: it is not computed
    String hash = hashNow ? sha256(bytes) : knownHash == null ? "" : knownHash;
    if (hashNow) {
      cache.stamps().record(file, before, hashedAt, hash);
    }
    Optional<CachedFile> cached =
        knownHash == null || knownHash.isEmpty() ? cache.lookup(file, hash) : Optional.empty();
    if (cached.isPresent()) {
      return fromCache(file, hash, cached.get());
    }
    SourceText text = SourceText.decode(bytes, encoding);
    PreScan scan = scanner.scan(text.text(), file.relativePath());
    // The text is not kept until the parse: holding every file's text at once made the heap, and
    // with it the resident memory, grow by gigabytes on large projects; reading it again from the
    // page cache costs far less.
    return new Prepared(
        file,
        hash,
        scan,
        text.nonBlankLines(),
        text.firstMalformedLine().orElse(0),
        null,
        null,
        new AtomicReference<>());
  }

  private static Prepared fromCache(SourceFile file, String hash, CachedFile entry) {
    return new Prepared(
        file,
        hash,
        entry.scan(),
        entry.lines(),
        entry.malformedLine(),
        entry,
        null,
        new AtomicReference<>());
  }

  /**
   * The file's scan with the given lower-case type names that its text holds ({@link
   * dev.threadlint.parse.Relevance#withTypeNames}); with all of them when it cannot be read.
   */
  PreScan withTypeNames(Prepared prepared, Set<String> unkept) {
    if (prepared.failure() != null) {
      return prepared.scan(); // damaged: parsed anyway
    }
    try {
      String text = SourceText.read(prepared.file(), encoding).text();
      return dev.threadlint.parse.Relevance.withTypeNames(prepared.scan(), text, unkept);
    } catch (IOException e) {
      PreScan scan = prepared.scan();
      Set<String> names = new java.util.HashSet<>(scan.names());
      names.addAll(unkept);
      return scan.withNames(names);
    }
  }

  /** A file whose preparation threw: it is parsed, so that the failure shows where it belongs. */
  Prepared failed(SourceFile file, Throwable cause) {
    return failed(
        file,
        FileFacts.unparsed(
            file,
            0,
            List.of(
                Diagnostics.internalError(
                    dev.threadlint.findings.Location.at(file.relativePath(), 1, 1),
                    "pre-scan of the file",
                    cause))));
  }

  private static Prepared failed(SourceFile file, FileFacts facts) {
    PreScan damaged = PreScan.unreadable();
    return new Prepared(file, "", damaged, 0, 0, null, facts, new AtomicReference<>());
  }

  /**
   * The facts of a prepared file: parsed when {@code relevant}, declarations only otherwise; the
   * file-local rules run on it when {@code check}.
   */
  FileFacts analyze(Prepared prepared, boolean relevant, boolean check) {
    if (prepared.failure() != null) {
      return prepared.failure();
    }
    SourceFile file = prepared.file();
    CachedFile cached = prepared.cached();
    if (!relevant) {
      if (cached == null) {
        cache.store(
            file,
            prepared.hash(),
            new CachedFile(
                prepared.lines(), prepared.malformedLine(), prepared.scan(), null, false));
      }
      return new FileFacts(
          file,
          prepared.lines(),
          prepared.scan().types(),
          List.of(),
          FileAnalysis.textDiagnostics(file, encoding, prepared.malformedLine()),
          List.of(),
          List.of());
    }
    // checked as this run would check it: a file checked in an earlier run (when another file
    // made it matter) must not bring that run's file-local findings into this one
    if (cached != null && cached.facts().isPresent() && cached.checked() == check) {
      return cached.facts().get();
    }
    SourceText text;
    Optional<SourceText> kept = prepared.takeText();
    if (kept.isPresent()) {
      text = kept.get();
    } else {
      try {
        text = SourceText.read(file, encoding);
      } catch (IOException e) {
        return FileAnalysis.unreadable(file, e);
      }
    }
    FileFacts facts = perFile.analyze(file, text, check, prepared.lines());
    ceiling.afterFile();
    if (facts.diagnostics().stream().noneMatch(Pipeline::isInternalError)) {
      cache.store(
          file,
          prepared.hash(),
          new CachedFile(
              prepared.lines(), prepared.malformedLine(), prepared.scan(), facts, check));
    }
    return facts;
  }

  private static boolean isInternalError(Finding finding) {
    return finding.ruleId().equals(Diagnostics.INTERNAL_ERROR.id());
  }

  /** The content hash the cache keys a file's entry by. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
