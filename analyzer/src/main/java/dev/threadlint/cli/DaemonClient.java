package dev.threadlint.cli;

import dev.threadlint.cli.DaemonWire.Answer;
import dev.threadlint.cli.DaemonWire.Request;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The command line's side of {@code --daemon}: it hands the run to the analysis daemon of its
 * set-up ({@link DaemonServer}), starting one when none listens, and prints what the run prints.
 * When no daemon can be had (no Unix-domain sockets, a daemon directory that is not the user's
 * alone, a daemon that does not start) it says why once and the run goes on without one.
 */
final class DaemonClient {
  static final String OPTION = "--daemon";

  /** How long a new daemon has to listen. */
  private static final long START_WITHIN_MILLIS = 60_000;

  /** How long to wait for another daemon when the one started found a daemon of its key. */
  private static final long OTHER_WITHIN_MILLIS = 10_000;

  private final Path java;
  private final List<String> daemonOptions;
  private final String classPath;
  private final PrintStream out;
  private final PrintStream err;

  private DaemonClient(
      Path java, List<String> daemonOptions, String classPath, PrintStream out, PrintStream err) {
    this.java = java;
    this.daemonOptions = List.copyOf(daemonOptions);
    this.classPath = classPath;
    this.out = out;
    this.err = err;
  }

  /** Whether the command line asks for a daemon ({@link #OPTION} before any {@code --}). */
  static boolean asked(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals(OPTION)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The exit code of the command line run in its daemon, or empty when it is to run without one.
   *
   * @param daemonOptions the daemon's JVM options: the batch JVM's
   */
  static OptionalInt run(String[] args, Path java, List<String> daemonOptions, String classPath) {
    return new DaemonClient(java, daemonOptions, classPath, System.out, System.err).run(args);
  }

  private OptionalInt run(String[] args) {
    DaemonAddress address;
    try {
      address = DaemonAddress.of(daemonOptions, classPath, System.getenv());
    } catch (IOException | RuntimeException e) {
      return without("no daemon directory: " + e.getMessage());
    }
    Request request =
        new Request(
            address.key(),
            Path.of("").toAbsolutePath().toString(),
            System.getProperty("sun.stdout.encoding", Charset.defaultCharset().name()),
            List.of(args));
    // a daemon that is ending closes the connection unanswered; the second try starts another
    for (int attempt = 0; attempt < 2; attempt++) {
      Optional<SocketChannel> connected;
      try {
        connected = connect(address);
        if (connected.isEmpty()) {
          connected = start(address);
        }
      } catch (IOException | UnsupportedOperationException e) {
        return without(e.getMessage());
      }
      if (connected.isEmpty()) {
        return OptionalInt.empty(); // said why
      }
      Relay relay = new Relay();
      try (SocketChannel connection = connected.get()) {
        connection.write(ByteBuffer.wrap(request.encoded()));
        Answer answer = DaemonWire.relay(Channels.newInputStream(connection), relay);
        if (answer.exitCode() != null) {
          return OptionalInt.of(answer.exitCode());
        }
      } catch (IOException e) {
        if (relay.anything) {
          err.println(
              "threadlint: internal failure: the analysis daemon's connection failed: " + e);
          return OptionalInt.of(Main.INTERNAL);
        }
        // reset before the daemon said anything: as unanswered
      }
      if (relay.anything) {
        err.println(
            "threadlint: internal failure: the analysis daemon ended during the run; see "
                + address.log());
        return OptionalInt.of(Main.INTERNAL);
      }
    }
    return without("the daemon did not answer; see " + address.log());
  }

  private OptionalInt without(String why) {
    err.println("threadlint: running without a daemon: " + why);
    return OptionalInt.empty();
  }

  /** Prints what the run prints, and remembers whether it printed anything. */
  private final class Relay implements DaemonWire.Relay {
    private boolean anything; // only the thread that runs the command line reads and writes it

    @Override
    public void out(byte[] bytes) {
      anything = true;
      out.write(bytes, 0, bytes.length);
      out.flush();
    }

    @Override
    public void err(byte[] bytes) {
      anything = true;
      err.write(bytes, 0, bytes.length);
      err.flush();
    }
  }

  /** A connection to the daemon of this address, or empty when none listens. */
  private static Optional<SocketChannel> connect(DaemonAddress address) throws IOException {
    if (!Files.exists(address.socket())) {
      return Optional.empty();
    }
    try {
      return Optional.of(SocketChannel.open(UnixDomainSocketAddress.of(address.socket())));
    } catch (java.net.SocketException e) {
      return Optional.empty(); // a killed daemon's socket: the next daemon deletes it
    }
  }

  /**
   * Starts the daemon of this address and connects to it; empty, having said why, when it does not
   * listen in time.
   */
  private Optional<SocketChannel> start(DaemonAddress address) throws IOException {
    List<String> jvmOptions = new ArrayList<>(daemonOptions);
    jvmOptions.addAll(ClassArchive.mappedByDaemon(daemonOptions, classPath));
    List<String> command = new ArrayList<>();
    setsid().ifPresent(command::add);
    command.addAll(
        BatchJvm.command(
            java,
            jvmOptions,
            "daemon",
            classPath,
            DaemonServer.class.getName(),
            List.of(address.directory().toString(), address.key())));
    Files.writeString(
        address.log(), "threadlint daemon set-up " + address.key() + ":\n" + address.setUp());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(address.log().toFile()));
    Map<String, String> environment = builder.environment();
    environment.remove("JDK_JAVA_OPTIONS"); // this JVM's options are on the command line already
    Process daemon = builder.start();
    daemon.getOutputStream().close(); // it reads nothing
    try {
      Optional<SocketChannel> connected = awaitListening(address, daemon);
      if (connected.isPresent()) {
        long idle = Long.getLong(DaemonServer.IDLE_PROPERTY, DaemonServer.IDLE_SECONDS_DEFAULT);
        err.printf(
            "threadlint: started an analysis daemon for runs like this one; it ends after %s idle,"
                + " or when %s is deleted%n",
            idle % 60 == 0 ? idle / 60 + " minutes" : Math.max(1, idle) + " s", address.socket());
      }
      return connected;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Optional<SocketChannel> awaitListening(DaemonAddress address, Process daemon)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    long deadline = started + TimeUnit.MILLISECONDS.toNanos(START_WITHIN_MILLIS);
    while (System.nanoTime() < deadline) {
      Optional<SocketChannel> connected = connect(address);
      if (connected.isPresent()) {
        return connected;
      }
      if (!daemon.isAlive()) {
        if (daemon.exitValue() != Main.OK) {
          without("the daemon ended with code " + daemon.exitValue() + "; see " + address.log());
          return Optional.empty();
        }
        // it found another daemon of its key, which listens soon
        deadline = Math.min(deadline, started + TimeUnit.MILLISECONDS.toNanos(OTHER_WITHIN_MILLIS));
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    daemon.destroy();
    without("the daemon did not listen within " + START_WITHIN_MILLIS / 1000 + " s");
    return Optional.empty();
  }

  /**
   * {@code setsid}, where there is one: the daemon then has a session of its own, so that an
   * interrupt typed at the terminal while this run starts it stops this run, not the daemon.
   */
  private static Optional<String> setsid() {
    for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
