package dev.threadlint.rules.thread;

import dev.threadlint.rules.Rule;
import java.util.List;

/** The rules of the {@code thread} family, in report order. */
public final class ThreadRules {
  private ThreadRules() {}

  public static final List<Rule> ALL =
      List.of(
          new ThreadRunDirect(),
          new DaemonAfterStart(),
          new ThreadStartedTwice(),
          new DeprecatedThreadControl(),
          new UnjoinedThread(),
          new ExecutorNotShutdown(),
          new ThreadStartInConstructor(),
          new InterruptSwallowed(),
          new ThreadAsRunnable(),
          new ExecutorMisconfigured(),
          new ThreadLocalNotRemoved(),
          new VirtualThreadPinning());
}
