package dev.threadlint.flow;

/** How control passes along an edge. */
public enum EdgeKind {
  /** Ordinary sequencing. */
  NORMAL,
  /** A condition held. */
  TRUE,
  /** A condition did not hold. */
  FALSE,
  /** The source node threw; its effect may not have happened. */
  EXCEPTION
}
