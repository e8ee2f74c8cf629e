package dev.threadlint.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A worklist solver for {@link ForwardAnalysis} problems. */
public final class Dataflow {
  private Dataflow() {}

  /**
   * The fixpoint: for every node, the join of the states on its incoming edges. Gives up (empty)
   * when the number of node visits exceeds {@code 64 × nodes}, which only a lattice that is not
   * finite in practice can cause; callers then report nothing for the body.
   */
  public static <S> Optional<Result<S>> solve(ControlFlowGraph graph, ForwardAnalysis<S> analysis) {
    int size = graph.nodes().size();
    List<S> in = new ArrayList<>(Collections.nCopies(size, null));
    in.set(graph.entry().id(), analysis.entryState());
    ArrayDeque<CfgNode> work = new ArrayDeque<>();
    boolean[] queued = new boolean[size];
    work.add(graph.entry());
    queued[graph.entry().id()] = true;
    long budget = 64L * size + 1000;
    while (!work.isEmpty()) {
      if (--budget < 0) {
        return Optional.empty();
      }
      CfgNode node = work.poll();
      queued[node.id()] = false;
      S state = in.get(node.id());
      for (CfgEdge edge : graph.successors(node)) {
        S out = analysis.transfer(node, state, edge);
        if (out == null) {
          continue;
        }
        int target = edge.to().id();
        S previous = in.get(target);
        S joined = previous == null ? out : analysis.join(previous, out);
        if (!joined.equals(previous)) {
          in.set(target, joined);
          if (!queued[target]) {
            queued[target] = true;
            work.add(edge.to());
          }
        }
      }
    }
    return Optional.of(new Result<>(graph, in));
  }

  /** The in-states of a solved problem; {@code null} marks an unreachable node. */
  public static final class Result<S> {
    private final ControlFlowGraph graph;
    private final List<S> in;

    Result(ControlFlowGraph graph, List<S> in) {
      this.graph = graph;
      this.in = in;
    }

    public ControlFlowGraph graph() {
      return graph;
    }

    /** The state on entry to a node, or null when no path reaches it. */
    public S in(CfgNode node) {
      return in.get(node.id());
    }

    public boolean isReachable(CfgNode node) {
      return in.get(node.id()) != null;
    }
  }
}
