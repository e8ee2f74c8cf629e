package dev.threadlint.rules.deadlock;

import dev.threadlint.deadlock.LockOrder;
import dev.threadlint.deadlock.LockOrder.Edge;
import dev.threadlint.deadlock.LockOrderFacts.CallFact;
import dev.threadlint.deadlock.LockOrderFacts.MethodLocksFact;
import dev.threadlint.deadlock.LockOrderFacts.OrderFact;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.ProjectModel;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Location;
import dev.threadlint.findings.Severity;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
                  + " regions, calls to methods of the same class, and calls on objects of"
                  + " project classes (across files), for locks whose identity is certain (this,"
                  + " class literals, final fields).")
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
    for (Edge edge : LockOrder.of(file).edges()) {
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

  /**
   * Orders that cross files or classes: a call on another object made with locks held takes that
   * object's locks. Pairs whose two edges lie in one file and come from that file alone were
   * reported by {@link #checkFile}.
   */
  @Override
  public void checkProject(ProjectModel project, FindingSink sink) {
    Map<List<Object>, List<String>> methodLocks = new HashMap<>();
    project
        .facts(MethodLocksFact.class)
        .forEach(m -> methodLocks.put(List.of(m.type(), m.method(), m.arity()), m.locks()));
    List<ProjectEdge> edges = new ArrayList<>();
    project
        .facts(OrderFact.class)
        .forEach(
            o ->
                edges.add(
                    new ProjectEdge(
                        o.outer(), o.inner(), o.site(), o.member(), Set.copyOf(o.held()), false)));
    project
        .facts(CallFact.class)
        .forEach(
            call -> {
              List<List<String>> matches =
                  call.receiverTypes().stream()
                      .map(type -> methodLocks.get(List.of(type, call.method(), call.arity())))
                      .filter(java.util.Objects::nonNull)
                      .toList();
              if (matches.size() != 1
                  || call.receiverTypes().stream()
                      .anyMatch(type -> call.held().contains(LockOrder.MAYBE + type))) {
                return; // unknown or ambiguous receiver, or one this thread may already lock
              }
              for (String inner : matches.get(0)) {
                if (call.held().contains(inner)) {
                  continue;
                }
                for (String outer : call.held()) {
                  if (outer.startsWith(LockOrder.MAYBE)) {
                    continue;
                  }
                  edges.add(
                      new ProjectEdge(
                          outer, inner, call.site(), call.member(), Set.copyOf(call.held()), true));
                }
              }
            });
    Map<List<String>, ProjectEdge> first = new LinkedHashMap<>();
    edges.stream()
        .sorted(
            Comparator.comparing((ProjectEdge e) -> e.site().path())
                .thenComparingInt(e -> e.site().startLine()))
        .forEach(e -> first.putIfAbsent(List.of(e.outer(), e.inner()), e));
    Set<List<String>> reported = new HashSet<>();
    for (ProjectEdge edge : first.values()) {
      ProjectEdge inverse = first.get(List.of(edge.inner(), edge.outer()));
      if (inverse == null
          || (!edge.crossing()
              && !inverse.crossing()
              && edge.site().path().equals(inverse.site().path()))
          || !reported.add(List.of(edge.outer(), edge.inner()))) {
        continue;
      }
      reported.add(List.of(edge.inner(), edge.outer()));
      Set<String> common = new HashSet<>(edge.held());
      common.retainAll(inverse.held());
      common.remove(edge.outer());
      common.remove(edge.inner());
      if (!common.isEmpty()) {
        continue;
      }
      ProjectEdge later = isAfter(edge, inverse) ? edge : inverse;
      ProjectEdge earlier = later == edge ? inverse : edge;
      RuleMetadata meta = metadata();
      sink.report(
          Finding.of(
                  meta.id(),
                  meta.severity(),
                  later.site(),
                  later.member(),
                  String.format(
                      "%s is taken here while %s is held, but %s:%d takes them the other way"
                          + " round: two threads doing both can deadlock; take them in one order",
                      describe(later.inner()),
                      describe(later.outer()),
                      fileName(earlier.site().path()),
                      earlier.site().startLine()))
              .withRelated(List.of(earlier.site().withMessage("the opposite order"))),
          List.of());
    }
  }

  /** An ordered pair of locks somewhere in the project; crossing when it came from a call. */
  private record ProjectEdge(
      String outer,
      String inner,
      Location site,
      String member,
      Set<String> held,
      boolean crossing) {}

  private static boolean isAfter(ProjectEdge one, ProjectEdge other) {
    int byPath = one.site().path().compareTo(other.site().path());
    return byPath != 0 ? byPath > 0 : one.site().startLine() >= other.site().startLine();
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
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

  /** A lock name as people write it: {@code Account.this}, {@code Account.class}, a field. */
  static String describe(String lock) {
    int colon = lock.indexOf(':');
    String kind = lock.substring(0, colon);
    String name = lock.substring(colon + 1);
    int hash = name.indexOf('#');
    String type = hash < 0 ? name : name.substring(0, hash);
    String simpleType = type.substring(type.lastIndexOf('.') + 1);
    return switch (kind) {
      case "this" -> "the monitor of " + simpleType + ".this";
      case "class" -> "the monitor of " + simpleType + ".class";
      default -> "'" + simpleType + "." + name.substring(hash + 1) + "'";
    };
  }
}
