package dev.threadlint.model;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.Fact;
import dev.threadlint.facts.FactExtractor;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.Names;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.flow.Bodies;
import dev.threadlint.models.IntentAnnotations;
import dev.threadlint.models.ThreadEntries;
import dev.threadlint.models.ThreadSafety;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The only code of the model that reads an AST: walks one file and emits its {@link FileSummary}.
 * Stateless and shared by every worker; the per-file work happens in a {@link Walk}.
 */
public final class SummaryExtractor implements FactExtractor {
  @Override
  public String name() {
    return "concurrency-model";
  }

  @Override
  public void extract(FileContext file, Consumer<Fact> out) {
    out.accept(summarize(file));
  }

  /** The summary of one file (memoized, so rules of the file may read it too). */
  public static FileSummary summarize(FileContext file) {
    return file.memo(SummaryExtractor.class, () -> new Walk(file).run());
  }

  /** One file's walk. */
  private static final class Walk {
    private final FileContext file;
    private final Sites sites;
    private final Set<String> fieldNames = new HashSet<>();
    private final Map<Node, List<Access>> accesses = new IdentityHashMap<>();
    private final Map<Node, List<ThreadContext>> referenced = new IdentityHashMap<>();

    /** Names compared with {@code null} in each type, found in one walk of the type. */
    private final Map<TypeDeclaration<?>, Set<String>> nullChecked = new IdentityHashMap<>();

    /** The file's types by simple name, the first in tree order winning, built on first use. */
    private Map<String, TypeDeclaration<?>> typesByName;

    Walk(FileContext file) {
      this.file = file;
      this.sites = new Sites(file);
    }

    FileSummary run() {
      for (FieldDeclaration declaration : file.all(FieldDeclaration.class)) {
        declaration.getVariables().forEach(v -> fieldNames.add(v.getNameAsString()));
      }
      collectAccesses();
      collectReferencedTasks();
      List<TypeSummary> types = new ArrayList<>();
      for (TypeDeclaration<?> type : file.all(TypeDeclaration.class)) {
        types.add(type(type));
      }
      return new FileSummary(file.file().relativePath(), types);
    }

    // ---- types and fields ---------------------------------------------------------------

    private TypeSummary type(TypeDeclaration<?> type) {
      String name = type.getFullyQualifiedName().orElse(type.getNameAsString());
      List<List<String>> supertypes = new ArrayList<>();
      if (type instanceof ClassOrInterfaceDeclaration declaration) {
        for (ClassOrInterfaceType parent : declaration.getExtendedTypes()) {
          supertypes.add(file.types().resolve(parent).candidates());
        }
        for (ClassOrInterfaceType parent : declaration.getImplementedTypes()) {
          supertypes.add(file.types().resolve(parent).candidates());
        }
      }
      List<FieldInfo> fields = new ArrayList<>();
      for (FieldDeclaration declaration : type.getFields()) {
        for (VariableDeclarator variable : declaration.getVariables()) {
          fields.add(field(type, declaration, variable));
        }
      }
      List<MethodSummary> methods = new ArrayList<>();
      for (Node body : bodiesOf(type)) {
        methods.add(method(name, type, body));
      }
      return new TypeSummary(
          name,
          supertypes,
          intent(type.getAnnotations()),
          synchronizes(type),
          fields,
          methods,
          sites.of(type));
    }

    private FieldInfo field(
        TypeDeclaration<?> owner, FieldDeclaration declaration, VariableDeclarator variable) {
      TypeRef type = file.types().resolve(variable.getType());
      String simple = type.simpleName();
      boolean container = isContainer(simple, variable);
      boolean safeType =
          ThreadSafety.SAFE_TYPES.contains(simple)
              || holdsConcurrentCollection(simple, variable)
              || simple.startsWith("Atomic")
              || variable.getType().isPrimitiveType() && false;
      Set<LockId> guards = new HashSet<>();
      for (AnnotationExpr annotation : declaration.getAnnotations()) {
        if (IntentAnnotations.GUARDED_BY.contains(annotation.getName().getIdentifier())) {
          annotation
              .findAll(StringLiteralExpr.class)
              .forEach(
                  s -> HeldLocks.guardName(file, variable, s.getValue()).ifPresent(guards::add));
        }
      }
      return new FieldInfo(
          variable.getNameAsString(),
          type.candidates(),
          declaration.isFinal() || owner.isRecordDeclaration(),
          declaration.isVolatile(),
          declaration.isStatic(),
          safeType,
          container,
          guards,
          comparedWithNull(owner, variable.getNameAsString()),
          sites.of(variable));
    }

    private boolean comparedWithNull(TypeDeclaration<?> owner, String name) {
      return nullChecked.computeIfAbsent(owner, this::namesComparedWithNull).contains(name);
    }

    /** {@code x == null}, {@code null != this.x}...: the names so compared anywhere in the type. */
    private Set<String> namesComparedWithNull(TypeDeclaration<?> owner) {
      Set<String> names = new HashSet<>();
      for (com.github.javaparser.ast.expr.BinaryExpr b :
          file.allWithin(owner, com.github.javaparser.ast.expr.BinaryExpr.class)) {
        if (b.getOperator() != com.github.javaparser.ast.expr.BinaryExpr.Operator.EQUALS
            && b.getOperator() != com.github.javaparser.ast.expr.BinaryExpr.Operator.NOT_EQUALS) {
          continue;
        }
        if (b.getRight().isNullLiteralExpr()) {
          nameOf(b.getLeft()).ifPresent(names::add);
        }
        if (b.getLeft().isNullLiteralExpr()) {
          nameOf(b.getRight()).ifPresent(names::add);
        }
      }
      return names;
    }

