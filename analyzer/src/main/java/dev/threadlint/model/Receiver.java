package dev.threadlint.model;

/** Whose object an access or call reaches. */
public enum Receiver {
  /** {@code this} (or the enclosing instance, from a lambda or anonymous class). */
  THIS,
  /** A static field or method: shared by everyone. */
  STATIC,
  /** A field of {@code this}: another object that {@code this} holds. */
  FIELD,
  /** An object created in this body that has not escaped it: no other thread can see it. */
  OWNED,
  /** A parameter, a local of unknown origin, a call result. */
  OTHER
}
