package dev.threadlint.protocol;

import dev.threadlint.facts.Fact;
import dev.threadlint.model.LockId;
import java.io.Serializable;
import java.util.Objects;

/**
 * A {@link HelperSummary} of a non-private method, as a fact other files can use: callers in other
 * files treat {@code pool.acquireSlot()} as the acquire it wraps. Keyed by the method (owner, name,
 * arity) and the lock's {@link LockId}.
 *
 * @param owner the qualified name of the class declaring the method
 * @param method the method's name
 * @param arity its number of parameters
 * @param lock the semaphore or lock field it acts on
 * @param type semaphore or lock
 * @param effect what it does on normal return
 * @param permits permits taken or given back, or {@link ResourceOp#UNKNOWN}
 */
public record HelperFact(
    String owner,
    String method,
    int arity,
    LockId lock,
    Resource.Type type,
    HelperSummary.Effect effect,
    int permits)
    implements Fact, Serializable {
  private static final long serialVersionUID = 1L;

  public HelperFact {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(effect, "effect");
  }
}