    /** A plain name or {@code this.name}. */
    private static Optional<String> nameOf(Expression expression) {
      Expression bare = FileContext.unwrap(expression);
      if (bare instanceof NameExpr n) {
        return Optional.of(n.getNameAsString());
      }
      if (bare instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr) {
        return Optional.of(f.getNameAsString());
      }
      return Optional.empty();
    }

    private static TypeSummary.Intent intent(List<AnnotationExpr> annotations) {
      for (AnnotationExpr annotation : annotations) {
        String name = annotation.getName().getIdentifier();
        if (IntentAnnotations.THREAD_SAFE.contains(name)) {
          return TypeSummary.Intent.THREAD_SAFE;
        }
        if (IntentAnnotations.NOT_THREAD_SAFE.contains(name)) {
          return TypeSummary.Intent.NOT_THREAD_SAFE;
        }
        if (IntentAnnotations.IMMUTABLE.contains(name)) {
          return TypeSummary.Intent.IMMUTABLE;
        }
        if (IntentAnnotations.CONFINED.contains(name)) {
          return TypeSummary.Intent.CONFINED;
        }
      }
      return TypeSummary.Intent.NONE;
    }

    private boolean synchronizes(TypeDeclaration<?> type) {
      return !file.allWithin(type, SynchronizedStmt.class).isEmpty()
          || type.getMethods().stream()
              .anyMatch(
                  m ->
                      m.isSynchronized()
                          // InputStream declares mark/reset synchronized; subclasses follow
                          && !m.getNameAsString().equals("mark")
                          && !m.getNameAsString().equals("reset"))
          || file.allWithin(type, MethodCallExpr.class).stream()
              .filter(
                  c ->
                      (c.getNameAsString().equals("lock")
                              || c.getNameAsString().equals("lockInterruptibly"))
                          && c.getArguments().isEmpty()
                          && c.getScope().isPresent())
              .findAny()
              .isPresent();
    }

    /** The member bodies of a type and the nested bodies written in them (not in nested types). */
    private List<Node> bodiesOf(TypeDeclaration<?> type) {
      List<Node> bodies = new ArrayList<>();
      int typeAt = file.indexOf(type);
      // each member's position among the type's children in the file's index: its subtree is read
      // from the index instead of walking the tree again
      Map<Node, Integer> memberAt = new IdentityHashMap<>();
      if (typeAt >= 0) {
        for (int child = typeAt + 1;
            child < file.subtreeEnd(typeAt);
            child = file.subtreeEnd(child)) {
          memberAt.put(file.nodeAt(child), child);
        }
      }
      for (Node member : type.getMembers()) {
        if (member instanceof CallableDeclaration<?> || member instanceof InitializerDeclaration) {
          bodies.add(member);
        }
        if (member instanceof TypeDeclaration<?>) {
          continue;
        }
        Integer at = memberAt.get(member);
        if (at == null) {
          member.walk(
              Node.TreeTraversal.PREORDER,
              n -> {
                if (n != member && isNestedBodyOf(n, type)) {
                  bodies.add(n);
                }
              });
          continue;
        }
        // only lambdas and methods can be nested bodies: those of the member's subtree, from the
        // index, instead of every node of it
        for (Node n : file.allWithinOfKinds(at, NESTED_BODY_KINDS)) {
          if (n != member && isNestedBodyOf(n, type)) {
            bodies.add(n);
          }
        }
      }
      return bodies;
    }

    private static final List<Class<? extends Node>> NESTED_BODY_KINDS =
        List.of(LambdaExpr.class, CallableDeclaration.class);

    /** A lambda or a method of an anonymous class whose nearest enclosing type is {@code type}. */
    private static boolean isNestedBodyOf(Node n, TypeDeclaration<?> type) {
      if (!(n instanceof LambdaExpr
          || (n instanceof CallableDeclaration<?>
              && n.getParentNode().orElse(null) instanceof ObjectCreationExpr))) {
        return false;
      }
      for (Node above = n.getParentNode().orElse(null);
          above != null;
          above = above.getParentNode().orElse(null)) {
        if (above instanceof TypeDeclaration<?>) {
          return above == type;
        }
      }
      return false;
    }

    // ---- one body -----------------------------------------------------------------------

