package dev.threadlint.model;

import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.models.JdkTypes;
import dev.threadlint.protocol.Aliases;
import java.util.List;
import java.util.Optional;

/**
 * The one place where source expressions become {@link LockId}s: {@code synchronized (x)} monitors
 * and the objects {@code lock()}, {@code acquire()} and friends are called on. Follows {@code this}
 * and {@code Outer.this}, class literals, fields of {@code this} and static fields, a final local
 * copy of a field, the read and write views of read-write and stamped locks ({@code
 * rw.readLock().lock()}, or a field initialised with one), and a getter of the same class that
 * returns a field ({@code getLock().lock()}). Anything else has no name we can compare.
 */
public final class LockNames {
  private LockNames() {}

  /** The monitor a {@code synchronized} statement takes. */
  public static Optional<LockId> monitor(FileContext file, Expression expression) {
    return name(file, expression, true, 0).map(LockNames::asMonitor);
  }

  /**
   * {@code synchronized (lock)} or {@code synchronized (rw.readLock())} takes the monitor of that
   * object, which excludes nobody who calls {@code lock()}: a lock of its own (sync-on-lock-object
   * reports it). A view is another object than the lock that hands it out.
   */
  private static LockId asMonitor(LockId named) {
    if (named.type() == LockId.Type.MONITOR) {
      return named;
    }
    String object =
        switch (named.view()) {
          case NONE -> named.path();
          case READ -> named.path() + ".readLock()";
          case WRITE -> named.path() + ".writeLock()";
        };
    return new LockId(
        named.kind(), named.owner(), object, LockId.Type.MONITOR, LockId.View.NONE, named.root());
  }

  /** The lock object a {@code lock()}/{@code unlock()}/{@code acquire()} call is made on. */
  public static Optional<LockId> lockObject(FileContext file, Expression scope) {
    return name(file, scope, false, 0);
  }

  /** A field or local that holds a lock or monitor. */
  public static Optional<LockId> ofVariable(FileContext file, Variable variable, boolean monitor) {
    Variable canonical = Aliases.canonical(file, variable);
    LockId.Type type = typeOf(canonical.type(), monitor);
    if (!canonical.isField()) {
      // a local initialised with a view of a lock: rw.readLock()
      if (canonical.declaration() instanceof VariableDeclarator declarator
          && declarator.getInitializer().isPresent()) {
        Optional<LockId> viewed = viewOf(file, declarator.getInitializer().get(), 1);
        if (viewed.isPresent()) {
          return viewed;
        }
      }
      String owner = declaringMethod(canonical);
      return Optional.of(
          new LockId(LockId.Kind.LOCAL, owner, canonical.name(), type, LockId.View.NONE));
    }
    if (canonical.declaration() instanceof VariableDeclarator declarator
        && declarator.getInitializer().isPresent()) {
      Optional<LockId> viewed = viewOf(file, declarator.getInitializer().get(), 1);
      if (viewed.isPresent()) {
        return viewed;
      }
    }
    String owner = ownerOf(canonical.declaration());
    return Optional.of(LockId.field(owner, canonical.name(), canonical.isStatic(), type));
  }

  /** How a local's lock names the method that declares it: {@code pkg.Owner#method}. */
  private static String declaringMethod(Variable local) {
    return local
        .declaration()
        .findAncestor(CallableDeclaration.class)
        .map(c -> ownerOf(c) + "#" + c.getNameAsString())
        .orElse("?");
  }

  /**
   * {@code other.lock}, where {@code other} is a parameter or local: the field of the object it
   * names. Its type is read from the field's declaration when the variable's class is declared in
   * this file; otherwise a monitor for {@code synchronized}, a lock for {@code lock()}.
   */
  private static Optional<LockId> localField(
      FileContext file, FieldAccessExpr access, boolean monitor) {
    if (!(access.getScope() instanceof com.github.javaparser.ast.expr.NameExpr scope)) {
      return Optional.empty();
    }
    Optional<Variable> root = file.variableOf(scope).map(v -> Aliases.canonical(file, v));
    if (root.isEmpty() || root.get().isField()) {
      return Optional.empty();
    }
    String field = access.getNameAsString();
    LockId.Type type = monitor ? LockId.Type.MONITOR : LockId.Type.LOCK;
    String declared = root.get().type().isKnown() ? root.get().type().simpleName() : "";
    for (TypeDeclaration<?> candidate : file.all(TypeDeclaration.class)) {
      if (candidate.getNameAsString().equals(declared)) {
        for (Variable f : file.scopes().fieldsOf(candidate)) {
          if (f.name().equals(field)) {
            type = typeOf(f.type(), monitor);
          }
        }
      }
    }
    return Optional.of(
        LockId.localField(declaringMethod(root.get()), root.get().name(), field, type));
  }

