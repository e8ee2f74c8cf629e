package dev.threadlint.facts;

import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import dev.threadlint.findings.Location;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.source.SourceFile;
import java.util.Optional;

/**
 * One parsed file while its AST is alive: the tree, its type resolver and variable scopes, and
 * helpers that turn nodes into locations. Created and used on one worker thread only.
 */
public final class FileContext {
  private final SourceFile file;
  private final CompilationUnit unit;
  private final TypeResolver types;
  private final Scopes scopes;
  private final java.util.Map<Object, Object> memo = new java.util.HashMap<>();
  private final java.util.OptionalInt targetRelease;

  private final java.util.List<dev.threadlint.models.ResourcePair> resourcePairs;

  /**
   * Every node of the tree in pre-order (the order of {@link Node#findAll}), filled on first use
   * with the rest of the index below: the rules and extractors each asked the tree for their kinds
   * of node, and those few dozen walks of every tree cost more than the parse. Only the first
   * {@link #size} entries are used.
   */
  private Node[] preorder;

  /** How many nodes the tree has. */
  private int size;

  /** For the node at each position of {@link #preorder}, the position just after its subtree. */
  private int[] subtreeEnd;

  /**
   * For the node at each position of {@link #preorder}, the {@link NodeClasses} id of its class.
   */
  private int[] classAt;

  /**
   * For each {@link NodeClasses} id, the positions of the nodes of exactly that class, ascending
   * (null for a class the file has none of): the nodes of a kind are those of the classes
   * assignable to it, and those inside a subtree a range found by binary search.
   */
  private int[][] positionsOfClass;

  /** The ids of the classes the tree holds, ascending. */
  private int[] classesPresent;

  /** The class of each id of {@link #classesPresent}, by id. */
  private Class<?>[] classOfId;

  /** How many of {@link #classesPresent} are used. */
  private int classCount;

  /** For each kind asked for, the ids of the classes of this tree assignable to it. */
  private final java.util.Map<Class<?>, int[]> classesOfKind = new java.util.HashMap<>();

  /**
   * Position in {@link #preorder} of each type declaration and body (method, constructor, lambda,
   * initializer), the roots {@link #allWithin} is asked about most; any other root is found from
   * its parent's position.
   */
  private java.util.IdentityHashMap<Node, Integer> positions;

  /** The nodes of the whole tree by the kind asked for. */
  private final java.util.Map<Class<?>, java.util.List<?>> byKind = new java.util.HashMap<>();

  public FileContext(SourceFile file, CompilationUnit unit) {
    this(file, unit, java.util.List.of(), java.util.OptionalInt.empty());
  }

  /** A file analysed with the semaphore-like APIs the user declared. */
  public FileContext(
      SourceFile file,
      CompilationUnit unit,
      java.util.List<dev.threadlint.models.ResourcePair> resourcePairs) {
    this(file, unit, resourcePairs, java.util.OptionalInt.empty());
  }

  /**
   * A file analysed with the semaphore-like APIs the user declared and the Java release the sources
   * target ({@code --language-level}), for rules whose verdict depends on the JDK the code runs on.
   */
  public FileContext(
      SourceFile file,
      CompilationUnit unit,
      java.util.List<dev.threadlint.models.ResourcePair> resourcePairs,
      java.util.OptionalInt targetRelease) {
    this.file = file;
    this.unit = unit;
    this.types = new TypeResolver(unit, all(TypeDeclaration.class));
    this.scopes = new Scopes(types);
    this.resourcePairs = java.util.List.copyOf(resourcePairs);
    this.targetRelease = targetRelease;
  }

  /** The semaphore-like APIs the user declared ({@code --resource-pair}). */
  public java.util.List<dev.threadlint.models.ResourcePair> resourcePairs() {
    return resourcePairs;
  }

  /** The Java release the user said the sources target; empty when not given ("newest"). */
  public java.util.OptionalInt targetRelease() {
    return targetRelease;
  }

  public SourceFile file() {
    return file;
  }

  public CompilationUnit unit() {
    return unit;
  }

  public TypeResolver types() {
    return types;
  }

