package dev.threadlint.model;

import dev.threadlint.facts.Fact;
import dev.threadlint.facts.FileFacts;
import dev.threadlint.models.LockVocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a summary holds that nothing in the project phase can read:
 *
 * <ul>
 *   <li>a call none of whose receiver's possible types is a summarized project type (so the call
 *       graph has no edge for it) and whose name is none that a rule asks of a call it cannot
 *       resolve (a blocking JDK call, {@code isDone}, a lock release, {@code wait}/{@code notify}):
 *       a null check, a log line, a string operation;
 *   <li>a read of a final field that holds no non-thread-safe container, is not volatile and names
 *       no {@code @GuardedBy} lock, declared by a type of the same file that no other file declares
 *       too: a logger, a collaborator, a configuration value. The race rules judge no such field
 *       (it is safe to share: {@link FieldInfo#isSafe}), the guarded-by rule only guarded ones, the
 *       volatile rule only volatile ones, the static-write rule only writes.
 * </ul>
 *
 * <p>The model drops them before it composes ({@link ConcurrencyModel}): what the project phase
 * sees of a file is then the same before and after an edit that adds or removes only such calls and
 * reads, and a run after that edit keeps the last run's project findings, renumbered when lines
 * moved ({@code ChangedFiles}). That holds by construction, for every rule that reads summaries
 * through the model; a name missing from {@link #CONSULTED}, or a rule that starts judging safe
 * fields, would show as a changed finding of a run without the cache, which the fixture tests and
 * the corpus comparisons would see.
 *
 * @param summarized the names of the types the project's files summarize: the only ones a call can
 *     resolve to
 * @param duplicated those of them that more than one summary declares (the model knows one of them
 *     only, so a file's own declaration does not say what the model knows of the field)
 */
public record Unread(Set<String> summarized, Set<String> duplicated)
    implements java.io.Serializable {
  /** The names the project phase reads of calls that may have no project target. */
  static final Set<String> CONSULTED =
      Stream.of(
              LockVocabulary.BLOCKING_NAMES,
              LockVocabulary.DONE_QUERIES,
              LockVocabulary.RELEASES,
              LockVocabulary.MONITOR_METHODS)
          .flatMap(Set::stream)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  public Unread {
    summarized = Set.copyOf(summarized);
    duplicated = Set.copyOf(duplicated);
  }

  /** What decides the unread parts of a project's files. */
  public static Unread of(List<FileFacts> files) {
    Map<String, Integer> counts = new HashMap<>();
    for (FileFacts file : files) {
      for (Fact fact : file.facts()) {
        if (fact instanceof FileSummary summary) {
          summary.types().forEach(type -> counts.merge(type.name(), 1, Integer::sum));
        }
      }
    }
    Set<String> duplicated = new HashSet<>();
    counts.forEach(
        (name, count) -> {
          if (count > 1) {
            duplicated.add(name);
          }
        });
    return new Unread(counts.keySet(), duplicated);
  }

  /** The names of the types one file summarizes. */
  public static Set<String> summarizedTypes(FileFacts file) {
    Set<String> names = new HashSet<>();
    for (Fact fact : file.facts()) {
      if (fact instanceof FileSummary summary) {
        summary.types().forEach(type -> names.add(type.name()));
      }
    }
    return names;
  }

  /** True when the project phase cannot read the call. */
  boolean inert(Call call) {
    if (CONSULTED.contains(call.name())) {
      return false;
    }
    for (String receiver : call.receiverTypes()) {
      if (summarized.contains(receiver)) {
        return false;
      }
    }
    return true;
  }

  /** True when the project phase cannot read the access, made in a file that summarizes these. */
  private boolean unread(Access access, Map<String, TypeSummary> sameFile) {
    if (access.kind() != Access.Kind.READ
        || access.field().path().contains(".")
        || duplicated.contains(access.field().owner())) {
      return false;
    }
    TypeSummary owner = sameFile.get(access.field().owner());
    if (owner == null) {
      return false; // another file's type, or an inherited field: the model may know otherwise
    }
    return owner
        .field(access.field().path())
        .filter(f -> f.isFinal() && !f.container() && !f.isVolatile() && f.guardedBy().isEmpty())
        .isPresent();
  }

  /** The file's facts with every summary's unread parts dropped (the same object when none is). */
  public FileFacts without(FileFacts file) {
    List<Fact> facts = new ArrayList<>(file.facts().size());
    boolean dropped = false;
    for (Fact fact : file.facts()) {
      Fact kept = fact instanceof FileSummary summary ? without(summary) : fact;
      dropped |= kept != fact;
      facts.add(kept);
    }
    return dropped
        ? new FileFacts(
            file.file(),
            file.lines(),
            file.types(),
            file.candidates(),
            file.diagnostics(),
            facts,
            file.suppressions())
        : file;
  }

  /** A file's summaries without their unread parts (the same object when it has none). */
  FileSummary without(FileSummary summary) {
    Map<String, TypeSummary> sameFile = new HashMap<>();
    summary.types().forEach(type -> sameFile.putIfAbsent(type.name(), type));
    List<TypeSummary> kept = new ArrayList<>(summary.types().size());
    boolean dropped = false;
    for (TypeSummary type : summary.types()) {
      TypeSummary stripped = without(type, sameFile);
      dropped |= stripped != type;
      kept.add(stripped);
    }
    return dropped ? new FileSummary(summary.path(), kept) : summary;
  }

  private TypeSummary without(TypeSummary type, Map<String, TypeSummary> sameFile) {
    List<MethodSummary> kept = null;
    for (int i = 0; i < type.methods().size(); i++) {
      MethodSummary method = type.methods().get(i);
      MethodSummary stripped = without(method, sameFile);
      if (stripped != method && kept == null) {
        kept = new ArrayList<>(type.methods().subList(0, i));
      }
      if (kept != null) {
        kept.add(stripped);
      }
    }
    return kept == null
        ? type
        : new TypeSummary(
            type.name(),
            type.supertypes(),
            type.intent(),
            type.synchronizes(),
            type.fields(),
            kept,
            type.site());
  }

  private MethodSummary without(MethodSummary method, Map<String, TypeSummary> sameFile) {
    List<Call> calls = keep(method.calls(), this::inert);
    List<Access> accesses = keep(method.accesses(), access -> unread(access, sameFile));
    return calls == method.calls() && accesses == method.accesses()
        ? method
        : new MethodSummary(
            method.key(),
            method.flags(),
            method.contexts(),
            accesses,
            method.takes(),
            calls,
            method.assumedHeld(),
            method.returnsField(),
            method.site());
  }

  /** The items {@code drop} does not take, in order: the same list when it takes none. */
  private static <T> List<T> keep(List<T> items, java.util.function.Predicate<T> drop) {
    List<T> kept = null;
    for (int i = 0; i < items.size(); i++) {
      T item = items.get(i);
      boolean dropped = drop.test(item);
      if (dropped && kept == null) {
        kept = new ArrayList<>(items.subList(0, i));
      } else if (!dropped && kept != null) {
        kept.add(item);
      }
    }
    return kept == null ? items : kept;
  }
}