  private static Optional<LockId> name(
      FileContext file, Expression expression, boolean monitor, int depth) {
    if (depth > 3) {
      return Optional.empty();
    }
    Expression bare = FileContext.unwrap(expression);
    if (bare instanceof ThisExpr self) {
      if (self.getTypeName().isPresent()) {
        return enclosingNamed(self, self.getTypeName().get().getIdentifier())
            .map(LockId::thisMonitor);
      }
      return Optional.of(LockId.thisMonitor(ownerOf(self)));
    }
    if (bare instanceof ClassExpr literal) {
      String written = literal.getType().asString();
      String simple = written.substring(written.lastIndexOf('.') + 1);
      String qualified =
          file.types()
              .declaredType(simple)
              .orElseGet(
                  () -> {
                    TypeRef ref = file.types().resolve(written);
                    return ref.isKnown() ? ref.candidates().get(0) : written;
                  });
      return Optional.of(LockId.classMonitor(qualified));
    }
    Optional<LockId> viewed = viewOf(file, bare, depth + 1);
    if (viewed.isPresent()) {
      return viewed;
    }
    if (bare instanceof MethodCallExpr call) {
      return getterField(file, call).flatMap(v -> ofVariable(file, v, monitor));
    }
    if (bare instanceof FieldAccessExpr access && !(access.getScope() instanceof ThisExpr)) {
      Optional<TypeRef> type = file.staticScopeType(access.getScope());
      if (type.isPresent() && type.get().isKnown()) {
        return Optional.of(
            LockId.field(
                type.get().candidates().get(0),
                access.getNameAsString(),
                true,
                monitor ? LockId.Type.MONITOR : LockId.Type.LOCK));
      }
      return localField(file, access, monitor);
    }
    return file.variableOf(bare).flatMap(v -> ofVariable(file, v, monitor));
  }

  /**
   * {@code x.readLock()}, {@code x.writeLock()}, {@code x.asReadLock()}, {@code x.asWriteLock()}.
   */
  private static Optional<LockId> viewOf(FileContext file, Expression expression, int depth) {
    if (!(FileContext.unwrap(expression) instanceof MethodCallExpr call)
        || call.getScope().isEmpty()
        || !call.getArguments().isEmpty()) {
      return Optional.empty();
    }
    LockId.View view =
        switch (call.getNameAsString()) {
          case "readLock", "asReadLock" -> LockId.View.READ;
          case "writeLock", "asWriteLock" -> LockId.View.WRITE;
          default -> null;
        };
    if (view == null) {
      return Optional.empty();
    }
    return name(file, call.getScope().get(), false, depth).map(l -> l.withView(view));
  }

  /**
   * {@code getLock()} on {@code this}, where the same class declares {@code getLock()} as {@code
   * return lock;}: the field.
   */
  private static Optional<Variable> getterField(FileContext file, MethodCallExpr call) {
    if (!call.getArguments().isEmpty()
        || call.getScope().filter(s -> !(s instanceof ThisExpr)).isPresent()) {
      return Optional.empty();
    }
    Optional<TypeDeclaration> owner = call.findAncestor(TypeDeclaration.class);
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    for (MethodDeclaration method :
        ((TypeDeclaration<?>) owner.get()).getMethodsByName(call.getNameAsString())) {
      Optional<Expression> returned = returnedExpression(method);
      if (method.getParameters().isEmpty() && returned.isPresent()) {
        return file.variableOf(returned.get()).filter(Variable::isField);
      }
    }
    return Optional.empty();
  }

  /** The expression of a body that is a single {@code return e;}. */
  public static Optional<Expression> returnedExpression(MethodDeclaration method) {
    if (method.getBody().isEmpty() || method.getBody().get().getStatements().size() != 1) {
      return Optional.empty();
    }
    Statement only = method.getBody().get().getStatement(0);
    return only instanceof ReturnStmt ret ? ret.getExpression() : Optional.empty();
  }

