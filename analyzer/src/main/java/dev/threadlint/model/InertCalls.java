package dev.threadlint.model;

import dev.threadlint.facts.Fact;
import dev.threadlint.facts.FileFacts;
import dev.threadlint.models.LockVocabulary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The calls of a summary that nothing in the project phase can read: none of the receiver's
 * possible types is a summarized project type (so the call graph has no edge for it), and its name
 * is none that a rule asks of a call it cannot resolve (a blocking JDK call, {@code isDone}, a lock
 * release, {@code wait}/{@code notify}). A null check, a log line or a string operation is such a
 * call.
 *
 * <p>The model drops them before it composes ({@link ConcurrencyModel}): what the project phase
 * sees of a file is then the same before and after an edit that adds or removes only such calls,
 * and a run after that edit keeps the last run's project findings, renumbered when lines moved
 * ({@code ChangedFiles}). That holds by construction, for every rule that reads summaries through
 * the model; a name missing from {@link #CONSULTED} would show as a changed finding of a run
 * without the cache, which the fixture tests and the corpus comparisons would see.
 */
public final class InertCalls {
  /** The names the project phase reads of calls that may have no project target. */
  static final Set<String> CONSULTED =
      Stream.of(
              LockVocabulary.BLOCKING_NAMES,
              LockVocabulary.DONE_QUERIES,
              LockVocabulary.RELEASES,
              LockVocabulary.MONITOR_METHODS)
          .flatMap(Set::stream)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private InertCalls() {}

  /** The names of the types the project's files summarize: the only ones a call can resolve to. */
  public static Set<String> summarizedTypes(List<FileFacts> files) {
    Set<String> names = new HashSet<>();
    for (FileFacts file : files) {
      names.addAll(summarizedTypes(file));
    }
    return names;
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

  /**
   * True when the project phase cannot read the call, in a project that summarizes {@code types}.
   */
  static boolean inert(Call call, Set<String> types) {
    if (CONSULTED.contains(call.name())) {
      return false;
    }
    for (String receiver : call.receiverTypes()) {
      if (types.contains(receiver)) {
        return false;
      }
    }
    return true;
  }

  /** The file's facts with every summary's inert calls dropped (the same object when none is). */
  public static FileFacts without(FileFacts file, Set<String> types) {
    List<Fact> facts = new ArrayList<>(file.facts().size());
    boolean dropped = false;
    for (Fact fact : file.facts()) {
      Fact kept = fact instanceof FileSummary summary ? without(summary, types) : fact;
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

  /** A file's summaries without their inert calls (the same object when it has none). */
  static FileSummary without(FileSummary summary, Set<String> types) {
    List<TypeSummary> kept = new ArrayList<>(summary.types().size());
    boolean dropped = false;
    for (TypeSummary type : summary.types()) {
      TypeSummary stripped = without(type, types);
      dropped |= stripped != type;
      kept.add(stripped);
    }
    return dropped ? new FileSummary(summary.path(), kept) : summary;
  }

  /** A type's summaries without their inert calls (the same object when it has none). */
  static TypeSummary without(TypeSummary type, Set<String> types) {
    List<MethodSummary> kept = null;
    for (int i = 0; i < type.methods().size(); i++) {
      MethodSummary method = type.methods().get(i);
      MethodSummary stripped = without(method, types);
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

  private static MethodSummary without(MethodSummary method, Set<String> types) {
    List<Call> kept = null;
    for (int i = 0; i < method.calls().size(); i++) {
      Call call = method.calls().get(i);
      boolean inert = inert(call, types);
      if (inert && kept == null) {
        kept = new ArrayList<>(method.calls().subList(0, i));
      } else if (!inert && kept != null) {
        kept.add(call);
      }
    }
    return kept == null
        ? method
        : new MethodSummary(
            method.key(),
            method.flags(),
            method.contexts(),
            method.accesses(),
            method.takes(),
            kept,
            method.assumedHeld(),
            method.returnsField(),
            method.site());
  }
}
