package dev.threadlint.model;

import dev.threadlint.facts.Names;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A call from one body, with what the call graph needs to resolve it and the locks held at it.
 *
 * @param name the method name ({@code <init>} for {@code this(...)}/{@code super(...)} and {@code
 *     new})
 * @param arity the number of arguments
 * @param receiver whose method it is
 * @param receiverField for {@link Receiver#FIELD}, the field's name; {@code ""} otherwise
 * @param receiverTypes the qualified names the receiver's static type may stand for (most likely
 *     first); empty when unknown; for {@code this}, the caller's own type
 * @param isSuper {@code super.m()} or {@code super(...)}: no dynamic dispatch
 * @param locks the locks held at the call
 * @param setUp the call is made before the object is shared (constructor, pre-start set-up)
 * @param site where
 * @param receiverHeld the caller holds the receiver's own monitor at the call ({@code synchronized
 *     (node) { node.addChild(c); }}): the callee runs with its {@code this} locked
 */
public record Call(
    String name,
    int arity,
    Receiver receiver,
    String receiverField,
    List<String> receiverTypes,
    boolean isSuper,
    Set<LockId> locks,
    boolean setUp,
    Site site,
    boolean receiverHeld)
    implements Serializable {
  public Call {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(receiver, "receiver");
    Objects.requireNonNull(receiverField, "receiverField");
    name = Names.shared(name); // kept by every call: one copy per name (Names)
    receiverField = Names.shared(receiverField);
    receiverTypes = Names.shared(receiverTypes);
    locks = Set.copyOf(locks);
    Objects.requireNonNull(site, "site");
  }
}
