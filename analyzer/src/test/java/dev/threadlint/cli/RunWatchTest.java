package dev.threadlint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunWatchTest {
  @TempDir Path dir;

  private ServerSocketChannel server;
  private SocketChannel commandLine;
  private SocketChannel daemonSide;

  @BeforeEach
  void connect() throws IOException {
    UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(address);
    commandLine = SocketChannel.open(address);
    daemonSide = server.accept();
  }

  @AfterEach
  void close() throws IOException {
    commandLine.close();
    daemonSide.close();
    server.close();
    Thread.interrupted(); // whatever a failed test left
  }

  @Test
  void aCommandLineThatGoesAwayInterruptsTheRun() throws Exception {
    RunWatch watch = RunWatch.start(daemonSide);

    commandLine.close();

    assertThatThrownBy(() -> TimeUnit.SECONDS.sleep(30)).isInstanceOf(InterruptedException.class);
    assertThat(watch.stop()).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aRunThatEndsIsNotInterruptedAfterwards() throws Exception {
    RunWatch watch = RunWatch.start(daemonSide);

    assertThat(watch.stop()).isFalse();
    commandLine.close();

    TimeUnit.MILLISECONDS.sleep(200); // an interrupt would come now
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void anInterruptThatCameAsTheRunEndedIsCleared() throws Exception {
    RunWatch watch = RunWatch.start(daemonSide);
    commandLine.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // the run's last work, which waits for nothing
    }
    assertThat(Thread.currentThread().isInterrupted()).isTrue();

    assertThat(watch.stop()).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
