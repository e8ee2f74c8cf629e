package dev.threadlint.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of project types with the accesses the race rules judge: reached from a root body of
 * the type, after construction and set-up, and not declared confined or immutable.
 */
public final class SharedFields {
  private SharedFields() {}

  /**
   * One field and its uses.
   *
   * @param type the type whose roots reach it
   * @param path the field path
   * @param info its declaration
   * @param uses the accesses after set-up, in source order
   */
  public record Field(TypeSummary type, FieldPath path, FieldInfo info, List<Occurrence> uses) {}

  /** Source order of sites. */
  public static final Comparator<Site> SITE_ORDER =
      Comparator.comparing(Site::path).thenComparingInt(Site::line).thenComparingInt(Site::column);

  /**
   * Every field of every project type with at least one use, in the order of their declaring types'
   * names. The uses of a field are gathered from every type whose roots reach it (the declaring
   * class and its subclasses), so each field is judged once, on all of them.
   */
  public static List<Field> of(ConcurrencyModel model) {
    synchronized (BUILT) {
      return BUILT.computeIfAbsent(model, SharedFields::compute);
    }
  }

  /** The fields of a model, computed once and shared by the four race rules that judge them. */
  private static final Map<ConcurrencyModel, List<Field>> BUILT =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  private static List<Field> compute(ConcurrencyModel model) {
    List<TypeSummary> types = new ArrayList<>(model.graph().types().values());
    types.sort(Comparator.comparing(TypeSummary::name));
    Map<FieldPath, List<Occurrence>> byField =
        new java.util.TreeMap<>(
            Comparator.comparing(FieldPath::owner).thenComparing(FieldPath::path));
    List<TypeSummary> judged =
        types.stream()
            .filter(
                type ->
                    type.intent() != TypeSummary.Intent.NOT_THREAD_SAFE
                        && type.intent() != TypeSummary.Intent.IMMUTABLE
                        && type.intent() != TypeSummary.Intent.CONFINED
                        && !isBuilder(type))
            .toList();
    // Each type's uses depend on the finished model alone: the even and the odd types are gathered
    // side by side (the race rules wait for this list), and joined in type order as one thread
    // would have.
    List<Map<FieldPath, List<Occurrence>>> perType =
        new ArrayList<>(java.util.Collections.nCopies(judged.size(), null));
    SideBySide.run(
        model.sideBySide(),
        () -> gather(model, judged, perType, 0),
        () -> gather(model, judged, perType, 1));
    for (Map<FieldPath, List<Occurrence>> uses : perType) {
      uses.forEach(
          (field, found) -> byField.computeIfAbsent(field, f -> new ArrayList<>()).addAll(found));
    }
    List<Field> fields = new ArrayList<>();
    for (Map.Entry<FieldPath, List<Occurrence>> entry : byField.entrySet()) {
      FieldInfo info = model.field(entry.getKey()).orElse(null);
      TypeSummary owner = model.type(entry.getKey().owner()).orElse(null);
      if (info == null || owner == null) {
        continue;
      }
      List<Occurrence> uses = new ArrayList<>(entry.getValue());
      uses.sort(Comparator.comparing(o -> o.access().site(), SITE_ORDER));
      fields.add(new Field(owner, entry.getKey(), info, List.copyOf(uses)));
    }
    return List.copyOf(fields);
  }

  /**
   * The uses after set-up of every {@code judged} type from {@code first} on, every other one, each
   * into its own slot of {@code perType} (the two halves write disjoint slots).
   */
  private static void gather(
      ConcurrencyModel model,
      List<TypeSummary> judged,
      List<Map<FieldPath, List<Occurrence>>> perType,
      int first) {
    for (int i = first; i < judged.size(); i += 2) {
      Map<FieldPath, List<Occurrence>> uses = new java.util.LinkedHashMap<>();
      for (Map.Entry<FieldPath, List<Occurrence>> entry :
          model.occurrences(judged.get(i)).entrySet()) {
        for (Occurrence use : entry.getValue()) {
          if (!use.access().setUp()
              && !model.onlyCalledInSetUp(use.root())
              && !judgedThroughCallers(model, use.root())) {
            uses.computeIfAbsent(entry.getKey(), f -> new ArrayList<>()).add(use);
          }
        }
      }
      perType.set(i, uses);
    }
  }

  /** A builder is configured by one thread before what it builds is shared. */
  static boolean isBuilder(TypeSummary type) {
    return type.name().endsWith(dev.threadlint.models.ThreadEntries.BUILDER_SUFFIX)
        && type.intent() != TypeSummary.Intent.THREAD_SAFE;
  }

  /**
   * A protected or package-private method that the project calls on {@code this}, and that no
   * thread starts by itself: its uses are judged as its callers reach them, with their locks (a
   * template method's step, a helper of a subclass), not a second time on their own. A method that
   * callers on other objects call holding that object's monitor stands on its own, with the locks
   * every caller holds on it ({@link ConcurrencyModel#entryLocks}): what it reaches does not flow
   * into callers on other objects.
   */
  private static boolean judgedThroughCallers(ConcurrencyModel model, MethodSummary root) {
    return !root.is(MethodSummary.Flag.PUBLIC)
        && !root.key().isSynthetic()
        && root.contexts().isEmpty()
        && model.contextsOf(root).stream().allMatch(c -> c.kind() == ThreadContext.Kind.API)
        && model.hasCallers(root)
        && !model.lockedByCallersOnOtherObjects(root);
  }

  /**
   * An access reached through a hidden method called on another object (a field's or a local's):
   * the receiver's field, touched in the caller's context. Rules that judge more than structural
   * races on containers leave these out: the object was often handed over through a lock, or the
   * call runs inside a lock the caller holds out of sight (a native callback).
   */
  public static boolean onReceiver(Occurrence use) {
    return use.access().receiver() == Receiver.FIELD || use.access().receiver() == Receiver.OTHER;
  }

  /** The uses a field's own object makes (see {@link #onReceiver}). */
  public static List<Occurrence> onOwnObject(List<Occurrence> uses) {
    return uses.stream().filter(u -> !onReceiver(u)).toList();
  }

  /** The locks of an access whose identity is the same everywhere (no locals). */
  public static boolean isLocked(Occurrence use) {
    return use.access().locks().stream().anyMatch(LockId::isComparable);
  }

  /** True when the use holds a lock that excludes {@code lock}. */
  public static boolean holds(Occurrence use, LockId lock) {
    return use.access().locks().stream().anyMatch(l -> l.excludes(lock));
  }

  /** The comparable locks held at a use. */
  public static Set<LockId> locks(Occurrence use) {
    return Set.copyOf(use.access().locks().stream().filter(LockId::isComparable).toList());
  }

  /** How messages name the code an access is in: {@code reset()}, a lambda. */
  public static String where(Occurrence use) {
    MethodSummary root = use.root();
    String name = root.key().name();
    if (root.key().isSynthetic()) {
      return "a task";
    }
    if (name.equals("<init>")) {
      return "a constructor";
    }
    String in = name + "()";
    String member = use.access().site().member();
    String accessMethod = member.substring(member.lastIndexOf('.') + 1);
    if (use.via() != null && !accessMethod.equals(name) && !accessMethod.isEmpty()) {
      return accessMethod + "() (called from " + in + ")";
    }
    return in;
  }
}
