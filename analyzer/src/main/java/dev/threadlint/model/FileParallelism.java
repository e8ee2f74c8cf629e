package dev.threadlint.model;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.threadlint.facts.Dominance;
import dev.threadlint.facts.FileContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which bodies of one file may run on two threads at once, from the file's summaries: the roots a
 * thread enters (a task handed off, run() of a thread or task class, the API of a class meant for
 * threads) and the calls on {@code this} (or on the enclosing instance, from an inner class or a
 * lambda) that lead from them to a body. For file-local rules that judge one statement ("can two
 * threads run this check and this act at once?"); project-wide rules use {@link ConcurrencyModel}.
 */
public final class FileParallelism {
  private final Map<MethodSummary, TypeSummary> ownerOf = new IdentityHashMap<>();
  private final Map<MethodKey, List<MethodSummary>> byKey = new LinkedHashMap<>();
  private final Map<Site, MethodSummary> bySite = new LinkedHashMap<>();
  private final Map<MethodSummary, List<Root>> rootsOf = new IdentityHashMap<>();
  private final Map<Root, Set<MethodSummary>> reach = new IdentityHashMap<>();
  private final Map<MethodSummary, List<Map.Entry<MethodSummary, Call>>> callers =
      new IdentityHashMap<>();
  private final Map<MethodSummary, Set<LockId>> entryLocks = new IdentityHashMap<>();
  private final Sites sites;

  /** A body a thread enters, and how. */
  public record Root(MethodSummary body, ThreadContext context) {}

  private FileParallelism(FileContext file) {
    this.sites = new Sites(file);
    Set<String> loopCreated = typesCreatedInLoops(file);
    for (TypeSummary type : SummaryExtractor.summarize(file).types()) {
      for (MethodSummary method : type.methods()) {
        ownerOf.put(method, type);
        byKey.computeIfAbsent(method.key(), k -> new ArrayList<>()).add(method);
        bySite.put(method.site(), method);
      }
    }
    for (MethodSummary method : ownerOf.keySet()) {
      for (Call call : method.calls()) {
        if (followed(call)) {
          for (MethodSummary callee : callees(method, call)) {
            callers.computeIfAbsent(callee, c -> new ArrayList<>()).add(Map.entry(method, call));
          }
        }
      }
    }
    inheritEntryLocks();
    for (Map.Entry<MethodSummary, TypeSummary> entry : ownerOf.entrySet()) {
      for (ThreadContext context : rootContexts(entry.getKey(), entry.getValue(), loopCreated)) {
        spread(new Root(entry.getKey(), context));
      }
    }
  }

  /** The file's answers, computed once per file. */
  public static FileParallelism of(FileContext file) {
    return file.memo(FileParallelism.class, () -> new FileParallelism(file));
  }

  /**
   * Why the body that holds the node may run on two threads at the same time (a root that runs in
   * parallel with itself, or two roots that may overlap), for a message; empty when nothing in the
   * file says so.
   */
  public Optional<String> parallelReason(Node node) {
    Node body = Dominance.bodyOf(node);
    MethodSummary method = body == null ? null : bySite.get(sites.of(body));
    if (method == null) {
      return Optional.empty();
    }
    List<Root> roots = rootsOf.getOrDefault(method, List.of());
    for (int i = 0; i < roots.size(); i++) {
      for (int j = i; j < roots.size(); j++) {
        ThreadContext first = roots.get(i).context();
        ThreadContext second = roots.get(j).context();
        if (i == j && first.selfParallel()) {
          return Optional.of(first.description() + " may run on several threads at once");
        }
        if (i != j && overlap(roots.get(i), roots.get(j))) {
          return Optional.of(first.description() + " and " + second.description() + " may overlap");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Two roots that may run at once. Two methods of a class's API only when the class is declared
   * thread-safe (then each is self-parallel anyway); a method of the API against a thread or task
   * only when the thread does not call it itself (then it is the thread's own code: a public
   * runLoop() of a Thread subclass).
   */
  private boolean overlap(Root first, Root second) {
    boolean firstApi = first.context().kind() == ThreadContext.Kind.API;
    boolean secondApi = second.context().kind() == ThreadContext.Kind.API;
    if (firstApi && secondApi) {
      return false;
    }
    if (firstApi && reach.getOrDefault(second, Set.of()).contains(first.body())
        || secondApi && reach.getOrDefault(first, Set.of()).contains(second.body())) {
      return false;
    }
    return first.context().mayRunWith(second.context());
  }

  /**
   * True when every call in the file of the private body that holds the node is made with a lock
   * held (by the caller, or on the caller's own entry): the body runs under its callers' lock.
   */
  public boolean lockedOnEntry(Node node) {
    Node body = Dominance.bodyOf(node);
    MethodSummary method = body == null ? null : bySite.get(sites.of(body));
    return method != null && !entryLocks.getOrDefault(method, Set.of()).isEmpty();
  }

  /** Locks on entry of the file's private methods: what every call in the file holds. */
  private void inheritEntryLocks() {
    Set<MethodSummary> hidden = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (MethodSummary method : ownerOf.keySet()) {
      if (method.is(MethodSummary.Flag.PRIVATE) && callers.containsKey(method)) {
        hidden.add(method);
      }
    }
    entryLocks.putAll(
        EntryLocks.solve(
            hidden,
            method ->
                callers.get(method).stream()
                    .map(e -> new EntryLocks.Incoming(e.getKey(), e.getValue().locks()))
                    .toList(),
            (method, locks) -> locks));
  }

  /** The roots that reach the body that holds the node. */
  public List<Root> rootsOf(Node node) {
    Node body = Dominance.bodyOf(node);
    MethodSummary method = body == null ? null : bySite.get(sites.of(body));
    return method == null ? List.of() : rootsOf.getOrDefault(method, List.of());
  }

  /**
   * The contexts a body runs in by itself ({@link ThreadRoots}), read for "can two threads run this
   * at once": an API method counts only when its class is meant for threads, and runs in parallel
   * with itself only when the class is declared thread-safe; a set-up method runs before the object
   * is shared.
   */
  private static List<ThreadContext> rootContexts(
      MethodSummary method, TypeSummary type, Set<String> loopCreated) {
    ThreadRoots.Hierarchy fileTypes =
        new ThreadRoots.Hierarchy() {
          @Override
          public boolean isSubtype(TypeSummary t, String supertype) {
            return t.supertypes().stream().anyMatch(candidates -> candidates.contains(supertype));
          }

          @Override
          public boolean severalInstances(TypeSummary t) {
            return loopCreated.contains(t.name());
          }
        };
    List<ThreadContext> contexts = new ArrayList<>();
    boolean threadSafe = type.intent() == TypeSummary.Intent.THREAD_SAFE;
    String simple = type.name().substring(type.name().lastIndexOf('.') + 1);
    for (ThreadContext context : ThreadRoots.of(method, type, fileTypes)) {
      if (context.kind() != ThreadContext.Kind.API) {
        contexts.add(context);
      } else if (ThreadRoots.isMeantForThreads(type) && !method.is(MethodSummary.Flag.SET_UP)) {
        contexts.add(
            new ThreadContext(
                ThreadContext.Kind.API,
                "",
                threadSafe,
                method.key().name()
                    + "() of "
                    + simple
                    + (threadSafe ? " (@ThreadSafe)" : ", which locks elsewhere,"),
                context.origin()));
      }
    }
    return contexts;
  }

  /** Adds the root to every body it reaches through calls on this (or the enclosing) object. */
  private void spread(Root root) {
    ArrayDeque<MethodSummary> work = new ArrayDeque<>();
    Set<MethodSummary> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    work.add(root.body());
    seen.add(root.body());
    while (!work.isEmpty()) {
      MethodSummary method = work.poll();
      rootsOf.computeIfAbsent(method, m -> new ArrayList<>()).add(root);
      for (Call call : method.calls()) {
        if (!followed(call)) {
          continue;
        }
        for (MethodSummary callee : callees(method, call)) {
          if (seen.add(callee)) {
            work.add(callee);
          }
        }
      }
    }
    reach.put(root, seen);
  }

  /** Calls on this object, the enclosing one, or a static method: the ones the file resolves. */
  private static boolean followed(Call call) {
    return (call.receiver() == Receiver.THIS || call.receiver() == Receiver.STATIC)
        && !call.name().equals("<init>");
  }

  /**
   * The file's bodies a call may run: declared by the receiver's type, else by a type that encloses
   * the caller's (an inner class or lambda calling its outer object's method).
   */
  private List<MethodSummary> callees(MethodSummary caller, Call call) {
    List<String> owners = new ArrayList<>();
    if (call.receiver() == Receiver.STATIC) {
      owners.addAll(call.receiverTypes());
    } else if (!call.isSuper()) {
      String owner = caller.key().owner();
      while (true) {
        owners.add(owner);
        int dot = owner.lastIndexOf('.');
        if (dot < 0) {
          break;
        }
        owner = owner.substring(0, dot);
      }
    }
    for (String owner : owners) {
      List<MethodSummary> found = byKey.get(new MethodKey(owner, call.name(), call.arity()));
      if (found != null) {
        return found;
      }
    }
    return List.of();
  }

  /**
   * The qualified names a class instantiated inside a loop of this file may have: the simple name
   * as seen from each type around the creation, and from the package.
   */
  private static Set<String> typesCreatedInLoops(FileContext file) {
    Set<String> names = new HashSet<>();
    String pkg = file.unit().getPackageDeclaration().map(p -> p.getNameAsString() + ".").orElse("");
    for (ObjectCreationExpr creation : file.all(ObjectCreationExpr.class)) {
      if (creation.getAnonymousClassBody().isPresent()
          || Dominance.enclosingLoop(creation).isEmpty()) {
        continue;
      }
      String simple = creation.getType().getNameAsString();
      names.add(pkg + simple);
      Node current = creation;
      while ((current = current.getParentNode().orElse(null)) != null) {
        if (current instanceof TypeDeclaration<?> type) {
          type.getFullyQualifiedName().ifPresent(q -> names.add(q + "." + simple));
        }
      }
    }
    return names;
  }
}
