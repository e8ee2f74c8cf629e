package dev.threadlint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadlint.cli.DaemonWire.Answer;
import dev.threadlint.cli.DaemonWire.Frames;
import dev.threadlint.cli.DaemonWire.Request;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaemonWireTest {
  private final ByteArrayOutputStream relayedOut = new ByteArrayOutputStream();
  private final ByteArrayOutputStream relayedErr = new ByteArrayOutputStream();

  private final DaemonWire.Relay relay =
      new DaemonWire.Relay() {
        @Override
        public void out(byte[] bytes) {
          relayedOut.writeBytes(bytes);
        }

        @Override
        public void err(byte[] bytes) {
          relayedErr.writeBytes(bytes);
        }
      };

  private static Request decoded(byte[] encoded) throws IOException {
    ByteBuffer header = ByteBuffer.wrap(Arrays.copyOf(encoded, 8));
    int length = DaemonWire.payloadLength(header);
    assertThat(length).isEqualTo(encoded.length - 8);
    return Request.decode(Arrays.copyOfRange(encoded, 8, encoded.length));
  }

  @Test
  void aRequestComesBackAsSent() throws IOException {
    Request request =
        new Request(
            "0123456789abcdef", "/home/dev/project", "UTF-8", List.of("--cache", "ç é", "src", ""));
    assertThat(decoded(request.encoded())).isEqualTo(request);
  }

  @Test
  void whatIsNotARequestIsRefused() {
    byte[] encoded = new Request("k", "/", "UTF-8", List.of("a")).encoded();
    byte[] otherMagic = encoded.clone();
    otherMagic[0] = 'X';
    assertThatThrownBy(() -> DaemonWire.payloadLength(ByteBuffer.wrap(otherMagic)))
        .hasMessageContaining("not a threadlint request");
    ByteBuffer huge = ByteBuffer.allocate(8).putInt(DaemonWire.MAGIC).putInt(Integer.MAX_VALUE);
    assertThatThrownBy(() -> DaemonWire.payloadLength(huge)).hasMessageContaining("bytes");
    byte[] payload = Arrays.copyOfRange(encoded, 8, encoded.length);
    assertThatThrownBy(() -> Request.decode(Arrays.copyOf(payload, payload.length - 1)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Request.decode(Arrays.copyOf(payload, payload.length + 1)))
        .hasMessageContaining("after it");
  }

  @Test
  void framesCarryOutputInOrderAndEndWithTheExitCode() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Frames frames = new Frames(wire);
    OutputStream out = frames.stream(DaemonWire.OUT);
    OutputStream err = frames.stream(DaemonWire.ERR);
    byte[] large = new byte[200_000]; // more than a frame holds
    Arrays.fill(large, (byte) 'x');
    out.write("first\n".getBytes(StandardCharsets.UTF_8));
    err.write('!');
    out.write(large);
    frames.exit(1);

    Answer answer = DaemonWire.relay(new ByteArrayInputStream(wire.toByteArray()), relay);

    assertThat(answer).isEqualTo(new Answer(1, true));
    assertThat(relayedOut.size()).isEqualTo(6 + large.length);
    assertThat(relayedOut.toString(StandardCharsets.UTF_8)).startsWith("first\nxxx");
    assertThat(relayedErr.toString(StandardCharsets.UTF_8)).isEqualTo("!");
  }

  @Test
  void aConnectionThatEndsBeforeTheExitFrameIsNotAnAnswer() throws IOException {
    assertThat(DaemonWire.relay(new ByteArrayInputStream(new byte[0]), relay))
        .isEqualTo(new Answer(null, false));

    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    new Frames(wire)
        .stream(DaemonWire.ERR).write("out of memory\n".getBytes(StandardCharsets.UTF_8));
    byte[] cut = wire.toByteArray();
    assertThat(DaemonWire.relay(new ByteArrayInputStream(cut), relay))
        .isEqualTo(new Answer(null, true));
    assertThat(
            DaemonWire.relay(new ByteArrayInputStream(Arrays.copyOf(cut, cut.length - 3)), relay))
        .isEqualTo(new Answer(null, true));
  }

  @Test
  void anExitFrameOfAnotherLengthIsRefused() {
    byte[] wire =
        ByteBuffer.allocate(7).put(DaemonWire.EXIT).putInt(2).put((byte) 0).put((byte) 1).array();
    assertThatThrownBy(() -> DaemonWire.relay(new ByteArrayInputStream(wire), relay))
        .hasMessageContaining("exit frame");
  }
}
