package dev.threadlint.protocol;

/**
 * What one path knows about one resource. Sites are {@link ResourceOp#id()}s of the body, never AST
 * nodes, so that path states compare cheaply and by identity of the call.
 */
public sealed interface Holding {

  /** Not acquired on this path (nothing known: a release here may be a hand-off). */
  record None() implements Holding {}

  /**
   * Held: {@code count} permits (or lock holds, for reentrant locks) taken at {@code site}; {@code
   * partial} once some but not all of them were released.
   */
  record Held(int count, int site, boolean partial) implements Holding {}

  /** The acquire at {@code site} failed: it threw, or a try-acquire returned false. */
  record Failed(int site, boolean fromTry) implements Holding {}

  /** Held and then fully released at {@code site}. */
  record Released(int site) implements Holding {}

  /**
   * Handed at {@code site} to asynchronous code that releases it (a completion callback, an
   * executor task): no longer this body's to release.
   */
  record HandedOff(int site) implements Holding {}

  /** The path used the resource in a way the analysis does not follow: report nothing. */
  record Untracked() implements Holding {}

  // None and Untracked are created only here, so no thread can initialise them before Holding
  // threadlint:ignore class-init-deadlock — see above
  Holding NONE = new None();
  // threadlint:ignore class-init-deadlock — see above
  Holding UNTRACKED = new Untracked();

  /** True when a permit or hold may be outstanding. */
  default boolean isHeld() {
    return this instanceof Held held && held.count() != 0;
  }
}
