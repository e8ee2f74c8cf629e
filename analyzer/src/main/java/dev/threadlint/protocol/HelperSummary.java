package dev.threadlint.protocol;

import com.github.javaparser.ast.Node;
import java.util.Objects;

/**
 * What one method of a class does to a semaphore or lock field when it returns normally, so that
 * its callers can treat a call of it as the operation it wraps: {@code acquireSlot()} acquires,
 * {@code canEnqueueRequest()} acquires when it returns {@code true}, {@code clearDelegateContext()}
 * releases. When the method throws it is taken to have acquired nothing (it is only summarised when
 * no exceptional exit holds the resource) and to have released (like {@code release()} itself).
 *
 * @param name the summarised method's name
 * @param declaration its declaration when it is in the file being analysed; {@code null} for a
 *     method of another file (known from that file's {@link HelperFact})
 * @param resource the field it acts on, as the caller reaches it
 * @param effect what it does to it
 * @param permits how many permits (1 for locks), or {@link ResourceOp#UNKNOWN}
 */
public record HelperSummary(
    String name, Node declaration, Resource resource, Effect effect, int permits) {

  /** The net effect on normal return. */
  public enum Effect {
    /** Every normal return holds the resource. */
    ACQUIRES,
    /** Returns {@code true} holding the resource and {@code false} without it. */
    ACQUIRES_WHEN_TRUE,
    /**
     * Returns an object (a permit, handle or lease) holding the resource and {@code null} without
     * it: {@code Permit tryTake()}.
     */
    ACQUIRES_WHEN_NON_NULL,
    /** Every normal return has released it. */
    RELEASES
  }

  public HelperSummary {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(effect, "effect");
  }

  /** The kind of operation a call of the method is. */
  public ResourceOp.Kind kind() {
    return switch (effect) {
      case ACQUIRES -> ResourceOp.Kind.ACQUIRE;
      case ACQUIRES_WHEN_TRUE, ACQUIRES_WHEN_NON_NULL -> ResourceOp.Kind.TRY_ACQUIRE;
      case RELEASES -> ResourceOp.Kind.RELEASE;
    };
  }

  /**
   * For messages, beside the resource's name: {@code `canEnqueueRequest()` takes a permit when it
   * returns true}, {@code `clearDelegateContext()` releases it}.
   */
  public String describe() {
    boolean lock = resource.type() == Resource.Type.LOCK;
    String what =
        switch (effect) {
          case ACQUIRES -> lock ? "takes it" : "takes a permit";
          case ACQUIRES_WHEN_TRUE ->
              lock ? "takes it when it returns true" : "takes a permit when it returns true";
          case ACQUIRES_WHEN_NON_NULL ->
              lock
                  ? "takes it when it returns non-null"
                  : "takes a permit when it returns non-null";
          case RELEASES -> lock ? "releases it" : "gives a permit back";
        };
    return "`" + name + "()` " + what;
  }
}
