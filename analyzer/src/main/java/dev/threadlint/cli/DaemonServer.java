package dev.threadlint.cli;

import dev.threadlint.cli.DaemonWire.Frames;
import dev.threadlint.cli.DaemonWire.Request;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The analysis daemon: a batch JVM ({@link BatchJvm}) that the command line starts with {@code
 * --daemon} and that stays, so that later runs from the same directory with the same set-up ({@link
 * DaemonAddress}) find its classes loaded and its code compiled. Three runs after an edit of Vert.x
 * (586 files of the audit corpus) took 0.8–1.0 s there, against 1.8–4.0 s in a new JVM the same
 * hour, most of which goes to loading and compiling the analyzer again.
 *
 * <p>It serves one run at a time, on its main thread, in the order the runs connect: each run uses
 * every worker thread it is given, and the cache directory allows one run at a time anyway. A run
 * prints through {@link System#out} and {@link System#err} as well as through the streams it is
 * handed (statistics, warnings from worker threads), so both are the run's frames while it runs.
 *
 * <p>A run whose command line goes away (Ctrl-C) is interrupted ({@link RunWatch}): it stops at its
 * next wait for its workers, as an interrupted run does, and the next run need not wait for it.
 *
 * <p>It ends when it has served nothing for {@code -Dthreadlint.daemonIdleSeconds} (default 1,800),
 * when its socket is deleted (the way to stop it), when a file of its class path changes (another
 * build of the jar: its runs would no longer be the jar's), or after an {@link Error} in a run (out
 * of memory: what it holds may be broken). One daemon serves a key: it holds a lock on the key's
 * lock file while it lives, and the socket of a daemon that was killed is deleted by the next.
 */
final class DaemonServer {
  static final String IDLE_PROPERTY = "threadlint.daemonIdleSeconds";
  static final long IDLE_SECONDS_DEFAULT = 30 * 60;

  /** How often it asks whether it is still wanted, when no run comes. */
  private static final long CHECK_MILLIS = 1_000;

  /** How long a connection has to send its request. */
  private static final long REQUEST_WITHIN_MILLIS = 10_000;

  /** How long a new daemon waits for the lock of one that is ending. */
  private static final long LOCK_WITHIN_MILLIS = 3_000;

  private final DaemonAddress address;
  private final String workingDirectory;
  private final String classPathStamp;
  private final long idleNanos;
  private final PrintStream log;

  DaemonServer(DaemonAddress address, long idleSeconds, PrintStream log) {
    this.address = address;
    this.workingDirectory = Path.of("").toAbsolutePath().toString();
    this.classPathStamp = classPathStamp();
    this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
    this.log = log;
  }

  /** Arguments: the daemon directory and the key. */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("threadlint daemon: expected the daemon directory and the key");
      System.exit(Main.USAGE);
    }
    DaemonAddress address = new DaemonAddress(args[1], "", Path.of(args[0]));
    long idle = Long.getLong(IDLE_PROPERTY, IDLE_SECONDS_DEFAULT);
    System.exit(new DaemonServer(address, Math.max(1, idle), System.err).serve());
  }

  /** Serves runs until it is no longer wanted; returns the process's exit code. */
  int serve() {
    try (FileChannel lockFile =
        FileChannel.open(address.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = lock(lockFile);
      if (lock == null) {
        log.println("threadlint daemon: another daemon serves " + address.key());
        return Main.OK; // the command line connects to that one
      }
      try {
        return listen();
      } finally {
        lock.release();
      }
    } catch (IOException | RuntimeException e) {
      log.println("threadlint daemon: cannot serve: " + e);
      return Main.INTERNAL;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Main.INTERNAL;
    }
  }

  /**
   * The key's lock, or null when another daemon holds it for longer than one that is ending would.
   */
  private FileLock lock(FileChannel lockFile) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOCK_WITHIN_MILLIS);
    FileLock lock = tryLock(lockFile);
    // one that is ending deletes its socket first; one whose socket is there lives on
    while (lock == null && !Files.exists(address.socket()) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
      lock = tryLock(lockFile);
    }
    return lock;
  }

  private static FileLock tryLock(FileChannel lockFile) throws IOException {
    try {
      return lockFile.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return null; // a daemon of this JVM holds it (tests)
    }
  }

  private int listen() throws IOException {
    Path socket = address.socket();
    Files.deleteIfExists(socket); // a killed daemon's: the lock says none lives
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      server.bind(UnixDomainSocketAddress.of(socket));
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
      log.printf(
          "threadlint daemon: pid %d serves %s in %s%n",
          ProcessHandle.current().pid(), address.key(), workingDirectory);
      long lastRun = System.nanoTime();
      while (true) {
        String why = unwanted(lastRun);
        if (why != null) {
          log.println("threadlint daemon: ends: " + why);
          return Main.OK;
        }
        selector.select(CHECK_MILLIS);
        selector.selectedKeys().clear();
        for (SocketChannel run = server.accept(); run != null; run = server.accept()) {
          boolean goesOn = answer(run);
          lastRun = System.nanoTime();
          if (!goesOn) {
            return Main.INTERNAL;
          }
        }
      }
    } finally {
      Files.deleteIfExists(socket);
    }
  }

  private static String classPathStamp() {
    return DaemonAddress.classPathStamp(System.getProperty("java.class.path", ""));
  }

  /** Why the daemon is no longer wanted, or null while it is. */
  private String unwanted(long lastRun) {
    if (System.nanoTime() - lastRun > idleNanos) {
      return "idle for " + TimeUnit.NANOSECONDS.toSeconds(idleNanos) + " s";
    }
    if (!Files.exists(address.socket())) {
      return "its socket was deleted";
    }
    if (!classPathStamp().equals(classPathStamp)) {
      return "its class path changed";
    }
    return null;
  }

  /**
   * Answers one run's connection.
   *
   * @return false when the daemon must end (an {@link Error} in the run)
   */
  private boolean answer(SocketChannel connection) {
    try (connection) {
      Request request;
      try {
        request = read(connection);
      } catch (IOException e) {
        log.println("threadlint daemon: a connection sent no request: " + e.getMessage());
        return true;
      }
      if (!request.key().equals(address.key())
          || !request.workingDirectory().equals(workingDirectory)) {
        // closed unanswered: the command line runs without a daemon
        log.println("threadlint daemon: refused a run of another set-up or directory");
        return true;
      }
      connection.configureBlocking(true);
      Frames frames =
          new Frames(new BufferedOutputStream(Channels.newOutputStream(connection), 1 << 16));
      return run(request, connection, frames);
    } catch (IOException e) {
      log.println("threadlint daemon: a run's connection failed: " + e);
      return true;
    }
  }

  private boolean run(Request request, SocketChannel connection, Frames frames) throws IOException {
    Charset charset = charset(request.charset());
    PrintStream out =
        new PrintStream(new BufferedOutputStream(frames.stream(DaemonWire.OUT)), false, charset);
    PrintStream err = new PrintStream(frames.stream(DaemonWire.ERR), true, charset);
    PrintStream ownOut = System.out;
    PrintStream ownErr = System.err;
    System.setOut(out);
    System.setErr(err);
    int code;
    Error fatal = null;
    RunWatch watch = RunWatch.start(connection);
    boolean wentAway;
    try {
      code = Main.run(request.args().toArray(String[]::new), out, err);
    } catch (RuntimeException e) {
      err.println("threadlint: internal failure: " + e);
      code = Main.INTERNAL;
    } catch (Error e) {
      err.println("threadlint: internal failure: " + e + " (the analysis daemon ends)");
      code = Main.INTERNAL;
      fatal = e;
    } finally {
      out.flush();
      err.flush();
      System.setOut(ownOut);
      System.setErr(ownErr);
      wentAway = watch.stop(); // last: should it fail, the daemon ends with its own streams back
    }
    if (wentAway || out.checkError() || err.checkError()) {
      log.println(
          "threadlint daemon: a run's command line went away before its end (the run ended with"
              + " code "
              + code
              + ")");
    }
    frames.exit(code);
    if (fatal != null) {
      log.println("threadlint daemon: ends after " + fatal);
      return false;
    }
    return true;
  }

  private static Charset charset(String name) {
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }

  /** The request of a connection that has {@link #REQUEST_WITHIN_MILLIS} to send it whole. */
  private static Request read(SocketChannel connection) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REQUEST_WITHIN_MILLIS);
    connection.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      connection.register(selector, SelectionKey.OP_READ);
      ByteBuffer header = ByteBuffer.allocate(8);
      fill(connection, selector, header, deadline);
      ByteBuffer payload = ByteBuffer.allocate(DaemonWire.payloadLength(header));
      fill(connection, selector, payload, deadline);
      return Request.decode(payload.array());
    } // the selector's end deregisters the connection, which may block again
  }

  private static void fill(SocketChannel from, Selector selector, ByteBuffer buffer, long deadline)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (from.read(buffer) < 0) {
        throw new EOFException("the connection ended");
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (buffer.hasRemaining()) {
        if (left <= 0) {
          throw new InterruptedIOException("no request within " + REQUEST_WITHIN_MILLIS + " ms");
        }
        selector.select(left);
        selector.selectedKeys().clear();
      }
    }
  }
}
