package dev.threadlint.rules;

import dev.threadlint.rules.thread.DaemonAfterStart;
import dev.threadlint.rules.thread.DeprecatedThreadControl;
import dev.threadlint.rules.thread.ThreadRunDirect;
import dev.threadlint.rules.thread.ThreadStartedTwice;
import java.util.List;
import java.util.Optional;

/** The registry: every rule, once. Adding a rule is one line here. */
public final class Rules {
  private Rules() {}

  /** Every rule in report order of families. */
  public static final List<Rule> ALL =
      List.of(
          // thread
          new ThreadRunDirect(),
          new DaemonAfterStart(),
          new ThreadStartedTwice(),
          new DeprecatedThreadControl());

  /** The rule with this id. */
  public static Optional<Rule> byId(String id) {
    return ALL.stream().filter(r -> r.metadata().id().equals(id)).findFirst();
  }
}
