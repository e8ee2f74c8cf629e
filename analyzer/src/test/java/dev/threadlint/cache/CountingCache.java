package dev.threadlint.cache;

import dev.threadlint.source.SourceFile;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** A facts cache that counts the lookups of files' entries, for tests of what a run reads. */
final class CountingCache implements FactsCache {
  private final FactsCache cache;
  final AtomicInteger lookups = new AtomicInteger();

  CountingCache(FactsCache cache) {
    this.cache = cache;
  }

  @Override
  public void open(String runKey) {
    cache.open(runKey);
  }

  @Override
  public void open(String runKey, Executor executor) {
    cache.open(runKey, executor);
  }

  @Override
  public Optional<CachedFile> lookup(SourceFile file, String contentHash) {
    lookups.incrementAndGet();
    return cache.lookup(file, contentHash);
  }

  @Override
  public void store(SourceFile file, String contentHash, CachedFile entry) {
    cache.store(file, contentHash, entry);
  }

  @Override
  public Optional<CachedRun> lastRun(String runKey) {
    return cache.lastRun(runKey);
  }

  @Override
  public void storeRun(CachedRun run) {
    cache.storeRun(run);
  }

  @Override
  public HashStamps stamps() {
    return cache.stamps();
  }

  @Override
  public void flush() {
    cache.flush();
  }

  @Override
  public void flushChanged() {
    cache.flushChanged();
  }
}
