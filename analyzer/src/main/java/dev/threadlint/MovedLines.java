package dev.threadlint;

import dev.threadlint.facts.Suppression;
import dev.threadlint.facts.TypeDecl;
import dev.threadlint.findings.Location;
import dev.threadlint.model.FieldPath;
import dev.threadlint.model.LockId;
import dev.threadlint.model.Site;
import dev.threadlint.model.TypeSummary;
import dev.threadlint.rules.lock.WaitNotInLoop;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the lines of one changed file moved, when what the analysis knows of it (its pre-scan and its
 * facts) is what the last run knew but for the lines things sit on: a line inserted or removed
 * outside any code the rules read, a comment that grew. Then every rule saw the same things in the
 * same order, and the last run's findings stand with this file's lines renumbered.
 *
 * <p>The renumbering is taken from the two runs' facts side by side (old site → new site) and is
 * accepted only when it is one strictly increasing map of lines with every column as it was: then
 * every comparison a rule makes of two places in the file (before, after, inside a range, the same
 * line) comes out as it did. It is proved, not assumed: the old facts renumbered must equal the new
 * facts exactly, or the change is not "moved lines" and the full run decides.
 *
 * <p>Lines enter the analysis as positions ({@link Site}, {@link Location}, {@link Suppression},
 * {@link TypeDecl}, a loop's span) and inside a few strings: a lambda's name ({@code
 * lambda$12$5...}), "line 12" in a description or message, {@code File.java:12} in a message.
 * Everything else must be equal.
 */
final class MovedLines {
  /** A number in a text as the analysis writes a line: "line 12", {@code pool@12}, {@code $12}. */
  private static final Pattern LINE_IN_TEXT = Pattern.compile("(?:\\bline |[@$])(\\d+)");

  /** Runs of digits. */
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  /** A file name followed by a line, as messages name a place in another file. */
  private static final Pattern FILE_LINE = Pattern.compile("([\\w$./-]*\\.java):(\\d+)");

  private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

  /** Thrown when an object cannot be renumbered: the full run decides. */
  static final class Unmappable extends RuntimeException {
    Unmappable(String why) {
      super(why, null, false, false);
    }
  }

  private final String path;
  private final TreeMap<Integer, Integer> lines;
  private final Map<String, String> texts;

  private MovedLines(String path, TreeMap<Integer, Integer> lines, Map<String, String> texts) {
    this.path = path;
    this.lines = lines;
    this.texts = texts;
  }

  /** The changed file's relative path. */
  String path() {
    return path;
  }

  /** True when no line moved. */
  boolean unmoved() {
    return lines.entrySet().stream().allMatch(e -> e.getKey().equals(e.getValue()));
  }

  /**
   * The renumbering that takes {@code before} to {@code now} (each a list of the objects the
   * analysis keeps of the file at {@code path}), if there is one: a strictly increasing map of
   * lines, columns unchanged, and {@code before} renumbered equal to {@code now}.
   */
  static Optional<MovedLines> between(String path, List<?> before, List<?> now) {
    TreeMap<Integer, Integer> lines = new TreeMap<>();
    Collector collector = new Collector(path, lines);
    try {
      collector.walk(before, now);
    } catch (Unmappable e) {
      return why(e.getMessage());
    }
    int last = Integer.MIN_VALUE;
    for (int to : lines.values()) {
      if (to <= last) {
        return why("lines change order, or two become one"); // rules compare places
      }
      last = to;
    }
    // a text may differ only in the lines it names (a lambda's name, "pool@12", "line 12"), and
    // the renamed texts must stay as distinct as they were
    Set<String> renamedTo = new HashSet<>();
    for (Map.Entry<String, String> renamed : collector.texts.entrySet()) {
      for (int[] pair : collector.numbers.get(renamed.getKey())) {
        if (pair[0] != pair[1] && !Integer.valueOf(pair[1]).equals(lines.get(pair[0]))) {
          return why("'" + renamed.getKey() + "' became '" + renamed.getValue() + "'");
        }
      }
      if (collector.unchanged.contains(renamed.getValue()) || !renamedTo.add(renamed.getValue())) {
        return why("two texts became one: " + renamed.getValue());
      }
    }
    MovedLines moved = new MovedLines(path, lines, collector.texts);
    try {
      if (!moved.local(before).equals(now)) {
        return why("the renumbered facts differ");
      }
    } catch (Unmappable e) {
      return why(e.getMessage());
    }
    // and the names the project phase sorts or breaks ties by (a lock's, a type's, a field's)
    // keep their order: "Owner$99" and "Owner$105" swap places as 99 and 105 become 100 and 110
    for (Map<String, String> names : moved.ordered.values()) {
      String previous = null;
      for (String to : new TreeMap<>(names).values()) {
        if (previous != null && previous.compareTo(to) >= 0) {
          return why("names change order: " + previous + " / " + to);
        }
        previous = to;
      }
    }
    return Optional.of(moved);
  }

  private static Optional<MovedLines> why(String reason) {
    if (Boolean.getBoolean("threadlint.modelStats")) {
      System.err.println("threadlint moved lines: not a renumbering, " + reason);
    }
    return Optional.empty();
  }

  /**
   * An object of the changed file's own analysis (its facts, a finding from its facts) renumbered:
   * every line of the file the object names is one the facts held.
   */
  @SuppressWarnings("unchecked")
  <T> T local(T value) {
    return (T) remap(value, Mode.LOCAL);
  }

  /**
   * A finding of the project phase renumbered: its places in the changed file, and the lines its
   * texts give as {@code File.java:N} when that name can only be the changed file's. A moved line
   * named in a way that could be another file's ("line 12", a lambda's name) cannot be renumbered.
   *
   * @param sameName whether another file of the run has the changed file's name
   * @throws Unmappable when it cannot be renumbered
   */
  @SuppressWarnings("unchecked")
  <T> T project(T value, boolean sameName) {
    return (T) remap(value, sameName ? Mode.PROJECT_SAME_NAME : Mode.PROJECT);
  }

  /** Whose texts are renumbered: the file's own analysis, or the project phase's. */
  private enum Mode {
    LOCAL,
    PROJECT,
    /** A project finding, in a run where another file has the changed file's name. */
    PROJECT_SAME_NAME
  }

  private int line(int line) {
    Integer to = lines.get(line);
    if (to == null) {
      throw new Unmappable("line " + line + " of " + path + " is in none of its facts");
    }
    return to;
  }

  /**
   * Per sort of name the project phase orders, each old name with its new one: taken from every
   * lock, type and field of the old facts as they are renumbered.
   */
  private final Map<Class<?>, Map<String, String>> ordered = new java.util.HashMap<>();

  private static void ordered(
      Map<Class<?>, Map<String, String>> ordered, Class<?> sort, String from, String to) {
    String was =
        ordered.computeIfAbsent(sort, k -> new java.util.HashMap<>()).putIfAbsent(from, to);
    if (was != null && !was.equals(to)) {
      throw new Unmappable("'" + from + "' became '" + was + "' and '" + to + "'");
    }
  }

  private boolean moves(int line) {
    Integer to = lines.get(line);
    return to != null && to != line;
  }

  private Object remap(Object value, Mode local) {
    if (value == null
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Character
        || value instanceof Enum<?>) {
      return value;
    }
    if (value instanceof String text) {
      return local == Mode.LOCAL ? localText(text) : projectText(text, local);
    }
    if (value instanceof Site site) {
      return site.path().equals(path)
          ? new Site(
              site.path(),
              line(site.line()),
              site.column(),
              line(site.endLine()),
              site.endColumn(),
              (String) remap(site.member(), local))
          : new Site(
              site.path(),
              site.line(),
              site.column(),
              site.endLine(),
              site.endColumn(),
              (String) remap(site.member(), local));
    }
    if (value instanceof Location at) {
      boolean here = at.path().equals(path);
      return new Location(
          at.path(),
          here ? line(at.startLine()) : at.startLine(),
          at.startColumn(),
          here ? line(at.endLine()) : at.endLine(),
          at.endColumn(),
          (String) remap(at.message(), local));
    }
    if (value instanceof Suppression s) {
      return new Suppression(line(s.startLine()), line(s.endLine()), s.ids());
    }
    if (value instanceof TypeDecl t && t.path().equals(path)) {
      return new TypeDecl(
          (String) remap(t.qualifiedName(), local),
          t.kind(),
          t.supertypes(),
          t.path(),
          line(t.line()));
    }
    if (value instanceof WaitNotInLoop.Helpers.Loops loops && loops.path().equals(path)) {
      List<List<Integer>> spans = new ArrayList<>();
      for (List<Integer> span : loops.spans()) {
        List<Integer> moved = new ArrayList<>(span);
        if (moved.size() != 4) {
          throw new Unmappable("a loop span of " + span.size());
        }
        moved.set(0, line(span.get(0)));
        moved.set(2, line(span.get(2)));
        spans.add(moved);
      }
      return new WaitNotInLoop.Helpers.Loops(loops.path(), spans);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(remap(item, local));
      }
      return Collections.unmodifiableList(out);
    }
    if (value instanceof Set<?> set) {
      Set<Object> out = new HashSet<>();
      for (Object item : set) {
        out.add(remap(item, local));
      }
      if (out.size() != set.size()) {
        throw new Unmappable("two members of a set became one");
      }
      return Collections.unmodifiableSet(out);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.put(remap(entry.getKey(), local), remap(entry.getValue(), local));
      }
      if (out.size() != map.size()) {
        throw new Unmappable("two keys of a map became one");
      }
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof Record record) {
      return remapRecord(record, local);
    }
    if (value instanceof java.nio.file.Path) {
      return value;
    }
    throw new Unmappable("cannot look inside a " + value.getClass().getName());
  }

  private Object remapRecord(Record record, Mode local) {
    RecordComponent[] components = components(record.getClass());
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    boolean same = true;
    for (int i = 0; i < components.length; i++) {
      Object was = get(components[i], record);
      values[i] = remap(was, local);
      types[i] = components[i].getType();
      same &= Objects.equals(was, values[i]);
    }
    Object rebuilt = same ? record : rebuild(record, types, values);
    if (local == Mode.LOCAL) {
      if (record instanceof LockId lock) {
        ordered(ordered, LockId.class, lock.toString(), rebuilt.toString());
      } else if (record instanceof TypeSummary type) {
        ordered(ordered, TypeSummary.class, type.name(), ((TypeSummary) rebuilt).name());
      } else if (record instanceof FieldPath field) {
        FieldPath other = (FieldPath) rebuilt;
        ordered(
            ordered,
            FieldPath.class,
            field.owner() + "\0" + field.path(),
            other.owner() + "\0" + other.path());
      }
    }
    return rebuilt;
  }

  private static Object rebuild(Record record, Class<?>[] types, Object[] values) {
    try {
      Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(values);
    } catch (InvocationTargetException e) {
      throw new Unmappable("a " + record.getClass().getSimpleName() + " refuses: " + e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new Unmappable("cannot rebuild a " + record.getClass().getName() + ": " + e);
    }
  }

  /** A text of the file's own analysis: renamed as the facts showed it renamed. */
  private String localText(String text) {
    return texts.getOrDefault(text, text);
  }

  /** A text of a project finding: see {@link #project}. */
  private String projectText(String text, Mode mode) {
    Matcher named = FILE_LINE.matcher(text);
    StringBuilder out = new StringBuilder();
    int from = 0;
    while (named.find()) {
      int line = parse(named.group(2));
      String name = named.group(1);
      boolean thisFile = path.equals(name) || path.endsWith("/" + name);
      if (thisFile && moves(line)) {
        if (!path.equals(name) && mode == Mode.PROJECT_SAME_NAME) {
          throw new Unmappable("'" + name + ":" + line + "' may name another file");
        }
        out.append(text, from, named.start(2)).append(line(line));
        from = named.end(2);
      }
    }
    String renamed = out.append(text, from, text.length()).toString();
    Matcher m = LINE_IN_TEXT.matcher(text);
    while (m.find()) {
      if (moves(parse(m.group(1)))) {
        throw new Unmappable("'" + m.group() + "' may name a moved line of " + path);
      }
    }
    return renamed;
  }

  private static int parse(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return -1; // more digits than any line: left as it is
    }
  }

  private static RecordComponent[] components(Class<?> type) {
    return COMPONENTS.computeIfAbsent(type, Class::getRecordComponents);
  }

  private static Object get(RecordComponent component, Record record) {
    try {
      java.lang.reflect.Method accessor = component.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new Unmappable("cannot read " + component + ": " + e);
    }
  }

  /**
   * Walks the old and the new objects side by side and takes, from every pair of places in the
   * changed file, where each old line went; anything else that differs ends the walk.
   */
  private static final class Collector {
    private final String path;
    private final Map<Integer, Integer> lines;

    /** Texts that differ, old to new, with the pairs of numbers in which they differ. */
    final Map<String, String> texts = new java.util.HashMap<>();

    final Map<String, List<int[]>> numbers = new java.util.HashMap<>();

    /** Texts that are the same in both (a renamed text must not become one of them). */
    final Set<String> unchanged = new HashSet<>();

    Collector(String path, Map<Integer, Integer> lines) {
      this.path = path;
      this.lines = lines;
    }

    private void moved(int from, int to) {
      Integer was = lines.putIfAbsent(from, to);
      if (was != null && was != to) {
        throw new Unmappable("line " + from + " went to " + was + " and to " + to);
      }
    }

    private static void same(Object a, Object b) {
      if (!Objects.equals(a, b)) {
        throw new Unmappable("differs: " + a + " / " + b);
      }
    }

    void walk(Object a, Object b) {
      if (a == null || b == null) {
        same(a, b);
        return;
      }
      if (a.getClass() != b.getClass()
          && !(a instanceof List && b instanceof List)
          && !(a instanceof Set && b instanceof Set)
          && !(a instanceof Map && b instanceof Map)) {
        throw new Unmappable("a " + a.getClass() + " became a " + b.getClass());
      }
      if (a instanceof String x) {
        text(x, (String) b);
      } else if (a instanceof Site x && x.path().equals(path)) {
        Site y = (Site) b;
        same(x.path(), y.path());
        same(x.column(), y.column());
        same(x.endColumn(), y.endColumn());
        moved(x.line(), y.line());
        moved(x.endLine(), y.endLine());
        text(x.member(), y.member());
      } else if (a instanceof Location x && x.path().equals(path)) {
        Location y = (Location) b;
        same(x.path(), y.path());
        same(x.startColumn(), y.startColumn());
        same(x.endColumn(), y.endColumn());
        moved(x.startLine(), y.startLine());
        moved(x.endLine(), y.endLine());
        text(x.message(), y.message());
      } else if (a instanceof Suppression x) {
        Suppression y = (Suppression) b;
        same(x.ids(), y.ids());
        moved(x.startLine(), y.startLine());
        moved(x.endLine(), y.endLine());
      } else if (a instanceof TypeDecl x && x.path().equals(path)) {
        TypeDecl y = (TypeDecl) b;
        same(x.path(), y.path());
        same(x.kind(), y.kind());
        same(x.supertypes(), y.supertypes());
        text(x.qualifiedName(), y.qualifiedName());
        moved(x.line(), y.line());
      } else if (a instanceof WaitNotInLoop.Helpers.Loops x && x.path().equals(path)) {
        WaitNotInLoop.Helpers.Loops y = (WaitNotInLoop.Helpers.Loops) b;
        if (x.spans().size() != y.spans().size()) {
          throw new Unmappable("loops added or removed");
        }
        for (int i = 0; i < x.spans().size(); i++) {
          List<Integer> s = x.spans().get(i);
          List<Integer> t = y.spans().get(i);
          if (s.size() != 4 || t.size() != 4) {
            throw new Unmappable("a loop span");
          }
          moved(s.get(0), t.get(0));
          same(s.get(1), t.get(1));
          moved(s.get(2), t.get(2));
          same(s.get(3), t.get(3));
        }
      } else if (a instanceof List<?> x) {
        List<?> y = (List<?>) b;
        if (x.size() != y.size()) {
          throw new Unmappable("a list of " + x.size() + " became " + y.size());
        }
        for (int i = 0; i < x.size(); i++) {
          walk(x.get(i), y.get(i));
        }
      } else if (a instanceof Set<?> || a instanceof Map<?, ?>) {
        // no order to pair members by: an equal one names unmoved lines; an unequal one is
        // checked once renumbered (its lines must be among those paired elsewhere)
        if (a.equals(b)) {
          Iterable<?> members = a instanceof Set<?> s ? s : ((Map<?, ?>) a).entrySet();
          for (Object member : members) {
            if (member instanceof Map.Entry<?, ?> e) {
              walk(e.getKey(), e.getKey());
              walk(e.getValue(), e.getValue());
            } else {
              walk(member, member);
            }
          }
        } else if (((a instanceof Set<?> s) ? s.size() : ((Map<?, ?>) a).size())
            != ((b instanceof Set<?> t) ? t.size() : ((Map<?, ?>) b).size())) {
          throw new Unmappable("members added or removed");
        }
      } else if (a instanceof Record x) {
        for (RecordComponent component : components(x.getClass())) {
          try {
            walk(get(component, x), get(component, (Record) b));
          } catch (Unmappable e) {
            throw new Unmappable(
                x.getClass().getSimpleName() + "." + component.getName() + ": " + e.getMessage());
          }
        }
      } else {
        same(a, b); // numbers, enums, paths...
      }
    }

    /** Two texts that may differ only in the numbers they hold (checked against the lines). */
    private void text(String a, String b) {
      if (a.equals(b)) {
        unchanged.add(a);
        return;
      }
      String was = texts.putIfAbsent(a, b);
      if (was != null) {
        if (!was.equals(b)) {
          throw new Unmappable("'" + a + "' became '" + was + "' and '" + b + "'");
        }
        return;
      }
      Matcher x = DIGITS.matcher(a);
      Matcher y = DIGITS.matcher(b);
      List<int[]> pairs = new ArrayList<>();
      int from = 0;
      int to = 0;
      while (x.find()) {
        if (!y.find() || !a.substring(from, x.start()).equals(b.substring(to, y.start()))) {
          throw new Unmappable("texts differ: " + a + " / " + b);
        }
        int n = parse(x.group());
        int m = parse(y.group());
        if (!x.group().equals(y.group()) && (n == m || n < 0 || m < 0)) {
          throw new Unmappable("numbers differ in spelling: " + a + " / " + b);
        }
        pairs.add(new int[] {n, m});
        from = x.end();
        to = y.end();
      }
      if (y.find() || !a.substring(from).equals(b.substring(to))) {
        throw new Unmappable("texts differ: " + a + " / " + b);
      }
      numbers.put(a, pairs);
    }
  }
}
