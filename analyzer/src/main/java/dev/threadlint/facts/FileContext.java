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
   * Every node of the tree in pre-order (the order of {@link Node#findAll}), filled on first use:
   * the rules and extractors each asked the tree for their kinds of node, and those few dozen walks
   * of every tree cost more than the parse.
   */
  private java.util.List<Node> preorder;

  /** For the node at each position of {@link #preorder}, the position just after its subtree. */
  private int[] subtreeEnd;

  /**
   * Position in {@link #preorder} of each type declaration and body (method, constructor, lambda,
   * initializer), the roots {@link #allWithin} is asked about; any other root is looked up by
   * identity along the list.
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
      found = java.util.Collections.unmodifiableList(collect(kind, 0, nodes().size()));
      byKind.put(kind, found);
    }
    return (java.util.List<T>) found;
  }

  /**
   * The nodes of a kind in the subtree of {@code root} (itself included), in the order {@code
   * root.findAll(kind)} gives them, without walking the tree again. {@code root} must belong to
   * this file's tree.
   */
  public <T extends Node> java.util.List<T> allWithin(Node root, Class<T> kind) {
    java.util.List<Node> nodes = nodes();
    Integer start = positions.get(root);
    if (start == null) {
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i) == root) {
          return collect(kind, i, subtreeEnd[i]);
        }
      }
      return root.findAll(kind); // not in this tree (a node built by a rule): walk it
    }
    return collect(kind, start, subtreeEnd[start]);
  }

  private <T extends Node> java.util.List<T> collect(Class<T> kind, int from, int to) {
    java.util.List<Node> nodes = nodes();
    java.util.List<T> found = new java.util.ArrayList<>();
    for (int i = from; i < to; i++) {
      Node node = nodes.get(i);
      if (kind.isInstance(node)) {
        found.add(kind.cast(node));
      }
    }
    return found;
  }

  /**
   * The position of a type declaration or body (method, constructor, lambda, initializer) of this
   * tree in the pre-order of {@link #all}, or -1 for any other node: with {@link #nodeAt} and
   * {@link #subtreeEnd}, a walk of its subtree without touching the tree ({@code
   * flow.Bodies#findAllInSameBody(FileContext, Node, Class)}).
   */
  public int indexOf(Node root) {
    nodes();
    Integer position = positions.get(root);
    return position == null ? -1 : position;
  }

  /** The node at a position of the pre-order. */
  public Node nodeAt(int position) {
    return nodes().get(position);
  }

  /** The position just after the subtree of the node at a position. */
  public int subtreeEnd(int position) {
    nodes();
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
    java.util.List<Node> found = new java.util.ArrayList<>();
    for (Node node : nodes()) {
      if (test.test(node)) {
        found.add(node);
      }
    }
    return found;
  }

  private java.util.List<Node> nodes() {
    if (preorder == null) {
      java.util.ArrayList<Node> nodes = new java.util.ArrayList<>();
      java.util.IdentityHashMap<Node, Integer> at = new java.util.IdentityHashMap<>();
      int[] ends = new int[64];
      // iterative, like Node.walk: the tree may be deeper than a recursion would like. A node is
      // pushed once to be entered and once more (behind its children) to close its subtree.
      java.util.ArrayList<Node> stack = new java.util.ArrayList<>();
      int[] opened = new int[64]; // per stack entry: -1 to enter, else the position to close
      int top = 0;
      stack.add(unit);
      opened[top++] = -1;
      while (top > 0) {
        top--;
        Node node = stack.remove(top);
        int closing = opened[top];
        if (closing >= 0) {
          ends[closing] = nodes.size();
          continue;
        }
        int position = nodes.size();
        nodes.add(node);
        if (position == ends.length) {
          ends = java.util.Arrays.copyOf(ends, position * 2);
        }
        if (isIndexedRoot(node)) {
          at.put(node, position);
        }
        java.util.List<Node> children = node.getChildNodes();
        if (top + children.size() + 1 > opened.length) {
          opened =
              java.util.Arrays.copyOf(
                  opened, Math.max(opened.length * 2, top + children.size() + 1));
        }
        stack.add(node); // closes the subtree once every child is done
        opened[top++] = position;
        for (int i = children.size() - 1; i >= 0; i--) {
          stack.add(children.get(i));
          opened[top++] = -1;
        }
      }
      subtreeEnd = java.util.Arrays.copyOf(ends, nodes.size());
      positions = at;
      preorder = nodes;
    }
    return preorder;
  }

  /** The variable a name or {@code this.name} expression refers to, if it is one. */
  public Optional<Variable> variableOf(Expression expression) {
    Expression bare = unwrap(expression);
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
        && scopes.lookup(name.getNameAsString(), name).isEmpty()) {
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
