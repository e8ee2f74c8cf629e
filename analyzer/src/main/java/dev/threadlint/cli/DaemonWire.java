package dev.threadlint.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a command line and its analysis daemon say to each other over the daemon's socket.
 *
 * <p>The command line sends one request: {@link #MAGIC}, the payload's length, and the payload (the
 * daemon's key, the working directory, the console's charset and the arguments). The daemon answers
 * with frames, each a kind byte, a length and that many bytes: {@link #OUT} and {@link #ERR} carry
 * what the run printed, in order; {@link #EXIT} carries the exit code (4 bytes) and ends the
 * answer. A connection that ends without an exit frame was not answered.
 */
final class DaemonWire {
  static final int MAGIC = 0x544c4431; // "TLD1": this protocol, the first of its name
  static final byte OUT = 1;
  static final byte ERR = 2;
  static final byte EXIT = 3;

  /** A request is a command line; one of more than this is not one. */
  static final int REQUEST_AT_MOST = 4 << 20;

  /** The size of one output frame at most; a longer write is split. */
  private static final int FRAME_AT_MOST = 64 << 10;

  private DaemonWire() {}

  /**
   * A run asked of the daemon.
   *
   * @param key the key of the daemon the command line means ({@link DaemonAddress})
   * @param workingDirectory the command line's, which relative paths are resolved against
   * @param charset the charset the command line's console prints in
   * @param args the command line's arguments
   */
  record Request(String key, String workingDirectory, String charset, List<String> args) {
    Request {
      args = List.copyOf(args);
    }

    /** The request as sent: magic, length, payload. */
    byte[] encoded() {
      ByteArrayOutputStream payload = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(payload)) {
        writeString(out, key);
        writeString(out, workingDirectory);
        writeString(out, charset);
        out.writeInt(args.size());
        for (String arg : args) {
          writeString(out, arg);
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot happen in memory", e);
      }
      ByteBuffer whole = ByteBuffer.allocate(8 + payload.size());
      whole.putInt(MAGIC).putInt(payload.size()).put(payload.toByteArray());
      return whole.array();
    }

    /**
     * The request in a payload whose length the header gave.
     *
     * @throws IOException when the payload is not a request
     */
    static Request decode(byte[] payload) throws IOException {
      DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
      String key = readString(in);
      String workingDirectory = readString(in);
      String charset = readString(in);
      int count = in.readInt();
      if (count < 0 || count > payload.length) {
        throw new IOException("not a request: " + count + " arguments");
      }
      List<String> args = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        args.add(readString(in));
      }
      if (in.available() > 0) {
        throw new IOException("not a request: " + in.available() + " bytes after it");
      }
      return new Request(key, workingDirectory, charset, args);
    }
  }

  /**
   * The payload's length in a request's header.
   *
   * @throws IOException when the header is not one of this protocol, or the length is too large
   */
  static int payloadLength(ByteBuffer header) throws IOException {
    int magic = header.getInt(0);
    int length = header.getInt(4);
    if (magic != MAGIC) {
      throw new IOException("not a threadlint request");
    }
    if (length < 0 || length > REQUEST_AT_MOST) {
      throw new IOException("a request of " + length + " bytes");
    }
    return length;
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("not a request: a string of " + length + " bytes");
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  /**
   * The daemon's side of an answer: output streams whose writes become frames, and the exit frame.
   * The run's standard output and error write from any of its threads; each frame is written whole.
   */
  static final class Frames {
    private final DataOutputStream out;

    Frames(OutputStream out) {
      this.out = new DataOutputStream(out);
    }

    /** A stream whose bytes go out in frames of this kind ({@link #OUT} or {@link #ERR}). */
    OutputStream stream(byte kind) {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
          for (int at = offset; at < offset + length; at += FRAME_AT_MOST) {
            frame(kind, bytes, at, Math.min(FRAME_AT_MOST, offset + length - at));
          }
        }
      };
    }

    /** The last frame: the run's exit code. */
    void exit(int code) throws IOException {
      synchronized (out) {
        out.writeByte(EXIT);
        out.writeInt(4);
        out.writeInt(code);
        out.flush();
      }
    }

    private void frame(byte kind, byte[] bytes, int offset, int length) throws IOException {
      synchronized (out) {
        out.writeByte(kind);
        out.writeInt(length);
        out.write(bytes, offset, length);
        out.flush();
      }
    }
  }

  /** What the command line does with each frame of an answer. */
  interface Relay {
    void out(byte[] bytes) throws IOException;

    void err(byte[] bytes) throws IOException;
  }

  /**
   * Reads an answer's frames into the relay up to its exit frame.
   *
   * @return the exit code, or empty when the connection ended before the exit frame; {@code
   *     anything} then tells whether any frame came first
   */
  static Answer relay(InputStream from, Relay relay) throws IOException {
    DataInputStream in = new DataInputStream(from);
    boolean anything = false;
    while (true) {
      int kind;
      try {
        kind = in.readUnsignedByte();
      } catch (EOFException ended) {
        return new Answer(null, anything);
      }
      int length = in.readInt();
      if (length < 0 || length > FRAME_AT_MOST) {
        throw new IOException("a frame of " + length + " bytes");
      }
      if (kind == EXIT && length != 4) {
        throw new IOException("an exit frame of " + length + " bytes");
      }
      byte[] bytes = in.readNBytes(length);
      if (bytes.length < length) {
        return new Answer(null, true);
      }
      anything = true;
      switch (kind) {
        case OUT -> relay.out(bytes);
        case ERR -> relay.err(bytes);
        case EXIT -> {
          return new Answer(ByteBuffer.wrap(bytes).getInt(), true);
        }
        default -> throw new IOException("a frame of unknown kind " + kind);
      }
    }
  }

  /**
   * How an answer ended.
   *
   * @param exitCode the run's exit code; null when the connection ended before it
   * @param anything whether any frame came
   */
  record Answer(Integer exitCode, boolean anything) {}
}
