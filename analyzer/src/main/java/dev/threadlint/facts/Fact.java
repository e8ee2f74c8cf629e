package dev.threadlint.facts;

/**
 * A fact one file contributes to project-wide rules (an access with its locks, a lock order, a
 * thread start...). Implementations are immutable records that hold no AST nodes, so that the tree
 * can be dropped once the file is done.
 */
public interface Fact extends java.io.Serializable {}