  public Scopes scopes() {
    return scopes;
  }

  /**
   * A per-file cache for derived analyses that several rules share (the permit and lock protocol of
   * every body, say): computed on first use, dropped with the file. Not thread-safe, like the
   * context itself, which lives on one worker.
   */
  @SuppressWarnings("unchecked")
  public <T> T memo(Object key, java.util.function.Supplier<T> compute) {
    Object value = memo.get(key);
    if (value == null) {
      value = compute.get();
      memo.put(key, value);
    }
    return (T) value;
  }

  /**
   * Every node of the file of a kind, in the order {@code unit().findAll(kind)} gives them, from
   * one walk of the tree shared by all rules and extractors. Read-only.
   */
  @SuppressWarnings("unchecked")
  public <T extends Node> java.util.List<T> all(Class<T> kind) {
    java.util.List<?> found = byKind.get(kind);
    if (found == null) {
      index();
      found = collect(kind, 0, size);
      byKind.put(kind, found);
    }
    return (java.util.List<T>) found;
  }

  /**
   * The nodes of a kind in the subtree of {@code root} (itself included), in the order {@code
   * root.findAll(kind)} gives them, without walking the tree again. {@code root} must belong to
   * this file's tree. Read-only.
   */
  public <T extends Node> java.util.List<T> allWithin(Node root, Class<T> kind) {
    int start = positionOf(root);
    if (start < 0) {
      return root.findAll(kind); // not in this tree (a node built by a rule): walk it
    }
    return collect(kind, start, subtreeEnd[start]);
  }

  /**
   * The nodes of a kind at positions {@code [from, to)} of the pre-order, from the positions of
   * their classes: one class's nodes are a range of its positions, several classes' are merged by a
   * scan of the range's class ids.
   */
  private <T extends Node> java.util.List<T> collect(Class<T> kind, int from, int to) {
    return collect(classesOf(kind), from, to);
  }

  /** The nodes of the given classes at positions {@code [from, to)}, in pre-order. */
  private <T extends Node> java.util.List<T> collect(int[] classes, int from, int to) {
    if (classes.length == 0) {
      return java.util.List.of();
    }
    if (classes.length == 1) {
      int[] at = positionsOfClass[classes[0]];
      int lo = firstAtOrAfter(at, from);
      int hi = firstAtOrAfter(at, to);
      if (lo == hi) {
        return java.util.List.of();
      }
      Node[] found = new Node[hi - lo];
      for (int i = lo; i < hi; i++) {
        found[i - lo] = preorder[at[i]];
      }
      return new NodeList<>(found, found.length);
    }
    int count = 0;
    int[] firsts = new int[classes.length];
    for (int c = 0; c < classes.length; c++) {
      int[] at = positionsOfClass[classes[c]];
      firsts[c] = firstAtOrAfter(at, from);
      count += firstAtOrAfter(at, to) - firsts[c];
    }
    if (count == 0) {
      return java.util.List.of();
    }
    Node[] found = new Node[count];
    if (count == to - from) {
      System.arraycopy(preorder, from, found, 0, count);
      return new NodeList<>(found, count);
    }
    if (classes.length <= 4) {
      // a merge of a few sorted position lists touches only the nodes found
      int[] cursor = firsts;
      for (int k = 0; k < count; k++) {
        int best = -1;
        int bestPosition = Integer.MAX_VALUE;
        for (int c = 0; c < classes.length; c++) {
          int[] at = positionsOfClass[classes[c]];
          if (cursor[c] < at.length && at[cursor[c]] < bestPosition) {
            bestPosition = at[cursor[c]];
            best = c;
          }
        }
        cursor[best]++;
        found[k] = preorder[bestPosition];
      }
      return new NodeList<>(found, count);
    }
    boolean[] wanted = new boolean[classOfId.length];
    for (int id : classes) {
      wanted[id] = true;
    }
    int k = 0;
    for (int i = from; i < to && k < count; i++) {
      if (wanted[classAt[i]]) {
        found[k++] = preorder[i];
      }
    }
    return new NodeList<>(found, count);
  }