    private MethodSummary method(String owner, TypeDeclaration<?> type, Node body) {
      Set<MethodSummary.Flag> flags = EnumSet.noneOf(MethodSummary.Flag.class);
      List<ThreadContext> contexts = new ArrayList<>();
      MethodKey key;
      String returnsField = "";
      if (body instanceof CallableDeclaration<?> callable
          && callable.getParentNode().filter(p -> p == type).isPresent()) {
        String name =
            callable instanceof ConstructorDeclaration ? "<init>" : callable.getNameAsString();
        // kept by every summary: one copy per name (Names)
        key =
            new MethodKey(Names.shared(owner), Names.shared(name), callable.getParameters().size());
        if (callable.isPublic()) {
          flags.add(MethodSummary.Flag.PUBLIC);
        }
        if (callable.isProtected()) {
          flags.add(MethodSummary.Flag.PROTECTED);
        }
        if (callable.isPrivate()) {
          flags.add(MethodSummary.Flag.PRIVATE);
        }
        if (callable.isStatic()) {
          flags.add(MethodSummary.Flag.STATIC);
        }
        if (isExported(callable)) {
          flags.add(MethodSummary.Flag.EXPORTED);
        }
        if (callable instanceof MethodDeclaration method) {
          if (method.isSynchronized()) {
            flags.add(MethodSummary.Flag.SYNCHRONIZED);
          }
          if (method.isAbstract() || method.getBody().isEmpty()) {
            flags.add(MethodSummary.Flag.ABSTRACT);
          }
          if (type instanceof ClassOrInterfaceDeclaration c
              && c.isInterface()
              && !method.isPrivate()) {
            flags.add(MethodSummary.Flag.PUBLIC);
          }
          if (ThreadEntries.SET_UP_METHODS.contains(name)) {
            flags.add(MethodSummary.Flag.SET_UP);
          }
          returnsField =
              LockNames.returnedExpression(method)
                  .flatMap(file::variableOf)
                  .filter(Variable::isField)
                  .map(Variable::name)
                  .orElse("");
        } else {
          flags.add(MethodSummary.Flag.CONSTRUCTOR);
        }
        confinement(callable.getAnnotations(), sites.of(callable)).ifPresent(contexts::add);
        contexts.addAll(referenced.getOrDefault(callable, List.of()));
      } else if (body instanceof InitializerDeclaration init) {
        key = new MethodKey(Names.shared(owner), init.isStatic() ? "<clinit>" : "<init>", 0);
        flags.add(MethodSummary.Flag.CONSTRUCTOR);
      } else {
        Site at = sites.of(body);
        String name = body instanceof CallableDeclaration<?> c ? "$" + c.getNameAsString() : "";
        key = new MethodKey(owner, "lambda$" + at.line() + "$" + at.column() + name, 0);
        flags.add(MethodSummary.Flag.NESTED_BODY);
        Node task = body;
        if (body instanceof CallableDeclaration<?> c) {
          task = c.getParentNode().orElse(body);
          if (!(c.getNameAsString().equals("run") || c.getNameAsString().equals("call"))
              || !c.getParameters().isEmpty()) {
            task = null;
          }
        }
        if (task != null) {
          Handoffs.contextOf(file, task, sites).ifPresent(contexts::add);
        }
      }
      List<Access> bodyAccesses = accesses.getOrDefault(body, List.of());
      if (bodyAccesses.stream().anyMatch(Access::polled)) {
        flags.add(MethodSummary.Flag.POLLS);
      }
      if (assertsConfinement(body)) {
        flags.add(MethodSummary.Flag.ASSERTS_CONFINEMENT);
      }
      List<LockTake> takes = new ArrayList<>();
      List<Call> calls = new ArrayList<>();
      takesAndCalls(body, owner, flags.contains(MethodSummary.Flag.CONSTRUCTOR), takes, calls);
      return new MethodSummary(
          key,
          flags,
          contexts,
          bodyAccesses,
          takes,
          calls,
          HeldLocks.assumedHeld(file, body),
          returnsField,
          sites.of(body));
    }

    /** {@code assert inEventLoop();} and the like: the author states one thread runs this. */
    private boolean assertsConfinement(Node body) {
      return Bodies.findAllInSameBody(file, body, com.github.javaparser.ast.stmt.AssertStmt.class)
          .stream()
          .map(a -> FileContext.unwrap(a.getCheck()))
          .anyMatch(
              check ->
                  check instanceof MethodCallExpr call
                      && CONFINEMENT_ASSERTS.contains(call.getNameAsString()));
    }

    private static final Set<String> CONFINEMENT_ASSERTS =
        Set.of("inEventLoop", "isInEventLoop", "isCurrentThread", "isEventDispatchThread");

    private Optional<ThreadContext> confinement(List<AnnotationExpr> annotations, Site site) {
      for (AnnotationExpr annotation : annotations) {
        String name = annotation.getName().getIdentifier();
        if (IntentAnnotations.CONFINED.contains(name)) {
          String thread =
              annotation.findAll(StringLiteralExpr.class).stream()
                  .map(StringLiteralExpr::getValue)
                  .findFirst()
                  .orElse(name.equals("UiThread") ? "MainThread" : name);
          return Optional.of(
              new ThreadContext(
                  ThreadContext.Kind.CONFINED, thread, false, "code confined by @" + name, site));
        }
      }
      return Optional.empty();
    }

    // ---- accesses -----------------------------------------------------------------------

    private void collectAccesses() {
      Map<Node, List<Node>> startsByBody = new IdentityHashMap<>();
      for (Expression expression :
          namesAndFieldAccesses().stream()
              .filter(
                  e ->
                      (e instanceof NameExpr n && fieldNames.contains(n.getNameAsString()))
                          || (e instanceof FieldAccessExpr f
                              && fieldNames.contains(f.getNameAsString())
                              && (f.getScope() instanceof ThisExpr
                                  || f.getScope() instanceof NameExpr)))
              .toList()) {
        Optional<Variable> field = fieldOf(expression);
        if (field.isEmpty()
            || !(field.get().declaration() instanceof VariableDeclarator)
            || isLockUse(expression)) {
          continue;
        }
        Node body = Dominance.bodyOf(expression);
        if (body == null) {
          continue;
        }
        Variable f = field.get();
        FieldPath path = new FieldPath(LockNames.ownerOf(f.declaration()), f.name(), f.isStatic());
        record(
            expression,
            body,
            path,
            kindOf(expression, f),
            f.isStatic(),
            startsByBody,
            isConstruction(body, f));
      }
      collectInheritedWrites(startsByBody);
      collectPolledGetters(startsByBody);
    }

