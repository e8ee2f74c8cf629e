package dev.threadlint.cache;

import dev.threadlint.source.SourceFile;
import java.util.Optional;

/**
 * Where what the analysis learnt about unchanged files is kept between runs (DESIGN §7): per file,
 * its pre-scan and, once parsed, its facts, declarations, local findings and suppressions. The key
 * is the run key (analyzer build and effective configuration), the file and its content hash.
 * Implementations are safe to call from several worker threads between {@link #open} and {@link
 * #flush}.
 */
public interface FactsCache {
  /**
   * Starts a run whose results depend on {@code runKey}: entries stored under another key are
   * stale. Called once, before any lookup.
   */
  default void open(String runKey) {}

  /**
   * The same, for a run that will look up (nearly) every file: the stored entries are read ahead on
   * {@code executor}, side by side, instead of one part at a time when first asked for.
   */
  default void open(String runKey, java.util.concurrent.Executor executor) {
    open(runKey);
  }

  /**
   * Reads the stored entries of these files ahead on {@code executor}, side by side, for a run that
   * opened lazily ({@link #open(String)}) and will look up many of them next.
   */
  default void readAhead(
      java.util.Collection<SourceFile> files, java.util.concurrent.Executor executor) {}

  /** What is stored for this file with this content hash, if anything. */
  Optional<CachedFile> lookup(SourceFile file, String contentHash);

  /** Stores what this run learnt about a file. */
  void store(SourceFile file, String contentHash, CachedFile entry);

  /**
   * The result of the last run with this run key, whatever its files, if one is stored (and it says
   * which files it saw). Called before {@link #open}.
   */
  default Optional<CachedRun> lastRun(String runKey) {
    return Optional.empty();
  }

  /** Stores the result of this run (atomically); its inputs say which files it saw. */
  default void storeRun(CachedRun run) {}

  /** The content hashes the last run took, by the files' size and time (see {@link HashStamps}). */
  default HashStamps stamps() {
    return HashStamps.NONE;
  }

  /** Makes stored entries durable (an atomic write); called once at the end of a run. */
  default void flush() {}

  /**
   * Makes the entries stored since {@link #open} durable when this run looked up only the files
   * that changed: every other file's entry stays as stored. Called instead of {@link #flush}.
   */
  default void flushChanged() {
    flush();
  }

  /** A cache that keeps nothing: the default until {@code --cache} is given. */
  FactsCache NONE =
      new FactsCache() {
        @Override
        public Optional<CachedFile> lookup(SourceFile file, String contentHash) {
          return Optional.empty();
        }

        @Override
        public void store(SourceFile file, String contentHash, CachedFile entry) {}
      };
}
