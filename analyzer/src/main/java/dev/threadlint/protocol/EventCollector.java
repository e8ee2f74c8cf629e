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
    addLeaks(result.in(graph.exit()), false, ops, events);
    addLeaks(result.in(graph.exceptionalExit()), true, ops, events);
    List<ProtocolEvent> sorted = new ArrayList<>(events);
    sorted.sort(
        java.util.Comparator.comparingInt(
            (ProtocolEvent e) -> siteOf(e).call().getBegin().map(p -> p.line).orElse(0)));
    return sorted;
  }

  private static void addLeaks(
      PathSet exit, boolean exceptional, List<ResourceOp> ops, Set<ProtocolEvent> events) {
    if (exit == null) {
      return;
    }
    for (PathState path : exit.paths()) {
      for (Map.Entry<Resource, Holding> entry : path.holdings().entrySet()) {
        if (entry.getValue() instanceof Holding.Held held && held.count() != 0) {
          events.add(
              new ProtocolEvent.Leak(
                  ops.get(held.site()), exceptional, held.partial(), held.count()));
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
    return ((ProtocolEvent.OverRelease) event).release();
  }
}