    /**
     * {@code while (isRunning())}: a loop that polls a flag through a getter of this class (or an
     * enclosing one) whose body is {@code return flag;} reads the flag on every turn, as {@code
     * while (running)} does; the JIT inlines the getter and may hoist the read just the same.
     */
    private void collectPolledGetters(Map<Node, List<Node>> startsByBody) {
      for (MethodCallExpr call : file.all(MethodCallExpr.class)) {
        if (!call.getArguments().isEmpty()
            || call.getScope().filter(s -> !(s instanceof ThisExpr)).isPresent()) {
          continue;
        }
        Node body = Dominance.bodyOf(call);
        if (body == null || !isPolled(call, body)) {
          continue;
        }
        getterField(call).ifPresent(f -> recordPolledGetter(call, body, f, startsByBody));
      }
    }

    private void recordPolledGetter(
        MethodCallExpr call, Node body, Variable f, Map<Node, List<Node>> startsByBody) {
      FieldPath path = new FieldPath(LockNames.ownerOf(f.declaration()), f.name(), f.isStatic());
      record(call, body, path, Access.Kind.READ, f.isStatic(), startsByBody, false);
    }

    /** The field a no-argument getter of an enclosing type returns, when that is all it does. */
    private Optional<Variable> getterField(MethodCallExpr call) {
      for (Node at = call.getParentNode().orElse(null);
          at != null;
          at = at.getParentNode().orElse(null)) {
        if (at instanceof ObjectCreationExpr created
            && created.getAnonymousClassBody().isPresent()) {
          return Optional.empty(); // the anonymous class's supertype may declare it
        }
        if (!(at instanceof TypeDeclaration<?> type)) {
          continue;
        }
        List<MethodDeclaration> named =
            type.getMethodsBySignature(call.getNameAsString()).stream()
                .filter(m -> m.getBody().isPresent())
                .toList();
        if (named.isEmpty()) {
          if (type.isStatic() || type.isTopLevelType()) {
            return Optional.empty(); // no enclosing instance beyond this
          }
          continue;
        }
        List<com.github.javaparser.ast.stmt.Statement> statements =
            named.get(0).getBody().get().getStatements();
        if (named.size() != 1
            || statements.size() != 1
            || !(statements.get(0) instanceof ReturnStmt ret)
            || ret.getExpression().isEmpty()) {
          return Optional.empty();
        }
        Expression value = FileContext.unwrap(ret.getExpression().get());
        return fieldOf(value)
            .filter(v -> v.declaration() instanceof VariableDeclarator)
            .filter(v -> !v.isStatic());
      }
      return Optional.empty();
    }

    /**
     * Writes of fields this file does not declare, in a class that extends another: a field
     * inherited from a supertype in another file. The model finds the declaring type; a name it
     * cannot find is dropped.
     */
    private void collectInheritedWrites(Map<Node, List<Node>> startsByBody) {
      for (Expression target :
          namesAndFieldAccesses().stream()
              .filter(
                  e ->
                      (e instanceof NameExpr
                              || e instanceof FieldAccessExpr f
                                  && f.getScope() instanceof ThisExpr t
                                  && t.getTypeName().isEmpty())
                          && isWriteTarget(e))
              .toList()) {
        Optional<ClassOrInterfaceDeclaration> type =
            target.findAncestor(ClassOrInterfaceDeclaration.class);
        if (type.isEmpty()
            || type.get().getExtendedTypes().isEmpty()
            || file.variableOf(target).isPresent()
            || (target instanceof NameExpr n
                && file.scopes().lookup(n.getNameAsString(), n).isPresent())) {
          continue;
        }
        Node body = Dominance.bodyOf(target);
        if (body == null
            || !(body instanceof CallableDeclaration<?> || body instanceof LambdaExpr)) {
          continue;
        }
        String name =
            target instanceof NameExpr n
                ? n.getNameAsString()
                : ((FieldAccessExpr) target).getNameAsString();
        String owner = LockNames.ownerOf(target);
        if (owner.contains("$")) {
          continue; // inside an anonymous class: its own supertype's field
        }
        Variable pseudo =
            new Variable(name, Variable.Kind.FIELD, target, TypeRef.UNKNOWN, false, false, false);
        record(
            target,
            body,
            new FieldPath(owner, name, false),
            kindOf(target, pseudo),
            false,
            startsByBody,
            body instanceof ConstructorDeclaration);
      }
    }

    /** The file's names and field accesses in tree order: the only expressions that are fields. */
    @SuppressWarnings("unchecked")
    private List<Expression> namesAndFieldAccesses() {
      return (List<Expression>)
          (List<?>) file.allOfKinds(List.of(NameExpr.class, FieldAccessExpr.class));
    }

    private static boolean isWriteTarget(Expression e) {
      Node parent = e.getParentNode().orElse(null);
      return parent instanceof AssignExpr assign && assign.getTarget() == e
          || parent instanceof UnaryExpr unary
              && switch (unary.getOperator()) {
                case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
                    true;
                default -> false;
              };
    }

    /** The object of a synchronized block or of lock()/unlock(): used as a lock, not state. */
    private static boolean isLockUse(Expression use) {
      Node parent = use.getParentNode().orElse(null);
      if (parent instanceof SynchronizedStmt sync) {
        return sync.getExpression() == use;
      }
      return parent instanceof MethodCallExpr call
          && call.getScope().filter(s -> s == use).isPresent()
          && LOCK_CALLS.contains(call.getNameAsString());
    }

    private static final Set<String> LOCK_CALLS =
        Set.of(
            "lock",
            "unlock",
            "tryLock",
            "lockInterruptibly",
            "readLock",
            "writeLock",
            "tryOptimisticRead",
            "validate",
            "unlockRead",
            "unlockWrite",
            "newCondition",
            "acquire",
            "acquireUninterruptibly",
            "tryAcquire",
            "release",
            "wait",
            "notify",
            "notifyAll",
            "isHeldByCurrentThread");

