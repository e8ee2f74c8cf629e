package dev.threadlint.protocol;

/** Something the protocol analysis saw on some path; rules turn events into findings. */
public sealed interface ProtocolEvent {
  /** The resource the event is about. */
  Resource resource();

  /** A release reached on a path where the acquire at {@code failed} threw or returned false. */
  record ReleaseAfterFailure(ResourceOp release, ResourceOp failed, boolean fromTry)
      implements ProtocolEvent {
    @Override
    public Resource resource() {
      return release.resource();
    }
  }

  /** A second release on a path where {@code first} already released everything. */
  record DoubleRelease(ResourceOp release, ResourceOp first) implements ProtocolEvent {
    @Override
    public Resource resource() {
      return release.resource();
    }
  }

  /** {@code release(m)} with fewer than m permits held from {@code acquire}. */
  record OverRelease(ResourceOp release, ResourceOp acquire, int held) implements ProtocolEvent {
    @Override
    public Resource resource() {
      return release.resource();
    }
  }

  /**
   * The body ends (normally, or by an exception when {@code exceptional}) with permits or a lock
   * from {@code acquire} still held; {@code partial} when some were released on the way. {@code
   * failureReturn} is the line of the failure return that keeps it when the body's main way out
   * keeps it on purpose (it hands it on), 0 otherwise.
   */
  record Leak(ResourceOp acquire, boolean exceptional, boolean partial, int held, int failureReturn)
      implements ProtocolEvent {
    @Override
    public Resource resource() {
      return acquire.resource();
    }
  }

  /**
   * A permit handed to a callback that does not give it back on every way the asynchronous work can
   * end: {@code why} says which (it runs only on success; a path of the callback keeps it).
   */
  record CallbackLeak(ResourceOp handOff, String why) implements ProtocolEvent {
    @Override
    public Resource resource() {
      return handOff.resource();
    }
  }
}