  /**
   * Every node of the file of any of the kinds, in the order {@code unit().findAll(Node.class, n ->
   * kinds matches n)} gives them, from the file's index. Read-only.
   */
  public java.util.List<Node> allOfKinds(java.util.List<Class<? extends Node>> kinds) {
    index();
    return collect(classesOfKinds(kinds), 0, size);
  }

  /**
   * The nodes of any of the kinds in the subtree of {@code root} (itself included), in tree order,
   * from the file's index. Read-only.
   */
  public java.util.List<Node> allWithinOfKinds(
      Node root, java.util.List<Class<? extends Node>> kinds) {
    int start = positionOf(root);
    if (start < 0) {
      return root.findAll(Node.class, n -> kinds.stream().anyMatch(k -> k.isInstance(n)));
    }
    return collect(classesOfKinds(kinds), start, subtreeEnd[start]);
  }

  /**
   * The same for the subtree of the node at a position of the pre-order ({@link #indexOf}, {@link
   * #subtreeEnd}), for a caller that knows it.
   */
  public java.util.List<Node> allWithinOfKinds(
      int position, java.util.List<Class<? extends Node>> kinds) {
    index();
    java.util.Objects.checkIndex(position, size);
    return collect(classesOfKinds(kinds), position, subtreeEnd[position]);
  }

  /** The ids of this tree's classes that are of any of the kinds, each once. */
  private int[] classesOfKinds(java.util.List<Class<? extends Node>> kinds) {
    int[] classes = new int[0];
    for (Class<? extends Node> kind : kinds) {
      for (int id : classesOf(kind)) {
        boolean known = false;
        for (int have : classes) {
          known |= have == id;
        }
        if (!known) {
          classes = java.util.Arrays.copyOf(classes, classes.length + 1);
          classes[classes.length - 1] = id;
        }
      }
    }
    return classes;
  }

  /** The ids of this tree's classes that are {@code kind} or a subtype of it. */
  private int[] classesOf(Class<?> kind) {
    int[] classes = classesOfKind.get(kind);
    if (classes == null) {
      index();
      int[] matching = new int[classCount];
      int n = 0;
      for (int c = 0; c < classCount; c++) {
        if (kind.isAssignableFrom(classOfId[classesPresent[c]])) {
          matching[n++] = classesPresent[c];
        }
      }
      classes = java.util.Arrays.copyOf(matching, n);
      classesOfKind.put(kind, classes);
    }
    return classes;
  }