    private void record(
        Expression expression,
        Node body,
        FieldPath path,
        Access.Kind kind,
        boolean isStatic,
        Map<Node, List<Node>> startsByBody,
        boolean construction) {
      boolean setUp =
          construction
              || (body instanceof MethodDeclaration m
                  && ThreadEntries.SET_UP_METHODS.contains(m.getNameAsString()))
              || precedesHandOff(expression, body, startsByBody);
      Set<LockId> held = HeldLocks.at(file, expression);
      if (HeldLocks.unnamedMonitorHeld(file, expression)) {
        // synchronized on something we cannot name (an inherited lock field, a call's result):
        // some monitor is held, so the access is not unlocked; a local names no shared object
        held = new java.util.HashSet<>(held);
        held.add(
            new LockId(
                LockId.Kind.LOCAL, path.owner(), "?", LockId.Type.MONITOR, LockId.View.NONE));
      }
      accesses
          .computeIfAbsent(body, b -> new ArrayList<>())
          .add(
              new Access(
                  path,
                  kind,
                  held,
                  isStatic ? Receiver.STATIC : Receiver.THIS,
                  setUp,
                  kind == Access.Kind.READ && isPolled(expression, body),
                  sites.of(expression)));
    }

    private Map<String, TypeDeclaration<?>> typesByName() {
      if (typesByName == null) {
        typesByName = new java.util.HashMap<>();
        for (TypeDeclaration<?> type : file.all(TypeDeclaration.class)) {
          typesByName.putIfAbsent(type.getNameAsString(), type);
        }
      }
      return typesByName;
    }

    private Optional<Variable> fieldOf(Expression expression) {
      if (expression instanceof FieldAccessExpr access && access.getScope() instanceof NameExpr) {
        // Type.FIELD on a class of this file
        Optional<TypeDeclaration<?>> type =
            Optional.ofNullable(typesByName().get(access.getScope().toString()));
        if (type.isEmpty() || file.variableOf(access.getScope()).isPresent()) {
          return Optional.empty();
        }
        return file.scopes().fieldsOf(type.get()).stream()
            .filter(v -> v.name().equals(access.getNameAsString()) && v.isStatic())
            .findFirst();
      }
      if (expression instanceof FieldAccessExpr access
          && access.getScope() instanceof ThisExpr self
          && self.getTypeName().isPresent()) {
        return Optional.empty();
      }
      return file.variableOf(expression).filter(Variable::isField);
    }

    /** Constructors and initializers of the field's own class run before the object is shared. */
    private static boolean isConstruction(Node body, Variable field) {
      if (!(body instanceof ConstructorDeclaration) && !(body instanceof InitializerDeclaration)) {
        return false;
      }
      Optional<Node> fieldOwner = field.declaration().getParentNode().flatMap(Node::getParentNode);
      return fieldOwner.isPresent()
          && body.getParentNode().filter(p -> p == fieldOwner.get()).isPresent();
    }

    /**
     * Before a thread start or hand-off in the same body ({@code start()}, {@code submit}...), or
     * in {@code onSubscribe} before the first {@code request} or downstream {@code onSubscribe}:
     * the start publishes what was written before it.
     */
    private boolean precedesHandOff(Node node, Node body, Map<Node, List<Node>> cache) {
      List<Node> starts =
          cache.computeIfAbsent(
              body,
              b -> {
                boolean subscribe =
                    b instanceof MethodDeclaration m
                        && m.getNameAsString().equals(ThreadEntries.ON_SUBSCRIBE);
                List<Node> found = new ArrayList<>();
                for (MethodCallExpr call :
                    Bodies.findAllInSameBody(file, b, MethodCallExpr.class)) {
                  String name = call.getNameAsString();
                  if ((name.equals("start") && call.getArguments().isEmpty())
                      || (subscribe && ThreadEntries.SUBSCRIPTION_HANDOFFS.contains(name))
                      || Handoffs.runsElsewhere(file, call)) {
                    found.add(call);
                  }
                }
                return found;
              });
      for (Node start : starts) {
        if (Dominance.precedes(node, start)) {
          return true;
        }
      }
      return false;
    }

    private static boolean isPolled(Node node, Node body) {
      Node child = node;
      Node current = node.getParentNode().orElse(null);
      while (current != null && current != body) {
        if ((current instanceof WhileStmt w && w.getCondition() == child)
            || (current instanceof DoStmt d && d.getCondition() == child)
            || (current instanceof ForStmt f && f.getCompare().orElse(null) == child)) {
          return true;
        }
        child = current;
        current = current.getParentNode().orElse(null);
      }
      return false;
    }

