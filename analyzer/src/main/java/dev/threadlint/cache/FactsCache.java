package dev.threadlint.cache;

import dev.threadlint.facts.FileFacts;
import dev.threadlint.source.SourceFile;
import java.util.Optional;

/**
 * Where the facts and local findings of unchanged files are kept between runs (DESIGN §7). The key
 * is the file, its content hash and the effective configuration; implementations must be safe to
 * call from several worker threads.
 */
public interface FactsCache {
  /** Facts stored for this file with this content hash, if any. */
  Optional<FileFacts> lookup(SourceFile file, String contentHash);

  /** Stores a file's facts. */
  void store(SourceFile file, String contentHash, FileFacts facts);

  /** Makes stored entries durable (an atomic write); called once at the end of a run. */
  default void flush() {}

  /** A cache that keeps nothing: the default until {@code --cache} is given. */
  FactsCache NONE =
      new FactsCache() {
        @Override
        public Optional<FileFacts> lookup(SourceFile file, String contentHash) {
          return Optional.empty();
        }

        @Override
        public void store(SourceFile file, String contentHash, FileFacts facts) {}
      };
}
