package dev.threadlint.flow;

/**
 * A forward dataflow problem over a {@link ControlFlowGraph}. States must be immutable values with
 * {@code equals}, and the lattice of states reachable from the entry must be finite (cap counts and
 * set sizes), so that {@link Dataflow#solve} terminates.
 *
 * @param <S> the abstract state
 */
public interface ForwardAnalysis<S> {
  /** The state at the body's entry. */
  S entryState();

  /** The least upper bound of two states meeting at a node. */
  S join(S left, S right);

  /**
   * The state that flows along {@code edge} out of its source node, given the state on entry to
   * that node. Branch-sensitive analyses look at {@link CfgEdge#kind()} ({@code TRUE}/{@code FALSE}
   * of a condition, {@code EXCEPTION} when the node threw and its effect may not have happened).
   * Returning {@code null} means the edge is not taken in this state.
   */
  S transfer(CfgNode node, S in, CfgEdge edge);
}
