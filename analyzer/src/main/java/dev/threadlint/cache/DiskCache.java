package dev.threadlint.cache;

import dev.threadlint.io.AtomicFiles;
import dev.threadlint.source.SourceFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.StreamCorruptedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The incremental cache on disk: one file, {@code facts.ser}, in the cache directory, written whole
 * and atomically (temporary file and move) at the end of a run, so that two builds writing at once
 * leave one complete file or the other, never a mix. Java serialization of the records, read
 * through an allow-list of the analyzer's own classes and {@code java.lang}/{@code java.util}: a
 * file that is not ours cannot make it build anything else.
 *
 * <p>A missing file is a cold start. A file of another format, of another analyzer build or
 * configuration, or that cannot be read is ignored with one warning; so is a failed write. The run
 * never fails because of the cache.
 */
public final class DiskCache implements FactsCache {
  static final String FILE_NAME = "facts.ser";

  /**
   * The entries that changed since {@link #FILE_NAME} was written, with the identity of that file:
   * one changed file rewrites this small file instead of every file's facts. Read over the base
   * when the identities match; a base and a delta of two different writers never mix (every entry
   * is checked against the file's content hash anyway).
   */
  static final String DELTA_FILE_NAME = "facts-delta.ser";

  /** Changed entries, as a share of the base's, up to which only the delta is written. */
  private static final int DELTA_SHARE_PERCENT = 10;

  /**
   * The result of the last run, with the key of its files: a run with nothing changed reuses it.
   */
  static final String RUN_FILE_NAME = "run.ser";

  private static final String MAGIC = "threadlint facts cache";
  private static final int FORMAT = 2;

  /**
   * Entries written between two resets of the object stream: strings shared by files (type names)
   * are written once per group, and the stream does not hold on to every object of a large project.
   */
  private static final int RESET_EVERY = 512;

  /** What may be read back: the analyzer's records and the JDK's strings and collections. */
  private static final ObjectInputFilter ALLOWED =
      ObjectInputFilter.Config.createFilter(
          "maxdepth=200;maxrefs=100000000;maxbytes=4000000000;"
              + "dev.threadlint.**;java.lang.*;java.util.*;!*");

  private final Path file;
  private final Path runFile;
  private final Path deltaFile;

  /** The entries of the base file as read, and its identity ("" when there is none). */
  private volatile Map<String, Stored> base = Map.of();

  private volatile String baseId = "";
  private final Consumer<String> warnings;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final AtomicBoolean changed = new AtomicBoolean();
  private final Map<String, Stored> current = new ConcurrentHashMap<>();
  private volatile Map<String, Stored> previous = Map.of();
  private volatile String runKey = "";

  /**
   * @param directory where the cache lives (created on first write)
   * @param warnings receives the one warning of an ignored cache or a failed write
   */
  public DiskCache(Path directory, Consumer<String> warnings) {
    this.file = directory.resolve(FILE_NAME);
    this.runFile = directory.resolve(RUN_FILE_NAME);
    this.deltaFile = directory.resolve(DELTA_FILE_NAME);
    this.warnings = warnings;
  }

  /** One file's entry: its content hash and what was learnt. */
  private record Stored(String hash, CachedFile entry) {}

  @Override
  public void open(String key) {
    this.runKey = key;
    this.previous = read(key);
  }

  @Override
  public Optional<CachedFile> lookup(SourceFile source, String contentHash) {
    String path = source.path().toString();
    Stored stored = previous.get(path);
    if (stored == null || !stored.hash().equals(contentHash)) {
      return Optional.empty();
    }
    current.put(path, stored);
    return Optional.of(stored.entry());
  }

  @Override
  public void store(SourceFile source, String contentHash, CachedFile entry) {
    current.put(source.path().toString(), new Stored(contentHash, entry));
    changed.set(true);
  }