  /** A {@code Semaphore} field or local created with one permit: a mutex. */
  public static boolean isBinarySemaphore(Variable semaphore) {
    return semaphore.declaration() instanceof VariableDeclarator declarator
        && declarator
            .getInitializer()
            .filter(
                i ->
                    i instanceof ObjectCreationExpr c
                        && !c.getArguments().isEmpty()
                        && c.getArgument(0) instanceof IntegerLiteralExpr n
                        && n.getValue().equals("1"))
            .isPresent();
  }

  /** What sort of lock a field declared with these type candidates holds, taken by a call. */
  public static LockId.Type typeOf(List<String> candidates) {
    return candidates.isEmpty()
        ? LockId.Type.LOCK
        : typeOf(new TypeRef(candidates.get(0), candidates), false);
  }

  static LockId.Type typeOf(TypeRef type, boolean monitor) {
    if (type.mayBe(JdkTypes.REENTRANT_READ_WRITE_LOCK) || type.mayBe(JdkTypes.READ_WRITE_LOCK)) {
      return LockId.Type.READ_WRITE_LOCK;
    }
    if (type.mayBe(JdkTypes.STAMPED_LOCK)) {
      return LockId.Type.STAMPED_LOCK;
    }
    if (type.mayBe(JdkTypes.SEMAPHORE)) {
      return LockId.Type.SEMAPHORE;
    }
    if (type.mayBe(JdkTypes.LOCK) || type.mayBe(JdkTypes.REENTRANT_LOCK)) {
      return LockId.Type.LOCK;
    }
    return monitor ? LockId.Type.MONITOR : LockId.Type.LOCK;
  }

  /** The qualified name of the named type around a node ({@code Outer} for code in lambdas). */
  public static String ownerOf(Node node) {
    Node current = node.getParentNode().orElse(null);
    while (current != null) {
      if (current instanceof ObjectCreationExpr creation
          && creation.getAnonymousClassBody().isPresent()
          && isInAnonymousBody(creation, node)) {
        return anonymousName(creation);
      }
      if (current instanceof TypeDeclaration<?> type) {
        return qualifiedName(type);
      }
      current = current.getParentNode().orElse(null);
    }
    return "?";
  }

  /**
   * The names of the types and anonymous classes of a tree, kept on their nodes: every field access
   * and lock of a file asks for its owner, and building the qualified name anew each time was the
   * largest allocation of the per-file walks after the parse. The tree is one worker's, and dies
   * with its names.
   */
  private static final DataKey<String> QUALIFIED_NAME = new DataKey<>() {};

  private static String qualifiedName(TypeDeclaration<?> type) {
    if (type.containsData(QUALIFIED_NAME)) {
      return type.getData(QUALIFIED_NAME);
    }
    String name =
        dev.threadlint.facts.Names.shared(
            type.getFullyQualifiedName().orElse(type.getNameAsString()));
    type.setData(QUALIFIED_NAME, name);
    return name;
  }

  private static String anonymousName(ObjectCreationExpr creation) {
    if (creation.containsData(QUALIFIED_NAME)) {
      return creation.getData(QUALIFIED_NAME);
    }
    String name =
        dev.threadlint.facts.Names.shared(
            ownerOf(creation) + "$" + creation.getBegin().map(p -> p.line).orElse(0));
    creation.setData(QUALIFIED_NAME, name);
    return name;
  }

  private static boolean isInAnonymousBody(ObjectCreationExpr creation, Node node) {
    return creation.getAnonymousClassBody().get().stream()
        .anyMatch(member -> dev.threadlint.facts.Dominance.isAncestorOrSelf(member, node));
  }

  private static Optional<String> enclosingNamed(Node node, String simpleName) {
    Node current = node.getParentNode().orElse(null);
    while (current != null) {
      if (current instanceof TypeDeclaration<?> type && type.getNameAsString().equals(simpleName)) {
        return Optional.of(type.getFullyQualifiedName().orElse(type.getNameAsString()));
      }
      current = current.getParentNode().orElse(null);
    }
    return Optional.empty();
  }
}
