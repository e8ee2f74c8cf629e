package dev.threadlint.model;

import java.util.List;
import java.util.Objects;

/**
 * An access as a root body reaches it, itself or through its callees on {@code this}: what race
 * rules judge.
 *
 * @param access the access, with the root's and every caller's locks added
 * @param root the body a thread enters (a method of the API, run(), a task)
 * @param contexts how the root comes to run
 * @param via the call in the root that leads to the access; {@code null} when the root makes it
 */
public record Occurrence(
    Access access, MethodSummary root, List<ThreadContext> contexts, Site via) {
  public Occurrence {
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(root, "root");
    contexts = List.copyOf(contexts);
  }

  /** Where to report it: at the call that leads to it, or at the access itself. */
  public Site reportSite() {
    return via == null ? access.site() : via;
  }

  /** True when some context of this and some context of the other may overlap in time. */
  public boolean mayRunWith(Occurrence other) {
    for (ThreadContext mine : contexts) {
      for (ThreadContext theirs : other.contexts) {
        if (mine.mayRunWith(theirs)) {
          return true;
        }
      }
    }
    return false;
  }
}
