package dev.threadlint.protocol;

import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeCondition;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.Variable;
import dev.threadlint.model.Call;
import dev.threadlint.model.CallGraph;
import dev.threadlint.model.MethodKey;
import dev.threadlint.model.MethodSummary;
import dev.threadlint.model.Receiver;
import dev.threadlint.models.JdkTypes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a file's calls to the {@link HelperFact}s of other files with the concurrency model's
 * call graph: the call is found among the model's calls of the file by its site, and every method
 * it may run (the declaration its receiver's type sees and every override) must be a helper with
 * the same effect on the same field. The resource is that field as the caller reaches it: through
 * the receiver variable, or through {@code this}.
 */
final class ModelHelpers implements ExternalHelpers {
  private static final TypeCondition ALWAYS =
      new TypeCondition(TypeRef.exact(JdkTypes.OBJECT), JdkTypes.OBJECT);

  /** The model's calls of one file, by where the method's name starts. */
  record SiteKey(int line, int column, String name, int arity) {}

  /** What the project phase resolves once: each file's calls of other files' helpers. */
  static final class Index {
    private final Map<String, Map<SiteKey, Resolved>> byPath = new HashMap<>();

    Index(CallGraph graph, List<HelperFact> facts) {
      Map<MethodKey, HelperFact> helpers = new HashMap<>();
      Set<MethodKey> ambiguous = new HashSet<>();
      Set<String> names = new HashSet<>();
      for (HelperFact fact : facts) {
        MethodKey key = new MethodKey(fact.owner(), fact.method(), fact.arity());
        if (helpers.putIfAbsent(key, fact) != null) {
          ambiguous.add(key); // two overloads of one arity: the model cannot tell them apart
        }
        names.add(fact.method());
      }
      ambiguous.forEach(helpers::remove);
      for (var type : graph.types().values()) {
        for (MethodSummary method : type.methods()) {
          for (Call call : method.calls()) {
            if (!names.contains(call.name())) {
              continue;
            }
            helperOf(graph.targets(call), helpers, call.site().path())
                .ifPresent(
                    fact ->
                        byPath
                            .computeIfAbsent(call.site().path(), p -> new HashMap<>())
                            .put(
                                new SiteKey(
                                    call.site().line(),
                                    call.site().column(),
                                    call.name(),
                                    call.arity()),
                                new Resolved(call, fact)));
          }
        }
      }
    }

    /** True when some call of the file runs a helper of another file. */
    boolean callsHelpers(String path) {
      return byPath.containsKey(path);
    }
  }

  /** A call of the model and the helper it runs. */
  private record Resolved(Call call, HelperFact fact) {}

  private final FileContext file;
  private final Map<SiteKey, Resolved> calls;

  ModelHelpers(FileContext file, Index index) {
    this.file = file;
    this.calls = index.byPath.getOrDefault(file.file().relativePath(), Map.of());
  }

  @Override
  public Optional<HelperSummary> of(MethodCallExpr call) {
    if (calls.isEmpty() || call.getName().getBegin().isEmpty()) {
      return Optional.empty();
    }
    var begin = call.getName().getBegin().get();
    Resolved resolved =
        calls.get(
            new SiteKey(
                begin.line, begin.column, call.getNameAsString(), call.getArguments().size()));
    if (resolved == null) {
      return Optional.empty();
    }
    return receiver(call, resolved.call()).map(r -> summary(resolved.fact(), r));
  }

  /**
   * The one helper every target is; none when a target is no helper, does something else, or is
   * declared in the caller's file (a helper of that file is summarised from the file itself).
   */
  private static Optional<HelperFact> helperOf(
      List<MethodSummary> targets, Map<MethodKey, HelperFact> helpers, String callerPath) {
    HelperFact first = null;
    for (MethodSummary target : targets) {
      HelperFact fact = helpers.get(target.key());
      if (fact == null || target.site().path().equals(callerPath)) {
        return Optional.empty();
      }
      if (first == null) {
        first = fact;
      } else if (first.effect() != fact.effect()
          || !first.lock().path().equals(fact.lock().path())
          || first.lock().view() != fact.lock().view()
          || first.type() != fact.type()
          || first.permits() != fact.permits()) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(first);
  }

  /** {@code this} for the caller's own (inherited) helper, else the receiver variable. */
  private Optional<Variable> receiver(MethodCallExpr call, Call modelled) {
    if (modelled.receiver() == Receiver.THIS) {
      if (modelled.isSuper()) {
        return Optional.empty();
      }
      return call.findAncestor(ClassOrInterfaceDeclaration.class)
          .filter(owner -> owner.getFullyQualifiedName().isPresent())
          .map(
              owner ->
                  new Variable(
                      "this",
                      Variable.Kind.FIELD,
                      owner,
                      TypeRef.exact(owner.getFullyQualifiedName().get()),
                      true,
                      false,
                      false));
    }
    return call.getScope().flatMap(file::variableOf).filter(v -> v.type().isKnown());
  }

  private static HelperSummary summary(HelperFact fact, Variable receiver) {
    String view =
        "field:"
            + fact.lock().path()
            + switch (fact.lock().view()) {
              case READ -> ".read";
              case WRITE -> ".write";
              default -> "";
            };
    Resource resource = new Resource(receiver, view, fact.type(), ALWAYS);
    return new HelperSummary(fact.method(), null, resource, fact.effect(), fact.permits());
  }
}
