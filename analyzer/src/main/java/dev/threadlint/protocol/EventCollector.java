package dev.threadlint.protocol;

import dev.threadlint.flow.CfgNode;
import dev.threadlint.flow.ControlFlowGraph;
import dev.threadlint.flow.Dataflow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays every operation over the fixpoint's path states to collect the events, and reads the
 * states at the exits for leaks. Each event is reported once however many paths show it.
 */
final class EventCollector {
  private EventCollector() {}

  static List<ProtocolEvent> collect(
      ControlFlowGraph graph,
      Dataflow.Result<PathSet> result,
      Map<CfgNode, List<ResourceOp>> byNode,
      List<ResourceOp> ops) {
    Set<ProtocolEvent> events = new LinkedHashSet<>();
    for (Map.Entry<CfgNode, List<ResourceOp>> entry : byNode.entrySet()) {
      PathSet in = result.in(entry.getKey());
      if (in == null) {
        continue;
      }
      for (PathState path : in.paths()) {
        PathState current = path;
        for (ResourceOp op : entry.getValue()) {
          current = Transitions.apply(current, op, seed -> events.add(toEvent(seed, ops)));
        }
      }
    }
    Set<Resource> handedOn = handedOnSuccess(result.in(graph.exit()), ops);
    addLeaks(result.in(graph.exit()), false, ops, handedOn, events);
    addLeaks(result.in(graph.exceptionalExit()), true, ops, handedOn, events);
    List<ProtocolEvent> sorted = new ArrayList<>(events);
    // path states come out of hash sets: order ties too, so that which failure return a message
    // names does not change from run to run
    sorted.sort(
        java.util.Comparator.comparingInt(
                (ProtocolEvent e) -> siteOf(e).call().getBegin().map(p -> p.line).orElse(0))
            .thenComparing(EventCollector::tieBreak));
    return sorted;
  }

  private static String tieBreak(ProtocolEvent event) {
    String column =
        String.format("%06d", siteOf(event).call().getBegin().map(p -> p.column).orElse(0));
    if (event instanceof ProtocolEvent.Leak leak) {
      return String.format(
          "%s Leak %b %06d %b %d",
          column, leak.exceptional(), leak.failureReturn(), leak.partial(), leak.held());
    }
    return column + " " + event.getClass().getSimpleName();
  }

  /**
   * Resources the body hands on when it succeeds: its main way out (falling off the end, or its
   * last return) keeps them, and it gives them back only on failure (in catch clauses and blocks
   * that report an error). Such a body (a send that queues an operation owning the permit) is
   * judged only on its failure returns.
   */
  private static Set<Resource> handedOnSuccess(PathSet exit, List<ResourceOp> ops) {
    Set<Resource> handedOn = new java.util.HashSet<>();
    if (exit == null) {
      return handedOn;
    }
    for (PathState path : exit.paths()) {
      if (path.exit().main()) {
        path.holdings()
            .forEach(
                (resource, holding) -> {
                  if (holding.isHeld() && releasesOnlyOnFailure(resource, ops)) {
                    handedOn.add(resource);
                  }
                });
      }
    }
    return handedOn;
  }

  private static boolean releasesOnlyOnFailure(Resource resource, List<ResourceOp> ops) {
    List<ResourceOp> releases =
        ops.stream()
            .filter(op -> op.resource().equals(resource) && op.kind() == ResourceOp.Kind.RELEASE)
            .toList();
    return !releases.isEmpty()
        && releases.stream().allMatch(op -> FailureBlocks.isInFailureBlock(op.call()));
  }

  /**
   * Paths that end holding a resource. For a resource the body hands on when it succeeds, only the
   * failure returns that keep it are leaks: they report an error and leave, yet the permit stays
   * taken; an exception escaping such a body is not judged (its contract is elsewhere).
   */
  private static void addLeaks(
      PathSet exit,
      boolean exceptional,
      List<ResourceOp> ops,
      Set<Resource> handedOn,
      Set<ProtocolEvent> events) {
    if (exit == null) {
      return;
    }
    for (PathState path : exit.paths()) {
      for (Map.Entry<Resource, Holding> entry : path.holdings().entrySet()) {
        if (entry.getValue() instanceof Holding.Held held && held.count() != 0) {
          int failureLine = 0;
          if (handedOn.contains(entry.getKey())) {
            if (exceptional || !path.exit().failure()) {
              continue;
            }
            failureLine = path.exit().line();
          }
          events.add(
              new ProtocolEvent.Leak(
                  ops.get(held.site()), exceptional, held.partial(), held.count(), failureLine));
        }
      }
    }
  }

  private static ProtocolEvent toEvent(Transitions.EventSeed seed, List<ResourceOp> ops) {
    if (seed instanceof Transitions.EventSeed.ReleaseAfterFailure f) {
      return new ProtocolEvent.ReleaseAfterFailure(
          f.release(), ops.get(f.failedSite()), f.fromTry());
    }
    if (seed instanceof Transitions.EventSeed.DoubleRelease d) {
      return new ProtocolEvent.DoubleRelease(d.release(), ops.get(d.firstSite()));
    }
    Transitions.EventSeed.OverRelease o = (Transitions.EventSeed.OverRelease) seed;
    return new ProtocolEvent.OverRelease(o.release(), ops.get(o.acquireSite()), o.held());
  }

  private static ResourceOp siteOf(ProtocolEvent event) {
    if (event instanceof ProtocolEvent.Leak leak) {
      return leak.acquire();
    }
    if (event instanceof ProtocolEvent.ReleaseAfterFailure f) {
      return f.release();
    }
    if (event instanceof ProtocolEvent.DoubleRelease d) {
      return d.release();
    }
    if (event instanceof ProtocolEvent.CallbackLeak c) {
      return c.handOff();
    }
    return ((ProtocolEvent.OverRelease) event).release();
  }
}