  /** The index in ascending {@code positions} of the first value at or after {@code position}. */
  private static int firstAtOrAfter(int[] positions, int position) {
    int lo = 0;
    int hi = positions.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (positions[mid] < position) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The position of any node of this tree, or -1: an indexed root from the map, any other node
   * among the children of its parent's position.
   */
  private int positionOf(Node node) {
    index();
    // up to the nearest node whose position is known, then down again child by child (no
    // recursion: a chain of binary operators can be thousands deep)
    java.util.ArrayList<Node> path = new java.util.ArrayList<>();
    int above = -1;
    for (Node current = node; current != null; current = current.getParentNode().orElse(null)) {
      Integer known = current == unit ? Integer.valueOf(0) : positions.get(current);
      if (known != null) {
        above = known;
        break;
      }
      path.add(current);
    }
    if (above < 0) {
      return -1;
    }
    for (int step = path.size() - 1; step >= 0 && above >= 0; step--) {
      Node wanted = path.get(step);
      int found = -1;
      for (int child = above + 1; child < subtreeEnd[above]; child = subtreeEnd[child]) {
        if (preorder[child] == wanted) {
          found = child;
          break;
        }
      }
      above = found;
    }
    return above;
  }

  /**
   * The position of a type declaration or body (method, constructor, lambda, initializer) of this
   * tree in the pre-order of {@link #all}, or -1 for any other node: with {@link #nodeAt} and
   * {@link #subtreeEnd}, a walk of its subtree without touching the tree ({@code
   * flow.Bodies#findAllInSameBody(FileContext, Node, Class)}).
   */
  public int indexOf(Node root) {
    index();
    Integer position = positions.get(root);
    return position == null ? -1 : position;
  }

  /** The node at a position of the pre-order. */
  public Node nodeAt(int position) {
    index();
    java.util.Objects.checkIndex(position, size);
    return preorder[position];
  }

  /** The position just after the subtree of the node at a position. */
  public int subtreeEnd(int position) {
    index();
    java.util.Objects.checkIndex(position, size);
    return subtreeEnd[position];
  }

  private static boolean isIndexedRoot(Node node) {
    return node instanceof TypeDeclaration<?>
        || node instanceof CallableDeclaration<?>
        || node instanceof com.github.javaparser.ast.expr.LambdaExpr
        || node instanceof InitializerDeclaration;
  }

  /**
   * Every node of the file that passes the test, in the order {@code unit().findAll(Node.class,
   * test)} gives them, without walking the tree again.
   */
  public java.util.List<Node> allMatching(java.util.function.Predicate<Node> test) {
    index();
    java.util.List<Node> found = new java.util.ArrayList<>();
    for (int i = 0; i < size; i++) {
      Node node = preorder[i];
      if (test.test(node)) {
        found.add(node);
      }
    }
    return found;
  }

  /** Builds the index of the tree on first use: one walk of it. */
  private void index() {
    if (preorder != null) {
      return;
    }
    // a guess from the file's length, so that the arrays rarely grow: a line holds a few nodes
    int guess = unit.getRange().map(r -> r.end.line * 6).orElse(256);
    Node[] nodes = new Node[Math.max(64, guess)];
    int[] ends = new int[nodes.length];
    int[] ids = new int[nodes.length];
    int count = 0;
    java.util.IdentityHashMap<Node, Integer> at = new java.util.IdentityHashMap<>();
    int[] perClass = new int[192];
    Class<?>[] classOf = new Class<?>[perClass.length];
    // iterative, like Node.walk: the tree may be deeper than a recursion would like. Each level of
    // the path from the root holds the children of one node (one copy of its child list, not a
    // call through the read-only view per child), the next child to enter and the node's position.
    Object[][] levels = new Object[64][];
    int[] next = new int[64];
    int[] owner = new int[64];
    int depth = 0;
    Object[] current = {unit};
    int currentNext = 0;
    int currentOwner = -1;
    while (true) {
      if (currentNext == current.length) {
        if (currentOwner >= 0) {
          ends[currentOwner] = count; // every child of the owner is done: its subtree ends here
        }
        if (depth == 0) {
          break;
        }
        depth--;
        current = levels[depth];
        currentNext = next[depth];
        currentOwner = owner[depth];
        levels[depth] = null;
        continue;
      }
      Node node = (Node) current[currentNext++];
      int position = count++;
      if (position == nodes.length) {
        int grown = position * 2;
        nodes = java.util.Arrays.copyOf(nodes, grown);
        ends = java.util.Arrays.copyOf(ends, grown);
        ids = java.util.Arrays.copyOf(ids, grown);
      }
      nodes[position] = node;
      Class<?> type = node.getClass();
      int id = NodeClasses.idOf(type);
      if (id >= perClass.length) {
        perClass = java.util.Arrays.copyOf(perClass, Math.max(id + 1, perClass.length * 2));
        classOf = java.util.Arrays.copyOf(classOf, perClass.length);
      }
      ids[position] = id;
      if (perClass[id]++ == 0) {
        classOf[id] = type;
      }
      if (isIndexedRoot(node)) {
        at.put(node, position);
      }
      java.util.List<Node> children = node.getChildNodes();
      if (children.isEmpty()) {
        ends[position] = count;
        continue;
      }
      if (depth == levels.length) {
        levels = java.util.Arrays.copyOf(levels, depth * 2);
        next = java.util.Arrays.copyOf(next, depth * 2);
        owner = java.util.Arrays.copyOf(owner, depth * 2);
      }
      levels[depth] = current;
      next[depth] = currentNext;
      owner[depth] = currentOwner;
      depth++;
      current = children.toArray();
      currentNext = 0;
      currentOwner = position;
    }
    int[][] byClass = new int[perClass.length][];
    int[] present = new int[perClass.length];
    int kinds = 0;
    for (int id = 0; id < perClass.length; id++) {
      if (perClass[id] > 0) {
        byClass[id] = new int[perClass[id]];
        present[kinds++] = id;
        perClass[id] = 0; // reused below as the fill count
      }
    }
    for (int i = 0; i < count; i++) {
      int id = ids[i];
      byClass[id][perClass[id]++] = i;
    }
    size = count;
    subtreeEnd = ends;
    classAt = ids;
    positionsOfClass = byClass;
    classesPresent = present;
    classCount = kinds;
    classOfId = classOf;
    positions = at;
    preorder = nodes;
  }

  /** A read-only list over the first {@code size} entries of an array of nodes. */
  private static final class NodeList<T> extends java.util.AbstractList<T>
      implements java.util.RandomAccess {
    private final Node[] nodes;
    private final int size;

    NodeList(Node[] nodes, int size) {
      this.nodes = nodes;
      this.size = size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
      java.util.Objects.checkIndex(index, size);
      return (T) nodes[index];
    }

    @Override
    public int size() {
      return size;
    }
  }

  /**
   * The variable each name or field access asked about refers to: many rules and the summaries ask
   * about the same names, and each lookup walks every scope around the use.
   */
  private final java.util.Map<Node, Optional<Variable>> variables =
      new java.util.IdentityHashMap<>();

  /** The variable a name or {@code this.name} expression refers to, if it is one. */
  public Optional<Variable> variableOf(Expression expression) {
    Expression bare = unwrap(expression);
    if (!(bare instanceof NameExpr) && !(bare instanceof FieldAccessExpr)) {
      return Optional.empty();
    }
    Optional<Variable> known = variables.get(bare);
    if (known == null) {
      known = lookUpVariable(bare);
      variables.put(bare, known);
    }
    return known;
  }

  private Optional<Variable> lookUpVariable(Expression bare) {
    if (bare instanceof NameExpr name) {
      return scopes.lookup(name.getNameAsString(), name);
    }
    if (bare instanceof FieldAccessExpr access && access.getScope() instanceof ThisExpr self) {
      if (self.getTypeName().isPresent()) {
        return Optional.empty();
      }
      return scopes.lookupField(access.getNameAsString(), access);
    }
    return Optional.empty();
  }

  /**
   * The static type of an expression as far as declarations show it: variables, {@code new}, casts,
   * {@code this}, and the JDK calls listed in {@link JdkTypes#RETURN_TYPES}. Anything else is
   * {@link TypeRef#UNKNOWN}.
   */
  public TypeRef typeOf(Expression expression) {
    Expression bare = unwrap(expression);
    if (bare instanceof NameExpr || bare instanceof FieldAccessExpr) {
      Optional<Variable> variable = variableOf(bare);
      if (variable.isPresent()) {
        return variable.get().type();
      }
      return TypeRef.UNKNOWN;
    }
    if (bare instanceof ObjectCreationExpr creation) {
      return types.resolve(creation.getType());
    }
    if (bare instanceof CastExpr cast) {
      return types.resolve(cast.getType());
    }
    if (bare instanceof ThisExpr self && self.getTypeName().isEmpty()) {
      return types.enclosingType(self);
    }
    if (bare instanceof AssignExpr assign) {
      return typeOf(assign.getTarget());
    }
    if (bare instanceof MethodCallExpr call) {
      return returnTypeOf(call);
    }
    return TypeRef.UNKNOWN;
  }

  /**
   * The type named by a call's scope when the scope is a type name rather than a value ({@code
   * Thread} in {@code Thread.sleep(..)}).
   */
  public Optional<TypeRef> staticScopeType(Expression scope) {
    if (scope instanceof NameExpr name
        && Character.isUpperCase(name.getNameAsString().charAt(0))
        && variableOf(name).isEmpty()) {
      return Optional.of(types.resolve(name.getNameAsString()));
    }
    if (scope instanceof FieldAccessExpr access && looksLikeTypeName(access)) {
      return Optional.of(types.resolve(access.toString()));
    }
    return Optional.empty();
  }

  private TypeRef returnTypeOf(MethodCallExpr call) {
    TypeRef receiver;
    if (call.getScope().isEmpty()) {
      return TypeRef.UNKNOWN;
    }
    Expression scope = call.getScope().get();
    Optional<TypeRef> staticType = staticScopeType(scope);
    receiver = staticType.orElseGet(() -> typeOf(scope));
    for (String candidate : receiver.candidates()) {
      for (String type : jdkSupertypesOf(candidate)) {
        String result = JdkTypes.RETURN_TYPES.get(type + "#" + call.getNameAsString());
        if (result != null) {
          return TypeRef.exact(result);
        }
      }
    }
    return TypeRef.UNKNOWN;
  }

  private static java.util.List<String> jdkSupertypesOf(String type) {
    java.util.List<String> all = new java.util.ArrayList<>();
    java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>();
    work.add(type);
    while (!work.isEmpty()) {
      String next = work.poll();
      if (!all.contains(next)) {
        all.add(next);
        work.addAll(JdkTypes.SUPERTYPES.getOrDefault(next, java.util.List.of()));
      }
    }
    return all;
  }

  private static boolean looksLikeTypeName(FieldAccessExpr access) {
    String text = access.toString();
    String last = access.getNameAsString();
    return Character.isUpperCase(last.charAt(0))
        && text.chars().allMatch(c -> Character.isJavaIdentifierPart(c) || c == '.');
  }

  /**
   * True when {@code ref} may stand for {@code supertype} or a subtype: some candidate is a known
   * JDK subtype, or is not a JDK type and so may be a project type. A finding that relies on this
   * must carry a {@link TypeCondition} so the project index decides.
   */
  public static boolean couldBe(TypeRef ref, String supertype) {
    for (String candidate : ref.candidates()) {
      if (JdkTypes.SUPERTYPES.containsKey(candidate)) {
        if (jdkSupertypesOf(candidate).contains(supertype)) {
          return true;
        }
      } else if (!candidate.startsWith("java.") && !candidate.startsWith("javax.")) {
        return true;
      }
    }
    return false;
  }

  /** Strips parentheses. */
  public static Expression unwrap(Expression expression) {
    Expression current = expression;
    while (current instanceof EnclosedExpr enclosed) {
      current = enclosed.getInner();
    }
    return current;
  }

  /**
   * The source region of a node, in this file. A method call starts at its name, so that {@code new
   * Thread() {...}.run()} is reported on the line of {@code run()}, not of {@code new}.
   */
  public Location location(Node node) {
    Optional<Range> range = node.getRange();
    if (range.isEmpty()) {
      return Location.at(file.relativePath(), 1, 1);
    }
    Range r = range.get();
    if (node instanceof MethodCallExpr call && call.getName().getRange().isPresent()) {
      r = new Range(call.getName().getRange().get().begin, r.end);
    }
    return new Location(
        file.relativePath(), r.begin.line, r.begin.column, r.end.line, r.end.column, "");
  }

  /** The same, with a message for a related location or flow step. */
  public Location location(Node node, String message) {
    return location(node).withMessage(message);
  }

  /**
   * The member that encloses a node, as {@code Type.member}: a method or constructor name, a field
   * name, or {@code <init>} for initializer blocks. Used in fingerprints and messages.
   */
  public static String memberOf(Node node) {
    String member = "";
    Node current = node;
    while (current != null) {
      if (member.isEmpty()) {
        if (current instanceof CallableDeclaration<?> callable) {
          member = callable.getNameAsString();
        } else if (current instanceof InitializerDeclaration) {
          member = "<init>";
        } else if (current instanceof VariableDeclarator declarator
            && declarator.getParentNode().filter(FieldDeclaration.class::isInstance).isPresent()) {
          member = declarator.getNameAsString();
        }
      }
      if (current instanceof TypeDeclaration<?> type) {
        return member.isEmpty() ? type.getNameAsString() : type.getNameAsString() + "." + member;
      }
      current = current.getParentNode().orElse(null);
    }
    return member;
  }
}
