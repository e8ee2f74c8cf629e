package dev.threadlint.model;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One acquisition, in the order the body takes them.
 *
 * @param lock the lock taken
 * @param held the locks already held, outermost first
 * @param site where it is taken
 */
public record LockTake(LockId lock, List<LockId> held, Site site) implements Serializable {
  public LockTake {
    Objects.requireNonNull(lock, "lock");
    held = List.copyOf(held);
    Objects.requireNonNull(site, "site");
  }
}
