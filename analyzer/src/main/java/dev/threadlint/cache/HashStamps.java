package dev.threadlint.cache;

import dev.threadlint.io.AtomicFiles;
import dev.threadlint.source.SourceFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The content hash of each file as a run took it, with the size and modification time the file had
 * just before it was read. The next run takes a file's hash from here while the file keeps that
 * size and time, instead of reading and hashing every file to learn which changed: in a JVM without
 * C2 (the command line's batch JVM) SHA-256 of the bench corpus costs about a second of CPU, most
 * of a run with nothing changed.
 *
 * <p>A stamp is trusted only for a file last modified more than {@link #MARGIN_MILLIS} before its
 * hash was taken: a file written again within the file system's time resolution of that moment may
 * keep its time and size with another content (what git calls racily clean), so it is read and
 * hashed again. A stamp file that cannot be read is no stamps: every file is hashed, as without it.
 */
public final class HashStamps {
  /** Longer than the time resolution of the file systems a build runs on (FAT's is two seconds). */
  static final long MARGIN_MILLIS = 2_000;

  static final String FILE_NAME = "stamps.bin";

  private static final int MAGIC = 0x544c5354;
  private static final int FORMAT = 1;

  /** What a file looked like just before its content was hashed. */
  private record Stamp(long size, long modifiedNanos, long hashedAtMillis, String hash) {
    boolean vouchesFor(BasicFileAttributes now) {
      return size == now.size()
          && modifiedNanos == nanos(now)
          && modifiedNanos < (hashedAtMillis - MARGIN_MILLIS) * 1_000_000L;
    }
  }

  /** Keeps nothing: without a cache every file is hashed. */
  public static final HashStamps NONE = new HashStamps(null, Map.of());

  private final Path file;
  private final Map<String, Stamp> last;
  private final Map<String, Stamp> now = new ConcurrentHashMap<>();

  private HashStamps(Path file, Map<String, Stamp> last) {
    this.file = file;
    this.last = last;
  }

  /** The stamps kept in a cache directory (none when there are none or they cannot be read). */
  public static HashStamps in(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    return new HashStamps(file, read(file));
  }

  /**
   * The content hash of a file: its stamp's while the file keeps the stamp's size and time,
   * otherwise read and hashed with {@code digest} now (and stamped). "" when it cannot be read.
   */
  public String hash(SourceFile source, Function<byte[], String> digest) {
    Path path = source.path();
    String key = path.toString();
    long hashedAt = System.currentTimeMillis();
    BasicFileAttributes before;
    try {
      before = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      return "";
    }
    Stamp stamp = last.get(key);
    if (stamp != null && stamp.vouchesFor(before)) {
      now.put(key, stamp);
      return stamp.hash();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      return "";
    }
    String hash = digest.apply(bytes);
    record(source, before, hashedAt, hash);
    return hash;
  }

  /**
   * Stamps a file hashed elsewhere: {@code before} its attributes read before its content, at
   * {@code hashedAtMillis} (read after them, a changed file could be stamped with its old hash).
   */
  public void record(
      SourceFile source, BasicFileAttributes before, long hashedAtMillis, String hash) {
    if (file != null && !hash.isEmpty()) {
      now.put(
          source.path().toString(), new Stamp(before.size(), nanos(before), hashedAtMillis, hash));
    }
  }

  /** True when this run's stamps differ from the ones it read: then {@link #write} has work. */
  boolean changed() {
    return !now.equals(last);
  }

  /**
   * Keeps this run's stamps, those of its files only, in one atomic write; a failure leaves the
   * last ones (any stamp on disk pairs a file's attributes with the hash of what it then held).
   */
  public void write() {
    if (file == null || now.isEmpty() || !changed()) {
      return;
    }
    Map<String, Stamp> stamps = new HashMap<>(now);
    try {
      AtomicFiles.write(
          file,
          out -> {
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
            data.writeInt(MAGIC);
            data.writeInt(FORMAT);
            data.writeInt(stamps.size());
            for (Map.Entry<String, Stamp> entry : stamps.entrySet()) {
              Stamp stamp = entry.getValue();
              data.writeUTF(entry.getKey());
              data.writeLong(stamp.size());
              data.writeLong(stamp.modifiedNanos());
              data.writeLong(stamp.hashedAtMillis());
              data.writeUTF(stamp.hash());
            }
            data.flush();
          });
    } catch (IOException e) {
      // the next run hashes what it cannot vouch for, as a run without stamps does
    }
  }

  private static Map<String, Stamp> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
        DataInputStream data = new DataInputStream(in)) {
      if (data.readInt() != MAGIC || data.readInt() != FORMAT) {
        return Map.of();
      }
      int count = data.readInt();
      if (count < 0) {
        return Map.of();
      }
      Map<String, Stamp> stamps = new HashMap<>(Math.min(count, 1 << 20) * 2);
      for (int i = 0; i < count; i++) {
        String path = data.readUTF();
        stamps.put(
            path, new Stamp(data.readLong(), data.readLong(), data.readLong(), data.readUTF()));
      }
      return stamps;
    } catch (IOException | RuntimeException e) {
      return Map.of(); // damaged or foreign: every file is hashed
    }
  }

  private static long nanos(BasicFileAttributes attributes) {
    Instant time = attributes.lastModifiedTime().toInstant();
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }
}
