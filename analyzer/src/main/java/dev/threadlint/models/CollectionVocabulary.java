package dev.threadlint.models;

import java.util.Set;

/**
 * What the check-then-act rule knows about collection methods, by name: which insert a key or
 * element, and which take one and fail (or return null) on an empty collection. Data only.
 */
public final class CollectionVocabulary {
  private CollectionVocabulary() {}

  /** Calls that only read (collections, strings, objects): they change nothing. */
  public static final Set<String> QUERIES =
      Set.of("isEmpty", "size", "contains", "containsKey", "peek", "equals", "length");

  /** Calls that insert a key or element. */
  public static final Set<String> INSERTS = Set.of("put", "add");

  /** Calls that take an element and fail (or return null) on an empty collection. */
  public static final Set<String> TAKES =
      Set.of(
          "remove",
          "element",
          "first",
          "last",
          "firstKey",
          "lastKey",
          "getFirst",
          "getLast",
          "removeFirst",
          "removeLast",
          "pop");

  /**
   * Types whose instances are compared by value: two callers can hand in equal ones, so a key made
   * from one is not the caller's own.
   */
  public static final Set<String> EQUAL_BY_VALUE =
      Set.of(
          "String",
          "CharSequence",
          "Integer",
          "Long",
          "Short",
          "Byte",
          "Character",
          "Boolean",
          "Double",
          "Float",
          "Number",
          "BigInteger",
          "BigDecimal",
          "UUID",
          "Object",
          "int",
          "long",
          "short",
          "byte",
          "char",
          "boolean",
          "double",
          "float");
}