    private Access.Kind kindOf(Expression use, Variable field) {
      Node parent = use.getParentNode().orElse(null);
      if (parent instanceof AssignExpr assign && assign.getTarget() == use) {
        switch (assign.getOperator()) {
          case ASSIGN -> {}
          case BINARY_AND, BINARY_OR, XOR -> {
            return Access.Kind.FLAG_UPDATE;
          }
          default -> {
            return Access.Kind.UPDATE;
          }
        }
        // v = v op e: arithmetic on the field itself, not a call that is handed its value
        boolean readsItself =
            FileContext.unwrap(assign.getValue())
                    instanceof com.github.javaparser.ast.expr.BinaryExpr binary
                && java.util.stream.Stream.of(binary.getLeft(), binary.getRight())
                    .map(FileContext::unwrap)
                    .anyMatch(o -> namesField(o, field));
        if (!readsItself) {
          return Access.Kind.WRITE;
        }
        return switch (((com.github.javaparser.ast.expr.BinaryExpr)
                FileContext.unwrap(assign.getValue()))
            .getOperator()) {
          case OR, AND, BINARY_OR, BINARY_AND, XOR -> Access.Kind.FLAG_UPDATE;
          default -> Access.Kind.UPDATE;
        };
      }
      if (parent instanceof UnaryExpr unary
          && switch (unary.getOperator()) {
            case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
            default -> false;
          }) {
        return Access.Kind.UPDATE;
      }
      if (parent instanceof ArrayAccessExpr array
          && array.getName() == use
          && array
              .getParentNode()
              .filter(p -> p instanceof AssignExpr a && a.getTarget() == array)
              .isPresent()) {
        return Access.Kind.WRITE;
      }
      if (parent instanceof MethodCallExpr call
          && call.getScope().filter(s -> s == use).isPresent()
          && isContainer(field)) {
        return ThreadSafety.MUTATORS.contains(call.getNameAsString())
            ? Access.Kind.CONTAINER_WRITE
            : Access.Kind.CONTAINER_READ;
      }
      if (parent instanceof MethodCallExpr call
          && call.getArguments().stream().anyMatch(a -> a == use)
          && !call.getNameAsString().startsWith("unmodifiable")
          && isContainer(field)) {
        return Access.Kind.CONTAINER_READ; // handed to code that reads it: a copy, a dump
      }
      if (parent instanceof ObjectCreationExpr created
          && created.getArguments().stream().anyMatch(a -> a == use)
          && isContainer(field)) {
        return Access.Kind.CONTAINER_READ; // new ArrayList<>(items) copies it
      }
      if (parent instanceof com.github.javaparser.ast.stmt.ForEachStmt loop
          && loop.getIterable() == use
          && isContainer(field)) {
        return Access.Kind.CONTAINER_READ; // iterating it
      }
      return Access.Kind.READ;
    }

    /** The operand is the field itself (not a parameter or local of the same name). */
    private boolean namesField(Expression operand, Variable field) {
      boolean named =
          operand instanceof NameExpr n && n.getNameAsString().equals(field.name())
              || operand instanceof FieldAccessExpr f
                  && f.getScope() instanceof ThisExpr
                  && f.getNameAsString().equals(field.name());
      if (!named) {
        return false;
      }
      Optional<Variable> resolved = file.variableOf(operand);
      // an inherited field (not declared in this file) resolves to nothing: a name that is not
      // a local or parameter is the field
      return resolved.map(field::equals).orElse(field.type() == TypeRef.UNKNOWN);
    }

    /**
     * A field that certainly holds a non-thread-safe container or builder: declared with a concrete
     * unsafe class ({@code HashMap}), or an interface ({@code Map}) initialised in place with one.
     * An interface assigned elsewhere may hold a concurrent implementation.
     */
    private boolean isContainer(Variable field) {
      return field.declaration() instanceof VariableDeclarator declarator
          && isContainer(field.type().simpleName(), declarator);
    }

    private boolean isContainer(String simple, VariableDeclarator declarator) {
      if (!ThreadSafety.UNSAFE_CONTAINERS.contains(simple)) {
        return false;
      }
      Optional<Expression> init = declarator.getInitializer().map(FileContext::unwrap);
      if (INTERFACES.contains(simple)) {
        if (init.isEmpty()) {
          // declared as an interface and created lazily: what every assignment stores
          return !assignedCreations(declarator).isEmpty()
              && assignedCreations(declarator).stream().allMatch(SummaryExtractor.Walk::unsafe);
        }
        return init.filter(SummaryExtractor.Walk::unsafe).isPresent();
      }
      return init.map(Object::toString)
          .filter(
              t ->
                  t.contains("synchronized")
                      || t.contains("Concurrent")
                      || t.contains("CopyOnWrite")
                      || t.contains("Blocking"))
          .isEmpty();
    }

    /** {@code new ArrayList<>(..)}: a fresh non-thread-safe container of a concrete class. */
    private static boolean unsafe(Expression value) {
      return value instanceof ObjectCreationExpr c
          && ThreadSafety.UNSAFE_CONTAINERS.contains(c.getType().getNameAsString())
          && !INTERFACES.contains(c.getType().getNameAsString());
    }

    /** {@code new CopyOnWriteArrayList<>()}: a fresh concurrent collection. */
    private static boolean concurrent(Expression value) {
      return value instanceof ObjectCreationExpr c
          && ThreadSafety.CONCURRENT_COLLECTIONS.contains(c.getType().getNameAsString());
    }

    /**
     * An interface-typed field with no initializer that every assignment in its class sets to a new
     * concurrent collection: what it holds is safe to share whenever a reader sees it.
     */
    private boolean holdsConcurrentCollection(String simple, VariableDeclarator declarator) {
      return INTERFACES.contains(simple)
          && declarator.getInitializer().isEmpty()
          && !assignedCreations(declarator).isEmpty()
          && assignedCreations(declarator).stream().allMatch(SummaryExtractor.Walk::concurrent);
    }

