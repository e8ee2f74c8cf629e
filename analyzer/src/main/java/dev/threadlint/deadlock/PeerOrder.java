package dev.threadlint.deadlock;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Variable;
import dev.threadlint.model.HeldLocks;
import dev.threadlint.model.LockId;
import dev.threadlint.model.LockNames;
import dev.threadlint.models.LockVocabulary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Two objects of one class locking each other in opposite orders (A↔A): {@code synchronized void
 * transferTo(Account other) { synchronized (other) {...} }} holds this account and waits for the
 * other, and {@code a.transferTo(b)} on one thread with {@code b.transferTo(a)} on another
 * deadlock. The project-wide lock order names both monitors {@code Account.this} and sees re-entry;
 * here the two are told apart by role: the receiver and a parameter of the same class (or two
 * parameters of a static method), by their monitors, a lock field ({@code synchronized
 * (other.lock)}), or a {@code Lock} field ({@code lock.lock()}, then {@code other.lock.lock()}).
 * Which locks are held where is the model's answer ({@link HeldLocks#at}); a lock in a field of a
 * parameter is a {@link LockId#localField}.
 *
 * <p>Reported only when the method's shape makes the opposite order the same code with the roles
 * swapped: it writes the same field on both objects (a transfer, a swap, a merge), so either object
 * can be either side. A parent that locks its child (it writes other fields on each), a comparison
 * that only reads, locking in an order decided by a key ({@code id < other.id}, {@code
 * identityHashCode}), under a lock both orders share (a class-wide tie lock), or with {@code
 * tryLock} are not reported.
 */
public final class PeerOrder {
  /**
   * One method that locks two objects of its class, in the order of its arguments.
   *
   * @param method the method
   * @param type the class's simple name
   * @param outer where the first object's lock is taken (the method declaration when it is
   *     synchronized)
   * @param inner where the second object's lock is taken while the first is held
   * @param first how the first object is named ({@code this} or a parameter)
   * @param second the parameter naming the second object
   * @param field the lock field taken on both, or {@code ""} for their monitors
   * @param shared a field the method writes on both objects, or {@code ""} when the evidence is
   *     {@code swapped}
   * @param swapped two calls of the method in this file with the roles swapped ({@code
   *     a.transferTo(b)} and {@code b.transferTo(a)}), or empty when the evidence is {@code shared}
   */
  public record Found(
      MethodDeclaration method,
      String type,
      Node outer,
      Node inner,
      String first,
      String second,
      String field,
      String shared,
      List<MethodCallExpr> swapped) {}

  private PeerOrder() {}

  /** Every such method of a file. */
  public static List<Found> of(FileContext file) {
    List<Found> found = new ArrayList<>();
    for (ClassOrInterfaceDeclaration type : file.all(ClassOrInterfaceDeclaration.class)) {
      if (!type.isInterface()) {
        new ClassView(file, type).check(found);
      }
    }
    return found;
  }

  /** What one class declares: its fields, synchronized methods and what each method writes. */
  private static final class ClassView {
    private final FileContext file;
    private final ClassOrInterfaceDeclaration type;
    private final String qualified;
    private final Set<String> fields = new HashSet<>();
    private final Map<String, Set<Integer>> synchronizedMethods = new LinkedHashMap<>();

    /**
     * The fields each method (by name and arity) writes on {@code this}; read on first use, as only
     * a method with a peer of its own class asks, and most classes have none.
     */
    private Map<String, Set<String>> writesOnThis;

    ClassView(FileContext file, ClassOrInterfaceDeclaration type) {
      this.file = file;
      this.type = type;
      this.qualified = type.getFullyQualifiedName().orElse(type.getNameAsString());
      for (FieldDeclaration field : type.getFields()) {
        if (!field.isStatic()) {
          field.getVariables().forEach(v -> fields.add(v.getNameAsString()));
        }
      }
      for (MethodDeclaration method : type.getMethods()) {
        if (method.isSynchronized() && !method.isStatic()) {
          synchronizedMethods
              .computeIfAbsent(method.getNameAsString(), k -> new HashSet<>())
              .add(method.getParameters().size());
        }
      }
    }

    private Map<String, Set<String>> writesOnThis() {
      if (writesOnThis == null) {
        writesOnThis = new LinkedHashMap<>();
        for (MethodDeclaration method : type.getMethods()) {
          String key = method.getNameAsString() + "/" + method.getParameters().size();
          Set<String> writes = writesOnThis.computeIfAbsent(key, k -> new LinkedHashSet<>());
          method.getBody().ifPresent(body -> writes.addAll(directWrites(method, "this")));
        }
      }
      return writesOnThis;
    }

    void check(List<Found> found) {
      for (MethodDeclaration method : type.getMethods()) {
        if (method.getBody().isEmpty() || method.isAbstract()) {
          continue;
        }
        List<String> peers = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
          if (isThisClass(parameter)) {
            peers.add(parameter.getNameAsString());
          }
        }
        if (peers.isEmpty() || ordered(method, peers)) {
          continue;
        }
        if (!method.isStatic()) {
          instance(method, peers).ifPresent(found::add);
        } else if (peers.size() >= 2) {
          statics(method, peers).ifPresent(found::add);
        }
      }
    }

    private boolean isThisClass(Parameter parameter) {
      return parameter.getType() instanceof ClassOrInterfaceType t
          && t.getNameAsString().equals(type.getNameAsString())
          && !parameter.isVarArgs();
    }

    /** {@code this} locked, then a parameter of this class. */
    private Optional<Found> instance(MethodDeclaration method, List<String> peers) {
      return pair(method, List.of("this"), peers);
    }

    /** One parameter of this class locked, then another: {@code transfer(from, to)}. */
    private Optional<Found> statics(MethodDeclaration method, List<String> peers) {
      return pair(method, peers, peers);
    }

    /**
     * The first object of {@code firsts} whose lock is held while one of {@code seconds} is locked:
     * proven when the method writes a field on both, otherwise only when two calls in this file
     * swap their roles; empty when neither.
     */
    private Optional<Found> pair(
        MethodDeclaration method, List<String> firsts, List<String> seconds) {
      Found unproven = null;
      for (Node node : ownNodes(method)) {
        for (String second : seconds) {
          String field = innerLock(node, second);
          if (field == null) {
            continue;
          }
          for (String first : firsts) {
            if (first.equals(second)) {
              continue;
            }
            Node outer = heldOn(node, first, field);
            if (outer == null) {
              continue;
            }
            Set<String> both = new LinkedHashSet<>(writes(method, first));
            both.retainAll(writes(method, second));
            if (!both.isEmpty()) {
              return Optional.of(
                  found(
                      method,
                      outer,
                      node,
                      first,
                      second,
                      field,
                      both.iterator().next(),
                      List.of()));
            }
            if (unproven == null) {
              int firstAt = first.equals("this") ? -1 : parameterIndex(method, first);
              List<MethodCallExpr> swapped =
                  swappedCalls(method, firstAt, parameterIndex(method, second));
              if (!swapped.isEmpty()) {
                unproven = found(method, outer, node, first, second, field, "", swapped);
              }
            }
          }
        }
      }
      return Optional.ofNullable(unproven);
    }

    private Found found(
        MethodDeclaration method,
        Node outer,
        Node inner,
        String first,
        String second,
        String field,
        String shared,
        List<MethodCallExpr> swapped) {
      return new Found(
          method, type.getNameAsString(), outer, inner, first, second, field, shared, swapped);
    }

    private static int parameterIndex(MethodDeclaration method, String name) {
      for (int i = 0; i < method.getParameters().size(); i++) {
        if (method.getParameter(i).getNameAsString().equals(name)) {
          return i;
        }
      }
      return -2;
    }

    /**
     * Two calls of the method in this file that swap the roles of two objects of this class, held
     * in the same variables or fields ({@code a.transferTo(b)} and {@code b.transferTo(a)}; {@code
     * transfer(a, b)} and {@code transfer(b, a)}): two threads doing both deadlock. A call that
     * passes the receiver itself ({@code a.transferTo(a)}) re-enters the lock it holds.
     *
     * @param firstAt the argument that plays the first role, {@code -1} for the receiver
     * @param secondAt the argument that plays the second role
     */
    private List<MethodCallExpr> swappedCalls(MethodDeclaration method, int firstAt, int secondAt) {
      int arity = method.getParameters().size();
      if (secondAt < 0 || secondAt >= arity) {
        return List.of();
      }
      Map<List<Variable>, MethodCallExpr> seen = new LinkedHashMap<>();
      for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
        if (!call.getNameAsString().equals(method.getNameAsString())
            || call.getArguments().size() != arity) {
          continue;
        }
        Optional<Variable> first = role(call, firstAt);
        Optional<Variable> second = role(call, secondAt);
        if (first.isEmpty() || second.isEmpty() || first.get().equals(second.get())) {
          continue;
        }
        MethodCallExpr opposite = seen.get(List.of(second.get(), first.get()));
        if (opposite != null) {
          return List.of(opposite, call);
        }
        seen.putIfAbsent(List.of(first.get(), second.get()), call);
      }
      return List.of();
    }

    /** The variable or field of this class's type that plays a role in a call. */
    private Optional<Variable> role(MethodCallExpr call, int at) {
      Optional<Expression> expression =
          at < 0 ? call.getScope() : Optional.of(call.getArgument(at));
      return expression
          .flatMap(file::variableOf)
          .filter(v -> v.type().isKnown())
          .filter(v -> v.type().simpleName().equals(type.getNameAsString()));
    }

    /**
     * The lock {@code node} takes on {@code peer}, as the model names it: {@code ""} for its
     * monitor ({@code synchronized (peer)}, or a call of one of this class's synchronized methods
     * on it), a field name for {@code synchronized (peer.f)} or {@code peer.f.lock()}, {@code null}
     * for none. {@code tryLock} never waits, so it orders nothing.
     */
    private String innerLock(Node node, String peer) {
      Optional<LockId> taken = Optional.empty();
      if (node instanceof SynchronizedStmt sync) {
        taken = LockNames.monitor(file, sync.getExpression());
      } else if (node instanceof MethodCallExpr call && call.getScope().isPresent()) {
        if (isLock(call)) {
          taken = LockNames.lockObject(file, call.getScope().get());
        } else if (synchronizedMethods
            .getOrDefault(call.getNameAsString(), Set.of())
            .contains(call.getArguments().size())) {
          taken = LockNames.monitor(file, call.getScope().get()).filter(l -> !l.isLocalField());
        }
      }
      return taken.map(lock -> fieldOf(lock, peer)).orElse(null);
    }

    /**
     * The field of {@code holder} ({@code this} or a parameter) that the lock is, {@code ""} for
     * its monitor, {@code null} when it is not {@code holder}'s.
     */
    private String fieldOf(LockId lock, String holder) {
      if (holder.equals("this")) {
        if (lock.kind() == LockId.Kind.THIS && lock.owner().equals(qualified)) {
          return "";
        }
        return lock.kind() == LockId.Kind.FIELD
                && lock.owner().equals(qualified)
                && fields.contains(lock.path())
            ? lock.path()
            : null;
      }
      if (lock.kind() != LockId.Kind.LOCAL) {
        return null;
      }
      if (lock.isLocalField()) {
        return lock.root().equals(holder) && fields.contains(lock.path()) ? lock.path() : null;
      }
      return lock.path().equals(holder) ? "" : null;
    }

    /**
     * Where the lock {@code field} of {@code holder} (its monitor when {@code ""}) was taken, when
     * the model says it is held at {@code node} ({@link HeldLocks#at}); {@code null} when it is not
     * held, or when a class-wide lock (a tie lock) is held around it too.
     */
    private Node heldOn(Node node, String holder, String field) {
      Set<LockId> held = HeldLocks.at(file, node);
      if (held.stream()
          .anyMatch(l -> l.kind() == LockId.Kind.CLASS || l.kind() == LockId.Kind.STATIC_FIELD)) {
        return null; // one lock around both orders: only one thread gets in
      }
      for (LockId lock : held) {
        if (field.equals(fieldOf(lock, holder))) {
          return HeldLocks.takenAt(file, node, lock).orElse(null);
        }
      }
      return null;
    }

    /** The fields a method writes on {@code whose}: itself, and through this class's methods. */
    private Set<String> writes(MethodDeclaration method, String whose) {
      Set<String> all = new LinkedHashSet<>(directWrites(method, whose));
      for (Node node : ownNodes(method)) {
        if (!(node instanceof MethodCallExpr call)) {
          continue;
        }
        Expression scope = call.getScope().orElse(null);
        boolean onWhose =
            whose.equals("this")
                ? scope == null || (scope instanceof ThisExpr self && self.getTypeName().isEmpty())
                : scope instanceof NameExpr name && name.getNameAsString().equals(whose);
        if (onWhose) {
          all.addAll(
              writesOnThis()
                  .getOrDefault(
                      call.getNameAsString() + "/" + call.getArguments().size(), Set.of()));
        }
      }
      return all;
    }

    /** Fields assigned or incremented on {@code whose} ({@code this}, or a named variable). */
    private Set<String> directWrites(MethodDeclaration method, String whose) {
      Set<String> locals = new HashSet<>();
      method.getParameters().forEach(p -> locals.add(p.getNameAsString()));
      file.allWithin(method, com.github.javaparser.ast.body.VariableDeclarator.class)
          .forEach(v -> locals.add(v.getNameAsString()));
      Set<String> written = new LinkedHashSet<>();
      for (Node node : ownNodes(method)) {
        Expression target = null;
        if (node instanceof AssignExpr assign) {
          target = assign.getTarget();
        } else if (node instanceof UnaryExpr unary
            && (unary.getOperator().isPrefix() || unary.getOperator().isPostfix())
            && unary.getOperator() != UnaryExpr.Operator.LOGICAL_COMPLEMENT
            && unary.getOperator() != UnaryExpr.Operator.MINUS
            && unary.getOperator() != UnaryExpr.Operator.PLUS
            && unary.getOperator() != UnaryExpr.Operator.BITWISE_COMPLEMENT) {
          target = unary.getExpression();
        }
        if (target == null) {
          continue;
        }
        target = FileContext.unwrap(target);
        if (target instanceof NameExpr name
            && whose.equals("this")
            && fields.contains(name.getNameAsString())
            && !locals.contains(name.getNameAsString())) {
          written.add(name.getNameAsString());
        } else if (target instanceof FieldAccessExpr access
            && fields.contains(access.getNameAsString())) {
          Expression scope = access.getScope();
          boolean onWhose =
              whose.equals("this")
                  ? scope instanceof ThisExpr self && self.getTypeName().isEmpty()
                  : scope instanceof NameExpr name && name.getNameAsString().equals(whose);
          if (onWhose) {
            written.add(access.getNameAsString());
          }
        }
      }
      return written;
    }
  }

  /**
   * The method decides the order by a key: a comparison ({@code <}, {@code >}) or {@code
   * compareTo}/{@code identityHashCode} that involves one of the two objects.
   */
  private static boolean ordered(MethodDeclaration method, List<String> peers) {
    for (BinaryExpr binary : method.findAll(BinaryExpr.class)) {
      switch (binary.getOperator()) {
        case LESS, GREATER, LESS_EQUALS, GREATER_EQUALS -> {
          if (mentions(binary, peers)) {
            return true;
          }
        }
        default -> {}
      }
    }
    for (MethodCallExpr call : method.findAll(MethodCallExpr.class)) {
      String name = call.getNameAsString();
      if (name.equals("identityHashCode") || name.equals("compareTo") || name.equals("compare")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A blocking acquisition of a {@code Lock}: {@code tryLock} never waits, so it orders nothing.
   */
  private static boolean isLock(MethodCallExpr call) {
    return call.getArguments().isEmpty()
        && LockVocabulary.LOCK_ACQUIRES.contains(call.getNameAsString());
  }

  private static boolean mentions(Node node, List<String> peers) {
    return node.findAll(NameExpr.class).stream().anyMatch(n -> peers.contains(n.getNameAsString()));
  }

  /** The nodes of a method's own body: not those of lambdas or anonymous classes inside it. */
  private static List<Node> ownNodes(MethodDeclaration method) {
    List<Node> nodes = new ArrayList<>();
    method.getBody().ifPresent(body -> collect(body, nodes));
    return nodes;
  }

  private static void collect(Node node, List<Node> into) {
    into.add(node);
    for (Node child : node.getChildNodes()) {
      if (child instanceof LambdaExpr
          || child instanceof TypeDeclaration<?>
          || (child instanceof ObjectCreationExpr creation
              && creation.getAnonymousClassBody().isPresent())) {
        continue;
      }
      collect(child, into);
    }
  }
}
