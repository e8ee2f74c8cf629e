package dev.threadlint.flow;

/** A directed edge between two nodes of one graph. */
public record CfgEdge(CfgNode from, CfgNode to, EdgeKind kind) {}
