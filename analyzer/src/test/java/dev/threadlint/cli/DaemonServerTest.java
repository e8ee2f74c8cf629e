package dev.threadlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadlint.cli.DaemonWire.Answer;
import dev.threadlint.cli.DaemonWire.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's loop, served on a thread of the test's JVM and asked over its socket. */
class DaemonServerTest {
  private static final String KEY = "0123456789abcdef";
  private static final String HERE = Path.of("").toAbsolutePath().toString();

  @TempDir Path dir;

  private final ExecutorService daemons = Executors.newCachedThreadPool();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private DaemonAddress address;
  private Path source;

  @BeforeEach
  void setUp() throws IOException {
    address = new DaemonAddress(KEY, "", Files.createDirectory(dir.resolve("daemons")));
    source = BadThreadSource.writeBelow(Files.createDirectory(dir.resolve("src")));
  }

  @AfterEach
  void stopDaemons() throws Exception {
    Files.deleteIfExists(address.socket());
    daemons.shutdown();
    assertThat(daemons.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
  }

  private Future<Integer> daemon(long idleSeconds) throws Exception {
    PrintStream to = new PrintStream(log, true, StandardCharsets.UTF_8);
    Future<Integer> served =
        daemons.submit(() -> new DaemonServer(address, idleSeconds, to).serve());
    for (int i = 0; i < 500 && !Files.exists(address.socket()) && !served.isDone(); i++) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    return served;
  }

  /** The answer to these bytes, with what it printed. */
  private Answered ask(byte[] request) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (SocketChannel connection =
        SocketChannel.open(UnixDomainSocketAddress.of(address.socket()))) {
      connection.write(ByteBuffer.wrap(request));
      Answer answer =
          DaemonWire.relay(
              Channels.newInputStream(connection),
              new DaemonWire.Relay() {
                @Override
                public void out(byte[] bytes) {
                  out.writeBytes(bytes);
                }

                @Override
                public void err(byte[] bytes) {
                  err.writeBytes(bytes);
                }
              });
      return new Answered(
          answer, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  private Answered run(String... args) throws IOException {
    return ask(new Request(KEY, HERE, "UTF-8", List.of(args)).encoded());
  }

  private record Answered(Answer answer, String out, String err) {}

  @Test
  void servesRunAfterRunUntilItsSocketIsDeleted() throws Exception {
    Future<Integer> served = daemon(600);

    Answered first = run(source.toString());
    assertThat(first.answer()).isEqualTo(new Answer(1, true));
    assertThat(first.out())
        .containsPattern("Starter\\.java:6:7: warning: \\[thread-run-direct\\]")
        .contains("findings=1");

    Answered second = run("--fail-on", "none", source.toString());
    assertThat(second.answer().exitCode()).isZero();
    assertThat(second.out()).contains("findings=1");

    Answered usage = run("--threads", "0", source.toString());
    assertThat(usage.answer().exitCode()).isEqualTo(2);
    assertThat(usage.err()).contains("--threads: must be at least 1");
    assertThat(usage.out()).isEmpty();

    Files.delete(address.socket());
    assertThat(served.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("ends: its socket was deleted");
  }

  @Test
  void aRunOfAnotherSetUpOrDirectoryIsNotAnswered() throws Exception {
    Future<Integer> served = daemon(600);
    String[] args = {source.toString()};

    assertThat(
            ask(new Request("fedcba9876543210", HERE, "UTF-8", List.of(args)).encoded()).answer())
        .isEqualTo(new Answer(null, false));
    assertThat(ask(new Request(KEY, "/elsewhere", "UTF-8", List.of(args)).encoded()).answer())
        .isEqualTo(new Answer(null, false));
    try {
      assertThat(ask("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).answer())
          .isEqualTo(new Answer(null, false));
    } catch (java.net.SocketException reset) {
      // closed with bytes unread: the connection is reset, which is no answer either
    }

    assertThat(run(args).answer().exitCode()).as("still serving").isEqualTo(1);
    assertThat(served.isDone()).isFalse();
  }

  @Test
  void aRunWhoseCommandLineGoesAwayIsInterruptedAndTheNextOneServed() throws Exception {
    Path many = Files.createDirectory(dir.resolve("many"));
    for (int i = 0; i < 1_500; i++) {
      Files.writeString(
          many.resolve("Counter" + i + ".java"),
          "class Counter"
              + i
              + " {\n  private int count;\n  synchronized void add() { count++; }\n"
              + "  int count() { return count; }\n}\n");
    }
    Future<Integer> served = daemon(600);

    try (SocketChannel connection =
        SocketChannel.open(UnixDomainSocketAddress.of(address.socket()))) {
      connection.write(
          ByteBuffer.wrap(new Request(KEY, HERE, "UTF-8", List.of(many.toString())).encoded()));
    } // gone before the run can end: Ctrl-C

    Answered next = run(source.toString());
    assertThat(next.answer().exitCode()).isEqualTo(1);
    assertThat(next.out()).contains("findings=1");
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("a run's command line went away before its end (the run ended with code 3)");
    assertThat(served.isDone()).isFalse();
  }

  @Test
  void endsWhenIdle() throws Exception {
    Future<Integer> served = daemon(1);

    assertThat(served.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("ends: idle for 1 s");
    assertThat(address.socket()).doesNotExist();
  }

  @Test
  void oneDaemonServesAKey() throws Exception {
    Future<Integer> first = daemon(600);
    Future<Integer> second =
        daemons.submit(
            () ->
                new DaemonServer(address, 600, new PrintStream(OutputStreamSink.INSTANCE, true))
                    .serve());

    assertThat(second.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(run(source.toString()).answer().exitCode()).isEqualTo(1);
    assertThat(first.isDone()).isFalse();
  }

  /** Discards what the second daemon logs. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}
  }
}
