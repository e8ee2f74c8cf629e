package dev.threadlint.maven;

import dev.threadlint.AnalysisAbortedException;
import dev.threadlint.Check;
import dev.threadlint.CheckResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs a gate: the check, then what the build's log shows of it. The same in Maven's JVM and in a
 * JVM of its own ({@link ForkedGate}).
 */
final class GateRun {
  private GateRun() {}

  static GateOutcome run(GateRequest request) {
    // the cache warns from the threads that read it
    List<GateOutcome.Line> logged = Collections.synchronizedList(new ArrayList<>());
    try {
      CheckResult result =
          Check.run(
              request.check(
                  warning ->
                      logged.add(
                          new GateOutcome.Line(GateOutcome.Level.WARN, "threadlint: " + warning))));
      return GateOutcome.of(result, request, copy(logged));
    } catch (IllegalArgumentException e) {
      return GateOutcome.error(copy(logged), "threadlint: " + e.getMessage());
    } catch (IOException e) {
      return GateOutcome.error(
          copy(logged), "threadlint: cannot write a report: " + e.getMessage());
    } catch (AnalysisAbortedException | UncheckedIOException e) {
      return GateOutcome.error(copy(logged), "threadlint: analysis failed: " + e.getMessage());
    }
  }

  private static List<GateOutcome.Line> copy(List<GateOutcome.Line> logged) {
    synchronized (logged) {
      return List.copyOf(logged);
    }
  }
}
