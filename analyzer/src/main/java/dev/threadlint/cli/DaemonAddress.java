package dev.threadlint.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the analysis daemon of one set-up listens: a socket in the user's daemon directory, named
 * by a key that hashes everything a run's answer depends on besides its arguments and the files it
 * reads. A run whose set-up differs in any of these gets a daemon of its own:
 *
 * <ul>
 *   <li>the class path, with each file's size and time (another build of the jar);
 *   <li>the runtime ({@code java.home}, its version);
 *   <li>the daemon's JVM options, system properties among them;
 *   <li>the working directory, which relative paths are resolved against (a JVM cannot change it);
 *   <li>the environment that {@code --new-since} hands to git: {@code PATH}, {@code HOME}, {@code
 *       XDG_CONFIG_HOME} and {@code GIT_*}.
 * </ul>
 *
 * <p>The directory ({@code threadlint-daemons-USER} in the temporary directory, or {@code
 * -Dthreadlint.daemonDir}) is the user's alone: on a POSIX file system it is made with permissions
 * {@code rwx------} and refused when it has others or another owner, since whoever can connect to a
 * daemon's socket can make it read and write files as the user. A socket's path must stay short (at
 * most about 100 bytes), so the key is a hash, and the directory is not the project's.
 *
 * @param key the hash of the set-up
 * @param setUp the set-up, as hashed (for the daemon's log)
 * @param directory the user's daemon directory
 */
record DaemonAddress(String key, String setUp, Path directory) {
  static final String DIRECTORY_PROPERTY = "threadlint.daemonDir";

  /** The variables besides {@code GIT_*} that decide which git runs and which config it reads. */
  private static final Set<String> GIT_READS = Set.of("PATH", "HOME", "XDG_CONFIG_HOME");

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  /** The socket the daemon listens on. */
  Path socket() {
    return directory.resolve(key + ".sock");
  }

  /** The file the daemon holds a lock on while it lives: one daemon per key. */
  Path lock() {
    return directory.resolve(key + ".lock");
  }

  /** What the daemon prints outside any run (its start, its end, what went wrong). */
  Path log() {
    return directory.resolve(key + ".log");
  }

  /**
   * The address of the daemon for this set-up.
   *
   * @param daemonOptions the daemon's JVM options
   * @param classPath its class path
   * @param environment the command line's environment
   * @throws IOException when the daemon directory cannot be made, or is not the user's alone
   */
  static DaemonAddress of(
      List<String> daemonOptions, String classPath, Map<String, String> environment)
      throws IOException {
    return of(daemonOptions, classPath, environment, userDirectory());
  }

  static DaemonAddress of(
      List<String> daemonOptions,
      String classPath,
      Map<String, String> environment,
      Path directory) {
    StringBuilder setUp = new StringBuilder(classPathStamp(classPath));
    setUp.append("runtime: ").append(System.getProperty("java.home"));
    setUp.append(' ').append(System.getProperty("java.vm.version")).append('\n');
    for (String option : daemonOptions) {
      setUp.append("option: ").append(option).append('\n');
    }
    setUp.append("directory: ").append(Path.of("").toAbsolutePath()).append('\n');
    Map<String, String> sorted = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (GIT_READS.contains(name) || name.startsWith("GIT_")) {
            sorted.put(name, value);
          }
        });
    sorted.forEach((name, value) -> setUp.append("env: ").append(name + "=" + value + "\n"));
    return new DaemonAddress(hash(setUp), setUp.toString(), directory);
  }

  /**
   * Each class path entry with its size and time when it is a file: another build of the jar makes
   * another stamp. The key holds it, and the daemon compares it with its own as it waits.
   */
  static String classPathStamp(String classPath) {
    StringBuilder stamp = new StringBuilder();
    for (String entry : classPath.split(File.pathSeparator, -1)) {
      Path path = Path.of(entry).toAbsolutePath().normalize();
      stamp.append("class path: ").append(path);
      try {
        if (Files.isRegularFile(path)) {
          stamp.append(' ').append(Files.size(path));
          stamp.append(' ').append(Files.getLastModifiedTime(path).toMillis());
        }
      } catch (IOException e) {
        stamp.append(" unreadable"); // it fails the daemon's start as it would the batch JVM's
      }
      stamp.append('\n');
    }
    return stamp.toString();
  }

  /**
   * The user's daemon directory, made if missing.
   *
   * @throws IOException when it cannot be made, or is not the user's alone
   */
  static Path userDirectory() throws IOException {
    String chosen = System.getProperty(DIRECTORY_PROPERTY);
    Path directory =
        chosen != null
            ? Path.of(chosen).toAbsolutePath()
            : Path.of(System.getProperty("java.io.tmpdir"), "threadlint-daemons-" + userName());
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      if (posix) {
        Files.createDirectories(
            directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY)); // umask may narrow it
      } else {
        Files.createDirectories(directory); // the temporary directory is the user's (Windows)
      }
    }
    if (posix) {
      if (Files.isSymbolicLink(directory)
          || !Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS)
              .getName()
              .equals(System.getProperty("user.name"))
          || !Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS)
              .equals(OWNER_ONLY)) {
        throw new IOException(directory + " is not the user's alone (owner and rwx------)");
      }
    }
    return directory;
  }

  private static String userName() {
    return System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * A 64-bit FNV-1a hash, in hex. Not a digest: its provider would cost the command line more than
   * the rest of its start, and two of one user's few set-ups share a key with a chance of about
   * 2<sup>-64</sup>. The daemon checks a request's working directory itself all the same.
   */
  static String hash(CharSequence text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.toString().getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return String.format("%016x", hash);
  }
}
