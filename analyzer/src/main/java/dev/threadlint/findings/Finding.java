package dev.threadlint.findings;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One reported problem: an immutable value that rules create and filters and reporters read.
 *
 * @param ruleId the rule's id, or {@code parse-error} / {@code internal-error}
 * @param severity effective severity
 * @param message what is wrong, naming the variable or field and what to do
 * @param location the primary location
 * @param related other places that explain the finding (the other side of a race, a lock order)
 * @param flow steps of a path that leads to the problem, in order (SARIF code flow); may be empty;
 *     when several threads take part, every thread's steps one after the other
 * @param member the enclosing member ({@code Type.method}), part of the fingerprint; may be empty
 * @param fingerprint stable identity for baselines and SARIF, filled in by the analyzer; may be
 *     empty before that
 * @param threadFlows the steps of {@code flow} split by the thread that takes them (a lock-order
 *     inversion has two: one per order); one list when a single thread explains the finding, empty
 *     when there is no flow
 */
public record Finding(
    String ruleId,
    Severity severity,
    String message,
    Location location,
    List<Location> related,
    List<Location> flow,
    String member,
    String fingerprint,
    List<List<Location>> threadFlows)
    implements java.io.Serializable {

  /**
   * Report order: path, line, column, rule id, message. Output is identical for any thread count.
   */
  public static final Comparator<Finding> ORDER =
      Comparator.comparing((Finding f) -> f.location().path())
          .thenComparingInt(f -> f.location().startLine())
          .thenComparingInt(f -> f.location().startColumn())
          .thenComparing(Finding::ruleId)
          .thenComparing(Finding::message);

  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(location, "location");
    related = List.copyOf(related);
    flow = List.copyOf(flow);
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(fingerprint, "fingerprint");
    threadFlows = threadFlows.stream().filter(t -> !t.isEmpty()).map(List::copyOf).toList();
    if (threadFlows.isEmpty()) {
      threadFlows = flow.isEmpty() ? List.of() : List.of(flow);
    } else {
      flow = threadFlows.stream().flatMap(List::stream).toList();
    }
  }

  /** A finding whose flow is one thread's (or none). */
  public Finding(
      String ruleId,
      Severity severity,
      String message,
      Location location,
      List<Location> related,
      List<Location> flow,
      String member,
      String fingerprint) {
    this(ruleId, severity, message, location, related, flow, member, fingerprint, List.of());
  }

  /** A finding with no related locations or flow. */
  public static Finding of(
      String ruleId, Severity severity, Location location, String member, String message) {
    return new Finding(ruleId, severity, message, location, List.of(), List.of(), member, "");
  }

  /** The same finding with other related locations. */
  public Finding withRelated(List<Location> newRelated) {
    return new Finding(
        ruleId, severity, message, location, newRelated, flow, member, fingerprint, threadFlows);
  }

  /**
   * The same finding with a code flow that several threads take part in, one list of steps per
   * thread (SARIF: one code flow with one thread flow each).
   */
  public Finding withThreadFlows(List<List<Location>> newThreadFlows) {
    return new Finding(
        ruleId,
        severity,
        message,
        location,
        related,
        List.of(),
        member,
        fingerprint,
        newThreadFlows);
  }

  /** The same finding with a code flow. */
  public Finding withFlow(List<Location> newFlow) {
    return new Finding(ruleId, severity, message, location, related, newFlow, member, fingerprint);
  }

  /** The same finding with its fingerprint. */
  public Finding withFingerprint(String newFingerprint) {
    return new Finding(
        ruleId, severity, message, location, related, flow, member, newFingerprint, threadFlows);
  }

  /** The same finding with another severity (configuration may lower or raise it). */
  public Finding withSeverity(Severity newSeverity) {
    return new Finding(
        ruleId, newSeverity, message, location, related, flow, member, fingerprint, threadFlows);
  }
}
