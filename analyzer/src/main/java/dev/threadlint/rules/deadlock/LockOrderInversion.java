package dev.threadlint.rules.deadlock;

import dev.threadlint.deadlock.LockOrder;
import dev.threadlint.deadlock.LockOrder.Edge;
import dev.threadlint.facts.FileContext;
import dev.threadlint.findings.Severity;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two locks taken in opposite orders in one file: a thread holding A and wanting B and another
 * holding B and wanting A wait for each other for ever. Reported once per pair, at the later of the
 * two acquisitions, with the other as the related location.
 */
public final class LockOrderInversion implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "lock-order-inversion",
              Family.DEADLOCK,
              Severity.WARNING,
              "Two locks taken in opposite orders",
              "When one path takes lock A and then B while another takes B and then A, two"
                  + " threads can each hold one and wait for the other: a deadlock that no"
                  + " timeout ends. threadlint follows nested synchronized blocks, lock()/try/finally"
                  + " regions and calls to methods of the same class, for locks whose"
                  + " identity is certain (this, class literals, final fields).")
          .equivalent(Tool.INFER, "DEADLOCK")
          .fix(
              "Take the locks in one global order everywhere (for example always the account with"
                  + " the smaller id first), or take only one of them at a time.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    Map<List<String>, Edge> first = new LinkedHashMap<>();
    for (Edge edge : LockOrder.edges(file)) {
      first.putIfAbsent(List.of(edge.outer(), edge.inner()), edge);
    }
    Set<List<String>> reported = new HashSet<>();
    for (Edge edge : first.values()) {
      Edge inverse = first.get(List.of(edge.inner(), edge.outer()));
      if (inverse == null || gated(edge, inverse)) {
        continue;
      }
      Edge later = line(edge) >= line(inverse) ? edge : inverse;
      Edge earlier = later == edge ? inverse : edge;
      if (!reported.add(List.of(later.outer(), later.inner()))) {
        continue;
      }
      reported.add(List.of(earlier.outer(), earlier.inner()));
      sink.report(
          finding(
                  file,
                  later.site(),
                  String.format(
                      "%s is taken here while %s is held, but line %d takes them the other way"
                          + " round: two threads doing both can deadlock; take them in one order",
                      describe(later.inner()), describe(later.outer()), line(earlier)))
              .withRelated(List.of(file.location(earlier.site(), "the opposite order"))));
    }
  }

  /** Both orders happen under a third lock: only one thread at a time can be in either. */
  private static boolean gated(Edge one, Edge other) {
    Set<String> common = new HashSet<>(one.held());
    common.retainAll(other.held());
    common.remove(one.outer());
    common.remove(one.inner());
    return !common.isEmpty();
  }

  private static int line(Edge edge) {
    return edge.site().getBegin().map(p -> p.line).orElse(0);
  }

  private static String describe(String lock) {
    int colon = lock.indexOf(':');
    String name = lock.substring(colon + 1);
    return switch (lock.substring(0, colon)) {
      case "this" -> "the monitor of " + name + ".this";
      case "class" -> "the monitor of " + name + ".class";
      default -> "'" + name + "'";
    };
  }
}