    /**
     * The values assigned to a field (by plain name or {@code this.f}) in the class that declares
     * it, unwrapped; an assignment of {@code null} is left out (it stores no object). Empty when
     * some other compound assignment touches it.
     */
    private List<Expression> assignedCreations(VariableDeclarator declarator) {
      return assigned.computeIfAbsent(
          declarator,
          d -> {
            Optional<TypeDeclaration> owner = d.findAncestor(TypeDeclaration.class);
            if (owner.isEmpty()) {
              return List.of();
            }
            List<Expression> values = new ArrayList<>();
            for (AssignExpr assign : file.allWithin(owner.get(), AssignExpr.class)) {
              Expression target = assign.getTarget();
              boolean named =
                  target instanceof NameExpr n && n.getNameAsString().equals(d.getNameAsString())
                      || target instanceof FieldAccessExpr f
                          && f.getScope() instanceof ThisExpr
                          && f.getNameAsString().equals(d.getNameAsString());
              if (!named || file.variableOf(target).filter(v -> v.declaration() == d).isEmpty()) {
                continue;
              }
              Expression value = FileContext.unwrap(assign.getValue());
              if (value.isNullLiteralExpr()) {
                continue;
              }
              values.add(value);
            }
            return List.copyOf(values);
          });
    }

    private final Map<VariableDeclarator, List<Expression>> assigned = new IdentityHashMap<>();

    private static final Set<String> INTERFACES =
        Set.of("List", "Map", "Set", "Deque", "Queue", "Collection");

    // ---- method references handed to threads ------------------------------------------

    private void collectReferencedTasks() {
      for (MethodReferenceExpr reference : file.all(MethodReferenceExpr.class)) {
        if (!(reference.getScope() instanceof ThisExpr)) {
          continue;
        }
        Optional<ThreadContext> context = Handoffs.contextOf(file, reference, sites);
        if (context.isEmpty()) {
          continue;
        }
        reference
            .findAncestor(TypeDeclaration.class)
            .ifPresent(
                type ->
                    ((TypeDeclaration<?>) type)
                        .getMethodsByName(reference.getIdentifier())
                        .forEach(
                            m ->
                                referenced
                                    .computeIfAbsent(m, k -> new ArrayList<>())
                                    .add(context.get())));
      }
    }

    // ---- locks taken --------------------------------------------------------------------

    /**
     * The locks a body takes and the calls it makes, each in source order, from one visit of the
     * body's nodes.
     */
    private void takesAndCalls(
        Node body, String owner, boolean construction, List<LockTake> takes, List<Call> calls) {
      if (body instanceof MethodDeclaration method && method.isSynchronized()) {
        String lockOwner = LockNames.ownerOf(method);
        takes.add(
            new LockTake(
                method.isStatic() ? LockId.classMonitor(lockOwner) : LockId.thisMonitor(lockOwner),
                List.of(),
                sites.of(method)));
      }
      boolean inAnonymous =
          body instanceof CallableDeclaration<?> c
              && c.getParentNode().filter(ObjectCreationExpr.class::isInstance).isPresent();
      Bodies.findInSameBody(
          file,
          body,
          n -> {
            if (n instanceof SynchronizedStmt sync) {
              LockNames.monitor(file, sync.getExpression())
                  .ifPresent(
                      lock ->
                          takes.add(
                              new LockTake(
                                  lock, List.copyOf(HeldLocks.at(file, sync)), sites.of(sync))));
            } else if (n instanceof MethodCallExpr call) {
              if (call.getScope().isPresent()) {
                takenBy(call)
                    .ifPresent(
                        lock ->
                            takes.add(
                                new LockTake(
                                    lock, List.copyOf(HeldLocks.at(file, call)), sites.of(call))));
              }
              call(call, owner, construction, inAnonymous, body).ifPresent(calls::add);
            } else if (n instanceof ExplicitConstructorInvocationStmt invocation) {
              List<String> types =
                  invocation.isThis() ? List.of(owner) : superCandidates(invocation);
              calls.add(
                  new Call(
                      "<init>",
                      invocation.getArguments().size(),
                      Receiver.THIS,
                      "",
                      types,
                      !invocation.isThis(),
                      Set.of(),
                      true,
                      sites.of(invocation),
                      false));
            }
            return false;
          });
    }

    /** The lock a call takes: {@code lock()}, a one-permit {@code acquire()}, a stamped lock. */
    private Optional<LockId> takenBy(MethodCallExpr call) {
      String name = call.getNameAsString();
      Expression scope = call.getScope().get();
      switch (name) {
        case "lock", "lockInterruptibly" -> {
          return call.getArguments().isEmpty()
              ? LockNames.lockObject(file, scope)
              : Optional.empty();
        }
        case "acquire", "acquireUninterruptibly" -> {
          Optional<Variable> semaphore = file.variableOf(scope);
          if (semaphore.isPresent()
              && LockNames.isBinarySemaphore(semaphore.get())
              && call.getArguments().isEmpty()) {
            return LockNames.lockObject(file, scope);
          }
          return Optional.empty();
        }
        case "writeLock", "readLock" -> {
          if (!call.getArguments().isEmpty()
              || !file.typeOf(scope).mayBe(dev.threadlint.models.JdkTypes.STAMPED_LOCK)) {
            return Optional.empty();
          }
          LockId.View view = name.equals("readLock") ? LockId.View.READ : LockId.View.WRITE;
          return LockNames.lockObject(file, scope).map(l -> l.withView(view));
        }
        default -> {
          return Optional.empty();
        }
      }
    }

    // ---- calls --------------------------------------------------------------------------

    private List<String> superCandidates(Node node) {
      Optional<ClassOrInterfaceDeclaration> type =
          node.findAncestor(ClassOrInterfaceDeclaration.class);
      if (type.isEmpty() || type.get().getExtendedTypes().isEmpty()) {
        return List.of();
      }
      return file.types().resolve(type.get().getExtendedTypes(0)).candidates();
    }

