package dev.threadlint.cache;

import dev.threadlint.io.AtomicFiles;
import dev.threadlint.source.SourceFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The incremental cache on disk: {@code facts.ser} in the cache directory, written whole and
 * atomically (temporary file and move), so that two builds writing at once leave one complete file
 * or the other, never a mix. Java serialization of the records, read through an allow-list of the
 * analyzer's own classes and {@code java.lang}/{@code java.util}: a file that is not ours cannot
 * make it build anything else.
 *
 * <p>The file is cut into segments of {@value #SEGMENT_ENTRIES} files' entries in path order, each
 * its own object stream, with an index of which path is in which segment at the end: a run that
 * needs one file's entry reads one segment, a run that needs the files of one library or module
 * (the connected part of a changed file) reads the few that hold that directory, and a run that
 * needs all reads the segments side by side. The whole file is written in the flush, which runs
 * beside the project phase's mostly single-threaded composition.
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

  /**
   * How old a temporary file in the cache directory is when the flush deletes it: one left by a
   * process killed while writing. A write in progress is seconds old.
   */
  private static final java.time.Duration STALE_TEMPORARY = java.time.Duration.ofHours(1);

  /** Changed entries, as a share of the base's, up to which only the delta is written. */
  private static final int DELTA_SHARE_PERCENT = 10;

  /**
   * The result of the last run, with the paths and content hashes it saw: a run with nothing
   * changed reuses it.
   */
  public static final String RUN_FILE_NAME = "run.ser";

  private static final String MAGIC = "threadlint facts cache";
  private static final int FORMAT = 5;

  /**
   * Files' entries per segment: small enough that reading one file's entry reads little, large
   * enough that the type names files share are written once per segment, not once per file.
   */
  private static final int SEGMENT_ENTRIES = 128;

  /** What may be read back: the analyzer's records and the JDK's strings and collections. */
  private static final ObjectInputFilter ALLOWED = DiskCache::allowed;

  /**
   * The filter of {@link #ALLOWED}: {@code
   * maxdepth=200;maxrefs=100000000;maxbytes=4000000000;dev.threadlint.**;java.lang.*;java.util.*;!*}
   * as a plain method. The stream calls it for every object it reads, and the JDK's filter made
   * from that pattern walks its parts with a stream each time (a tenth of reading the facts).
   */
  static ObjectInputFilter.Status allowed(ObjectInputFilter.FilterInfo info) {
    if (info.depth() > 200
        || info.references() > 100_000_000L
        || info.streamBytes() > 4_000_000_000L) {
      return ObjectInputFilter.Status.REJECTED;
    }
    Class<?> type = info.serialClass();
    if (type == null) {
      return ObjectInputFilter.Status.UNDECIDED;
    }
    while (type.isArray()) {
      type = type.getComponentType();
    }
    if (type.isPrimitive()) {
      return ObjectInputFilter.Status.UNDECIDED; // as the pattern filter leaves them
    }
    String name = type.getName();
    if (name.startsWith("dev.threadlint.")) {
      return ObjectInputFilter.Status.ALLOWED;
    }
    String pkg = type.getPackageName();
    return pkg.equals("java.lang") || pkg.equals("java.util")
        ? ObjectInputFilter.Status.ALLOWED
        : ObjectInputFilter.Status.REJECTED;
  }

  private final HashStamps stamps;
  private final Path file;
  private final Path runFile;
  private final Path deltaFile;
  private final Consumer<String> warnings;
  private final AtomicBoolean warned = new AtomicBoolean();
  private final AtomicBoolean changed = new AtomicBoolean();

  /** A segment of the base could not be read: the next flush writes a whole new base. */
  private final AtomicBoolean damaged = new AtomicBoolean();

  /** This run's entries: those looked up and found, and those stored. */
  private final Map<String, Stored> current = new ConcurrentHashMap<>();

  /** The paths of {@link #current} whose entry is the base file's, as read. */
  private final Set<String> keptFromBase = ConcurrentHashMap.newKeySet();

  /** Files a lazy {@link #open(String)} keeps open until the flush. */
  private final List<FileChannel> openFiles = new java.util.concurrent.CopyOnWriteArrayList<>();

  private volatile Base base = Base.NONE;
  private volatile Map<String, Stored> delta = Map.of();
  private volatile String runKey = "";

  /**
   * @param directory where the cache lives (created on first write)
   * @param warnings receives the one warning of an ignored cache or a failed write
   */
  public DiskCache(Path directory, Consumer<String> warnings) {
    this.stamps = HashStamps.in(directory);
    this.file = directory.resolve(FILE_NAME);
    this.runFile = directory.resolve(RUN_FILE_NAME);
    this.deltaFile = directory.resolve(DELTA_FILE_NAME);
    this.warnings = warnings;
  }

  /** One file's entry: its content hash and what was learnt. */
  private record Stored(String hash, CachedFile entry) {}

  @Override
  public void open(String key) {
    open(key, false);
  }

  /** Reads the whole base file and its segments side by side on {@code executor}. */
  @Override
  public void open(String key, Executor executor) {
    open(key, true);
    for (Segment segment : base.segments()) {
      executor.execute(segment.load());
    }
  }

  private void open(String key, boolean whole) {
    closeFiles();
    keptFromBase.forEach(current::remove); // as read from a base that may be read anew
    keptFromBase.clear();
    this.runKey = key;
    this.base = readBase(key, whole);
    this.delta = readDelta(key, base.id());
  }

  @Override
  public void readAhead(Collection<SourceFile> files, Executor executor) {
    Map<String, Segment> where = base.where();
    Set<Segment> needed = Collections.newSetFromMap(new IdentityHashMap<>());
    for (SourceFile source : files) {
      Segment segment = where.get(source.path().toString());
      if (segment != null && needed.add(segment)) {
        executor.execute(segment.load()); // the first to ask reads it, the others wait for it
      }
    }
  }

  @Override
  public Optional<CachedFile> lookup(SourceFile source, String contentHash) {
    String path = source.path().toString();
    Stored mine = current.get(path);
    if (mine != null && !keptFromBase.contains(path) && mine.hash().equals(contentHash)) {
      return Optional.of(mine.entry()); // stored in this run already (before a second open)
    }
    Stored stored = delta.get(path);
    boolean fromBase = stored == null;
    if (fromBase) {
      stored = base.entry(path);
    }
    if (stored == null || !stored.hash().equals(contentHash)) {
      return Optional.empty();
    }
    current.put(path, stored);
    if (fromBase) {
      keptFromBase.add(path);
    }
    return Optional.of(stored.entry());
  }

  @Override
  public void store(SourceFile source, String contentHash, CachedFile entry) {
    String path = source.path().toString();
    Stored stored = new Stored(contentHash, entry);
    current.put(path, stored);
    keptFromBase.remove(path);
    changed.set(true);
  }

  @Override
  public Optional<CachedRun> lastRun(String key) {
    if (!Files.exists(runFile)) {
      return Optional.empty();
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(runFile));
        ObjectInputStream objects = new ObjectInputStream(in)) {
      objects.setObjectInputFilter(ALLOWED);
      if (MAGIC.equals(objects.readUTF())
          && objects.readInt() == FORMAT
          && key.equals(objects.readUTF())) {
        return Optional.of((CachedRun) objects.readObject());
      }
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      // not a result of this build, configuration and set of files (or damaged): the run
      // analyses and the facts cache, read next, warns if it is unusable too
    }
    return Optional.empty();
  }

  @Override
  public void storeRun(CachedRun run) {
    try {
      AtomicFiles.write(
          runFile,
          out -> {
            ObjectOutputStream objects = new ObjectOutputStream(new BufferedOutputStream(out));
            objects.writeUTF(MAGIC);
            objects.writeInt(FORMAT);
            objects.writeUTF(runKey);
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
  public HashStamps stamps() {
    return stamps;
  }

  @Override
  public void flush() {
    stamps.write();
    AtomicFiles.deleteStale(file.getParent(), STALE_TEMPORARY);
    closeFiles();
    Map<String, Stored> fresh = new TreeMap<>();
    current.forEach(
        (path, stored) -> {
          if (!keptFromBase.contains(path)) { // entries read from the base stay there
            fresh.put(path, stored);
          }
        });
    if (!changed.get() && !damaged.get() && current.size() == knownSize()) {
      return; // every file as read, and none gone
    }
    if (!base.id().isEmpty()
        && !damaged.get()
        && fresh.size() * 100L <= base.size() * (long) DELTA_SHARE_PERCENT) {
      writeOrWarn(deltaFile, base.id(), fresh);
      return;
    }
    try {
      write(file, java.util.UUID.randomUUID().toString(), new TreeMap<>(current));
      Files.deleteIfExists(deltaFile); // names the old base: it would be ignored, after a read
    } catch (IOException | RuntimeException e) {
      warn("cannot write the cache " + file + " (" + e + "); the next run starts cold");
    }
  }

  /**
   * Writes the delta: the entries it held, with those stored in this run over them. The base file
   * stays as it is, whatever share of it the delta grows to; the next full run folds it in.
   */
  @Override
  public void flushChanged() {
    stamps.write();
    AtomicFiles.deleteStale(file.getParent(), STALE_TEMPORARY);
    closeFiles();
    if (base.id().isEmpty() || damaged.get()) {
      return; // no base to add to: the next run analyses the changed files again
    }
    Map<String, Stored> merged = new TreeMap<>(delta);
    current.forEach(
        (path, stored) -> {
          if (!keptFromBase.contains(path)) {
            merged.put(path, stored);
          }
        });
    writeOrWarn(deltaFile, base.id(), merged);
  }

  /** How many paths the base and the delta hold together. */
  private int knownSize() {
    Map<String, Segment> where = base.where();
    return base.size() + (int) delta.keySet().stream().filter(p -> !where.containsKey(p)).count();
  }

  private void writeOrWarn(Path target, String id, Map<String, Stored> entries) {
    try {
      write(target, id, entries);
    } catch (IOException | RuntimeException e) {
      warn("cannot write the cache " + target + " (" + e + "); the next run starts cold");
    }
  }

  /**
   * Layout: magic, format, run key, identity; the segments, each an object stream of its entries;
   * the index (per segment: its offset, length and paths); the index's offset in the last 8 bytes.
   */
  private void write(Path target, String id, Map<String, Stored> entries) throws IOException {
    AtomicFiles.write(
        target,
        out -> {
          CountingOutput counted = new CountingOutput(new BufferedOutputStream(out, 1 << 16));
          DataOutputStream data = new DataOutputStream(counted);
          writeHeader(data, runKey, id);
          List<long[]> places = new ArrayList<>();
          List<List<String>> paths = new ArrayList<>();
          List<Map.Entry<String, Stored>> all = new ArrayList<>(entries.entrySet());
          for (int from = 0; from < all.size(); from += SEGMENT_ENTRIES) {
            List<Map.Entry<String, Stored>> part =
                all.subList(from, Math.min(all.size(), from + SEGMENT_ENTRIES));
            Chunks bytes = segment(part);
            data.flush();
            places.add(new long[] {counted.count, bytes.size()});
            bytes.writeTo(data);
            paths.add(part.stream().map(Map.Entry::getKey).toList());
          }
          data.flush();
          writeIndex(data, counted.count, places, paths);
        });
  }

  /** The header: magic, format, run key, identity. */
  private static void writeHeader(DataOutputStream data, String key, String id) throws IOException {
    data.writeUTF(MAGIC);
    data.writeInt(FORMAT);
    data.writeUTF(key);
    data.writeUTF(id);
  }

  /** The index (per segment: offset, length, paths) at {@code index}, and its offset last. */
  private static void writeIndex(
      DataOutputStream data, long index, List<long[]> places, List<List<String>> paths)
      throws IOException {
    data.writeInt(places.size());
    for (int s = 0; s < places.size(); s++) {
      data.writeLong(places.get(s)[0]);
      data.writeInt((int) places.get(s)[1]);
      data.writeInt(paths.get(s).size());
      for (String path : paths.get(s)) {
        data.writeUTF(path);
      }
    }
    data.writeLong(index);
    data.flush();
  }

  /**
   * One segment's object stream. In chunks rather than one growing array: a segment is a megabyte
   * or two, and arrays that large are allocated outside the young generation, a region each.
   */
  private static Chunks segment(List<Map.Entry<String, Stored>> part) throws IOException {
    Chunks bytes = new Chunks();
    try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
      objects.writeInt(part.size());
      for (Map.Entry<String, Stored> e : part) {
        objects.writeUTF(e.getKey());
        objects.writeUTF(e.getValue().hash());
        objects.writeObject(e.getValue().entry());
      }
    }
    return bytes;
  }

  /** Bytes written into 64 KiB chunks. */
  private static final class Chunks extends OutputStream {
    private static final int CHUNK = 1 << 16;
    private final List<byte[]> full = new ArrayList<>();
    private byte[] last = new byte[CHUNK];
    private int used;

    @Override
    public void write(int b) {
      if (used == CHUNK) {
        next();
      }
      last[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        if (used == CHUNK) {
          next();
        }
        int n = Math.min(len, CHUNK - used);
        System.arraycopy(b, off, last, used, n);
        used += n;
        off += n;
        len -= n;
      }
    }

    private void next() {
      full.add(last);
      last = new byte[CHUNK];
      used = 0;
    }

    long size() {
      return (long) full.size() * CHUNK + used;
    }

    void writeTo(OutputStream out) throws IOException {
      for (byte[] chunk : full) {
        out.write(chunk);
      }
      out.write(last, 0, used);
    }
  }

  /** The base file's header and index; its segments are read when first needed. */
  private Base readBase(String key, boolean whole) {
    if (!Files.exists(file)) {
      return Base.NONE;
    }
    try {
      Base read = readIndexed(file, key, true, whole);
      return read == null ? Base.NONE : read;
    } catch (NoSuchFileException e) {
      return Base.NONE;
    } catch (StreamCorruptedException | InvalidClassException | EOFException e) {
      warn("ignored the cache " + file + ": not a cache of this threadlint; analysing every file");
    } catch (IOException | RuntimeException e) {
      warn("ignored the cache " + file + ": unreadable (" + e + "); analysing every file");
    }
    return Base.NONE;
  }

  /** The delta's entries when it belongs to this base and key; none otherwise. */
  private Map<String, Stored> readDelta(String key, String baseId) {
    if (baseId.isEmpty() || !Files.exists(deltaFile)) {
      return Map.of();
    }
    try {
      Base read = readIndexed(deltaFile, key, false, true);
      if (read == null || !read.id().equals(baseId)) {
        return Map.of(); // of another base or configuration: its files are analysed again
      }
      Map<String, Stored> entries = new HashMap<>();
      for (Segment segment : read.segments()) {
        entries.putAll(segment.entries());
      }
      return entries;
    } catch (IOException | RuntimeException e) {
      return Map.of(); // a damaged delta: its files are analysed again
    }
  }

  /**
   * The header and index of a segmented file, or null (after a warning when {@code warnStale}) when
   * it is of another format or key. With {@code whole} the whole file is read at once (one read
   * from the page cache); otherwise the file stays open and a segment is read when first needed (a
   * writer replacing the file meanwhile replaces its name, not what the open file holds).
   */
  private Base readIndexed(Path path, String key, boolean warnStale, boolean whole)
      throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    boolean keepOpen = false;
    try {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException("too large: " + size + " bytes");
      }
      Source source =
          (offset, length) -> new ByteArrayInputStream(readFully(channel, offset, length));
      DataInputStream header =
          new DataInputStream(source.open(0, (int) Math.min(size, HEADER_BYTES)));
      String magic;
      try {
        magic = header.readUTF();
      } catch (IOException | RuntimeException e) {
        throw new StreamCorruptedException("no header");
      }
      if (!MAGIC.equals(magic) || header.readInt() != FORMAT) {
        if (warnStale) {
          warn(
              "ignored the cache "
                  + path
                  + ": not a cache of this threadlint; analysing every file");
        }
        return null;
      }
      if (!key.equals(header.readUTF())) {
        if (warnStale) {
          warn(
              "ignored the cache "
                  + path
                  + ": written by another threadlint build or configuration; analysing every file");
        }
        return null;
      }
      String id = header.readUTF();
      if (size < 8) {
        throw new EOFException("no index");
      }
      long indexAt = new DataInputStream(source.open(size - 8, 8)).readLong();
      if (indexAt < 0 || indexAt > size - 8) {
        throw new StreamCorruptedException("index out of the file");
      }
      DataInputStream index = new DataInputStream(source.open(indexAt, (int) (size - 8 - indexAt)));
      int count = index.readInt();
      // read whole: the last segment read closes the file; otherwise the flush does
      java.util.concurrent.atomic.AtomicInteger unread =
          new java.util.concurrent.atomic.AtomicInteger(count);
      Runnable done =
          () -> {
            if (whole && unread.decrementAndGet() == 0) {
              close(channel);
            }
          };
      List<Segment> segments = new ArrayList<>();
      Map<String, Segment> where = new HashMap<>();
      for (int s = 0; s < count; s++) {
        long offset = index.readLong();
        int length = index.readInt();
        int paths = index.readInt();
        if (offset < 0 || length < 0 || offset + length > indexAt) {
          throw new StreamCorruptedException("segment out of the file");
        }
        Segment segment = new Segment(source, offset, length, done);
        segments.add(segment);
        for (int p = 0; p < paths; p++) {
          where.put(index.readUTF(), segment);
        }
      }
      keepOpen = count > 0;
      if (keepOpen && !whole) {
        openFiles.add(channel);
      }
      return new Base(id, segments, where);
    } finally {
      if (!keepOpen) {
        channel.close();
      }
    }
  }

  /** Bytes of a file: the header's first ones are read at most. */
  private static final int HEADER_BYTES = 1 << 18;

  /** Where a segmented file's bytes come from: memory, or an open file. */
  private interface Source {
    InputStream open(long offset, int length) throws IOException;
  }

  private static byte[] readFully(FileChannel channel, long offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        throw new EOFException("the file ends early");
      }
    }
    return buffer.array();
  }

  /** Closes the files a lazy read kept open. */
  private void closeFiles() {
    openFiles.forEach(DiskCache::close);
    openFiles.clear();
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // only read from: nothing is lost
    }
  }

  /** One segment of a file, read from its bytes by whoever first needs it. */
  private final class Segment {
    private final FutureTask<Map<String, Stored>> load;

    Segment(Source source, long offset, int length, Runnable done) {
      this.load =
          new FutureTask<>(
              () -> {
                try {
                  return read(source, offset, length);
                } finally {
                  done.run();
                }
              });
    }

    /** The task that reads it (running it again does nothing). */
    Runnable load() {
      return load;
    }

    Map<String, Stored> entries() {
      load.run(); // reads it here unless another thread does or did
      try {
        return load.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the cache", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(e.getCause());
      }
    }

    private Map<String, Stored> read(Source source, long offset, int length) {
      try (ObjectInputStream objects = new ObjectInputStream(source.open(offset, length))) {
        objects.setObjectInputFilter(ALLOWED);
        int count = objects.readInt();
        Map<String, Stored> entries = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
          String path = objects.readUTF();
          String hash = objects.readUTF();
          entries.put(path, new Stored(hash, (CachedFile) objects.readObject()));
        }
        return entries;
      } catch (IOException | ClassNotFoundException | RuntimeException e) {
        damaged.set(true);
        warn("ignored the cache " + file + " in part: unreadable (" + e + "); analysing its files");
        return Map.of(); // its files are analysed again
      }
    }
  }

  /** A segmented file as indexed. */
  private record Base(String id, List<Segment> segments, Map<String, Segment> where) {
    static final Base NONE = new Base("", List.of(), Map.of());

    int size() {
      return where.size();
    }

    Stored entry(String path) {
      Segment segment = where.get(path);
      return segment == null ? null : segment.entries().get(path);
    }
  }

  /** Counts the bytes written, for the index's offsets. */
  private static final class CountingOutput extends java.io.FilterOutputStream {
    long count;

    CountingOutput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  private void warn(String message) {
    if (warned.compareAndSet(false, true)) {
      warnings.accept(message);
    }
  }
}