  @Override
  public Optional<CachedRun> lookupRun(String key, String filesKey) {
    if (!Files.exists(runFile)) {
      return Optional.empty();
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(runFile));
        ObjectInputStream objects = new ObjectInputStream(in)) {
      objects.setObjectInputFilter(ALLOWED);
      if (MAGIC.equals(objects.readUTF())
          && objects.readInt() == FORMAT
          && key.equals(objects.readUTF())
          && filesKey.equals(objects.readUTF())) {
        return Optional.of((CachedRun) objects.readObject());
      }
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      // not a result of this build, configuration and set of files (or damaged): the run
      // analyses and the facts cache, read next, warns if it is unusable too
    }
    return Optional.empty();
  }

  @Override
  public void storeRun(String filesKey, CachedRun run) {
    try {
      AtomicFiles.write(
          runFile,
          out -> {
            ObjectOutputStream objects = new ObjectOutputStream(new BufferedOutputStream(out));
            objects.writeUTF(MAGIC);
            objects.writeInt(FORMAT);
            objects.writeUTF(runKey);
            objects.writeUTF(filesKey);
            objects.writeObject(run);
            objects.flush();
          });
    } catch (IOException | RuntimeException e) {
      warn("cannot write the cache " + runFile + " (" + e + "); the next run starts cold");
    }
  }

  /**
   * Writes this run's entries, unless they are exactly what was read: only those that differ from
   * the base file's when they are few, all of them in a new base file otherwise.
   */
  @Override
  public void flush() {
    if (!changed.get() && current.keySet().equals(previous.keySet())) {
      return;
    }
    Map<String, Stored> delta = new TreeMap<>();
    current.forEach(
        (path, stored) -> {
          if (base.get(path) != stored) { // identity: entries read from the base are kept as read
            delta.put(path, stored);
          }
        });
    if (!baseId.isEmpty() && delta.size() * 100L <= base.size() * (long) DELTA_SHARE_PERCENT) {
      try {
        write(deltaFile, baseId, delta);
      } catch (IOException | RuntimeException e) {
        warn("cannot write the cache " + deltaFile + " (" + e + "); the next run starts cold");
      }
      return;
    }
    try {
      write(file, java.util.UUID.randomUUID().toString(), new TreeMap<>(current));
      Files.deleteIfExists(deltaFile); // names the old base: it would be ignored, after a read
    } catch (IOException | RuntimeException e) {
      warn("cannot write the cache " + file + " (" + e + "); the next run starts cold");
    }
  }

  private void write(Path target, String id, Map<String, Stored> entries) throws IOException {
    AtomicFiles.write(
        target,
        out -> {
          ObjectOutputStream objects = new ObjectOutputStream(new BufferedOutputStream(out));
          objects.writeUTF(MAGIC);
          objects.writeInt(FORMAT);
          objects.writeUTF(runKey);
          objects.writeUTF(id);
          objects.writeInt(entries.size());
          int written = 0;
          for (Map.Entry<String, Stored> e : entries.entrySet()) {
            if (++written % RESET_EVERY == 0) {
              objects.reset(); // bounds the stream's table of every object written so far
            }
            objects.writeUTF(e.getKey());
            objects.writeUTF(e.getValue().hash());
            objects.writeObject(e.getValue().entry());
          }
          objects.flush();
        });
  }

  /** The base file's entries with the delta's over them. */
  private Map<String, Stored> read(String key) {
    Map<String, Stored> entries = readBase(key);
    if (baseId.isEmpty() || !Files.exists(deltaFile)) {
      return entries;
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(deltaFile));
        ObjectInputStream objects = new ObjectInputStream(in)) {
      objects.setObjectInputFilter(ALLOWED);
      if (!MAGIC.equals(objects.readUTF())
          || objects.readInt() != FORMAT
          || !key.equals(objects.readUTF())
          || !baseId.equals(objects.readUTF())) {
        return entries; // of another base or configuration: its files are analysed again
      }
      int count = objects.readInt();
      Map<String, Stored> merged = new HashMap<>(entries);
      for (int i = 0; i < count; i++) {
        String path = objects.readUTF();
        String hash = objects.readUTF();
        merged.put(path, new Stored(hash, (CachedFile) objects.readObject()));
      }
      return merged;
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      return entries; // a damaged delta: its files are analysed again
    }
  }

  private Map<String, Stored> readBase(String key) {
    if (!Files.exists(file)) {
      return Map.of();
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
        ObjectInputStream objects = new ObjectInputStream(in)) {
      objects.setObjectInputFilter(ALLOWED);
      if (!MAGIC.equals(objects.readUTF()) || objects.readInt() != FORMAT) {
        warn(
            "ignored the cache " + file + ": not a cache of this threadlint; analysing every file");
        return Map.of();
      }
      if (!key.equals(objects.readUTF())) {
        warn(
            "ignored the cache "
                + file
                + ": written by another threadlint build or configuration; analysing every file");
        return Map.of();
      }
      String id = objects.readUTF();
      int count = objects.readInt();
      Map<String, Stored> entries = new HashMap<>(count * 2);
      for (int i = 0; i < count; i++) {
        String path = objects.readUTF();
        String hash = objects.readUTF();
        entries.put(path, new Stored(hash, (CachedFile) objects.readObject()));
      }
      base = entries;
      baseId = id;
      return entries;
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (StreamCorruptedException | InvalidClassException e) {
      warn("ignored the cache " + file + ": not a cache of this threadlint; analysing every file");
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      warn("ignored the cache " + file + ": unreadable (" + e + "); analysing every file");
    }
    return Map.of();
  }

  private void warn(String message) {
    if (warned.compareAndSet(false, true)) {
      warnings.accept(message);
    }
  }
}