    private Optional<Call> call(
        MethodCallExpr call, String owner, boolean construction, boolean inAnonymous, Node body) {
      Receiver receiver;
      String receiverField = "";
      List<String> types;
      boolean isSuper = false;
      Optional<Expression> scope = call.getScope().map(FileContext::unwrap);
      if (scope.isEmpty() || scope.get() instanceof ThisExpr t && t.getTypeName().isEmpty()) {
        if (inAnonymous) {
          return Optional.empty(); // 'this' is the anonymous object
        }
        receiver = Receiver.THIS;
        types = List.of(owner);
      } else if (scope.get() instanceof SuperExpr) {
        receiver = Receiver.THIS;
        types = superCandidates(call);
        isSuper = true;
      } else {
        Optional<TypeRef> staticType = file.staticScopeType(scope.get());
        Optional<Variable> variable = file.variableOf(scope.get());
        if (staticType.isPresent()) {
          receiver = Receiver.STATIC;
          types = staticType.get().candidates();
        } else if (variable.isPresent() && variable.get().isField()) {
          receiver = variable.get().isStatic() ? Receiver.STATIC : Receiver.FIELD;
          receiverField = variable.get().name();
          types = variable.get().type().candidates();
        } else if (variable.isPresent()) {
          receiver = Ownership.isOwned(file, variable.get()) ? Receiver.OWNED : Receiver.OTHER;
          types = variable.get().type().candidates();
        } else {
          receiver = Receiver.OTHER;
          types = file.typeOf(scope.get()).candidates();
        }
      }
      boolean setUp =
          construction
              || (body instanceof MethodDeclaration m
                  && ThreadEntries.SET_UP_METHODS.contains(m.getNameAsString()))
              || setsUpFreshObject(scope, body, call);
      Set<LockId> held = HeldLocks.at(file, call);
      // the receiver's own monitor held at the call locks the callee's 'this'
      boolean receiverHeld =
          (receiver == Receiver.FIELD || receiver == Receiver.OTHER)
              && !held.isEmpty() // most calls hold nothing: no need to name the receiver's monitor
              && scope.flatMap(s -> LockNames.monitor(file, s)).filter(held::contains).isPresent();
      return Optional.of(
          new Call(
              call.getNameAsString(),
              call.getArguments().size(),
              receiver,
              receiverField,
              types,
              isSuper,
              held,
              setUp,
              sites.of(call),
              receiverHeld));
    }

    /** Public or protected, in types that are all public (or members of interfaces). */
    private static boolean isExported(CallableDeclaration<?> callable) {
      boolean inInterface =
          callable
              .getParentNode()
              .filter(p -> p instanceof ClassOrInterfaceDeclaration c && c.isInterface())
              .isPresent();
      if (!(callable.isPublic() || callable.isProtected() || inInterface)) {
        return false;
      }
      Node current = callable.getParentNode().orElse(null);
      while (current != null) {
        if (current instanceof TypeDeclaration<?> type) {
          boolean member =
              type.getParentNode()
                  .filter(p -> p instanceof ClassOrInterfaceDeclaration c && c.isInterface())
                  .isPresent();
          if (!type.isPublic() && !member) {
            return false;
          }
        } else if (!(current instanceof com.github.javaparser.ast.CompilationUnit)) {
          return false; // a local or anonymous class
        }
        current = current.getParentNode().orElse(null);
      }
      return true;
    }

    /**
     * A call on a local that the body created with {@code new} ({@code s = new Segment(); ...;
     * s.open()}), made before the body hands anything to another thread: it sets up the new object,
     * which no other thread works on yet even when a map already holds it.
     */
    private boolean setsUpFreshObject(Optional<Expression> scope, Node body, MethodCallExpr call) {
      if (scope.isEmpty() || !(scope.get() instanceof NameExpr)) {
        return false;
      }
      Optional<Variable> local = file.variableOf(scope.get());
      if (local.isEmpty()
          || local.get().kind() != Variable.Kind.LOCAL
          || !(local.get().declaration() instanceof VariableDeclarator declarator)
          || declarator.getInitializer().isEmpty()
          || !Ownership.isFresh(declarator.getInitializer().get())
          || Dominance.bodyOf(declarator) != body) {
        return false;
      }
      for (MethodCallExpr other : startsAndHandOffs(body)) {
        if (other != call && Dominance.precedes(other, call)) {
          return false;
        }
      }
      return true;
    }

    /** The calls of a body that start a thread or hand work to another, found once per body. */
    private List<MethodCallExpr> startsAndHandOffs(Node body) {
      return startsByBody.computeIfAbsent(
          body,
          b -> {
            List<MethodCallExpr> found = new ArrayList<>();
            for (MethodCallExpr other : Bodies.findAllInSameBody(file, b, MethodCallExpr.class)) {
              if (Handoffs.runsElsewhere(file, other)
                  || other.getNameAsString().equals("start") && other.getArguments().isEmpty()) {
                found.add(other);
              }
            }
            return found;
          });
    }

    private final Map<Node, List<MethodCallExpr>> startsByBody = new IdentityHashMap<>();
  }

  /** For tests: the field paths a file's bodies touch, in order. */
  static Map<String, List<Access>> accessesByMethod(FileSummary summary) {
    Map<String, List<Access>> map = new LinkedHashMap<>();
    for (TypeSummary type : summary.types()) {
      for (MethodSummary method : type.methods()) {
        map.computeIfAbsent(method.key().toString(), k -> new ArrayList<>())
            .addAll(method.accesses());
      }
    }
    return map;
  }
}
