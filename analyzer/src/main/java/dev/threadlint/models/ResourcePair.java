package dev.threadlint.models;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A semaphore-like API the user declares: the methods of {@code type} that take a permit and the
 * one that gives it back, written {@code Type#acquire[,tryAcquire...]:release} ({@code
 * --resource-pair}, plugin {@code resourcePairs}). The semaphore protocol rules then follow calls
 * of these methods as they follow {@code Semaphore.acquire/tryAcquire/release}. An acquire that
 * returns {@code boolean} is a try-acquire; see {@link #isTryByName}.
 *
 * @param type the type as the user wrote it: a simple name matches any type of that name, a
 *     qualified name only that type (and project subtypes of it)
 * @param acquires the methods that take a permit, in the order given
 * @param release the method that gives it back
 */
public record ResourcePair(String type, List<String> acquires, String release)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*");
  private static final Pattern TYPE =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

  public ResourcePair {
    Objects.requireNonNull(type, "type");
    acquires = List.copyOf(acquires);
    Objects.requireNonNull(release, "release");
  }

  /**
   * Parses {@code Type#acquire[,tryAcquire...]:release}.
   *
   * @throws IllegalArgumentException naming what is wrong with the spec (callers prefix the option
   *     or parameter name)
   */
  public static ResourcePair parse(String spec) {
    String text = spec == null ? "" : spec.strip();
    int hash = text.indexOf('#');
    int colon = text.lastIndexOf(':');
    if (hash <= 0 || colon < hash || text.indexOf('#', hash + 1) >= 0) {
      throw invalid(spec, "expected Type#acquire[,tryAcquire...]:release");
    }
    String type = text.substring(0, hash).strip();
    if (!TYPE.matcher(type).matches()) {
      throw invalid(spec, "'" + type + "' is not a type name");
    }
    List<String> acquires = new ArrayList<>();
    for (String name : text.substring(hash + 1, colon).split(",", -1)) {
      String method = name.strip();
      if (!IDENTIFIER.matcher(method).matches()) {
        throw invalid(spec, "'" + method + "' is not a method name");
      }
      if (!acquires.contains(method)) {
        acquires.add(method);
      }
    }
    String release = text.substring(colon + 1).strip();
    if (!IDENTIFIER.matcher(release).matches()) {
      throw invalid(spec, "'" + release + "' is not a method name");
    }
    if (acquires.contains(release)) {
      throw invalid(spec, "'" + release + "' cannot both acquire and release");
    }
    return new ResourcePair(type, acquires, release);
  }

  /** Parses every spec; the message of a bad one names it. */
  public static List<ResourcePair> parseAll(List<String> specs) {
    List<ResourcePair> pairs = new ArrayList<>();
    for (String spec : specs) {
      pairs.add(parse(spec));
    }
    return List.copyOf(pairs);
  }

  /** The simple name of {@link #type}. */
  public String simpleName() {
    return type.substring(type.lastIndexOf('.') + 1);
  }

  /** True when {@link #type} was given with its package. */
  public boolean isQualified() {
    return type.indexOf('.') >= 0;
  }

  /**
   * Without a visible declaration, an acquire whose name starts with {@code try} ({@code tryEnter},
   * {@code tryAcquirePermission}) is taken to return whether it got the permit.
   */
  public static boolean isTryByName(String method) {
    return method.length() > 3
        && method.startsWith("try")
        && Character.isUpperCase(method.charAt(3));
  }

  /** The spec as the user writes it. */
  public String spec() {
    return type + "#" + String.join(",", acquires) + ":" + release;
  }

  private static IllegalArgumentException invalid(String spec, String why) {
    return new IllegalArgumentException("bad resource pair '" + spec + "': " + why);
  }
}
