package dev.threadlint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DaemonClientTest {
  @Test
  void aDaemonIsAskedForByTheOptionBeforeAnyDoubleDash() {
    assertThat(DaemonClient.asked(new String[] {"--daemon", "src"})).isTrue();
    assertThat(DaemonClient.asked(new String[] {"--cache", "c", "src", "--daemon"})).isTrue();
    assertThat(DaemonClient.asked(new String[] {"src"})).isFalse();
    assertThat(DaemonClient.asked(new String[] {"--", "--daemon"})).as("a path").isFalse();
    assertThat(DaemonClient.asked(new String[] {"--daemonic"})).isFalse();
  }
}
