package dev.threadlint.model;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one body does that matters to concurrency, without its AST: the fields it touches, the locks
 * it takes, the calls it makes, and how it comes to run. Composition over the call graph adds what
 * its callees do ({@link ConcurrencyModel#accessesOf}).
 *
 * @param key owner, name and arity
 * @param flags modifiers and roles
 * @param contexts the ways this body comes to run by itself (callers add theirs)
 * @param accesses the field accesses in the body
 * @param takes the locks taken in the body, in order
 * @param calls the calls the body makes
 * @param assumedHeld locks every caller must hold: {@code @GuardedBy} on the method, asserted
 *     {@code holdsLock}/{@code isHeldByCurrentThread}
 * @param returnsField for a getter whose body is {@code return f;}, the field's name; else {@code
 *     ""}
 * @param site the declaration
 */
public record MethodSummary(
    MethodKey key,
    Set<Flag> flags,
    List<ThreadContext> contexts,
    List<Access> accesses,
    List<LockTake> takes,
    List<Call> calls,
    Set<LockId> assumedHeld,
    String returnsField,
    Site site)
    implements Serializable {

  /** Modifiers and roles of a body. */
  public enum Flag {
    PUBLIC,
    PROTECTED,
    PRIVATE,
    STATIC,
    SYNCHRONIZED,
    ABSTRACT,
    /** A constructor or initializer: runs before {@code this} is shared. */
    CONSTRUCTOR,
    /** A lifecycle set-up method ({@code init}, {@code start}...). */
    SET_UP,
    /** A lambda or anonymous-class method: runs where it is handed, not where it is written. */
    NESTED_BODY,
    /** Read in the condition of a loop: a run loop that polls a flag. */
    POLLS,
    /** Asserts that one thread runs it ({@code assert inEventLoop();}). */
    ASSERTS_CONFINEMENT,
    /**
     * Code outside the project can call it: public or protected in a public type (every enclosing
     * type public too), so the project's own calls are not all its calls.
     */
    EXPORTED
  }

  public MethodSummary {
    Objects.requireNonNull(key, "key");
    flags = Set.copyOf(flags);
    contexts = List.copyOf(contexts);
    accesses = List.copyOf(accesses);
    takes = List.copyOf(takes);
    calls = List.copyOf(calls);
    assumedHeld = Set.copyOf(assumedHeld);
    Objects.requireNonNull(returnsField, "returnsField");
    Objects.requireNonNull(site, "site");
  }

  public boolean is(Flag flag) {
    return flags.contains(flag);
  }

  /** Package-private or private: callable only from code we can mostly see. */
  public boolean isHidden() {
    return is(Flag.PRIVATE) || !(is(Flag.PUBLIC) || is(Flag.PROTECTED));
  }
}
