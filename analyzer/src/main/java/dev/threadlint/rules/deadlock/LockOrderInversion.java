package dev.threadlint.rules.deadlock;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import dev.threadlint.deadlock.LocalMonitors;
import dev.threadlint.deadlock.LockOrderGraph;
import dev.threadlint.deadlock.LockOrderGraph.Acquisition;
import dev.threadlint.deadlock.PeerOrder;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.ProjectModel;
import dev.threadlint.findings.Finding;
import dev.threadlint.findings.Location;
import dev.threadlint.findings.Severity;
import dev.threadlint.model.ConcurrencyModel;
import dev.threadlint.model.LockId;
import dev.threadlint.model.Site;
import dev.threadlint.rules.Family;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import dev.threadlint.rules.RuleMetadata;
import dev.threadlint.rules.Tool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two locks taken in opposite orders anywhere in the project: a thread holding A and wanting B and
 * another holding B and wanting A wait for each other for ever. The order is composed over the
 * model's call graph ({@link LockOrderGraph}); reported once per pair of locks, at the later of the
 * two acquisitions, with the other as the related location and both chains as the code flow.
 */
public final class LockOrderInversion implements Rule {
  static final RuleMetadata METADATA =
      RuleMetadata.of(
              "lock-order-inversion",
              Family.DEADLOCK,
              Severity.WARNING,
              "Two locks taken in opposite orders",
              "When one path takes lock A and then B while another takes B and then A, two"
                  + " threads can each hold one and wait for the other: a deadlock that no"
                  + " timeout ends. threadlint follows synchronized blocks and methods, Lock regions and"
                  + " one-permit semaphores, through calls to methods of the same class and of"
                  + " other project classes (across files), for locks with a name the whole"
                  + " project shares (this of a class, class literals, lock fields). Re-entering a"
                  + " lock already held is not an order; read locks do not exclude each other."
                  + " Two objects of one class count too: a method that holds one and locks"
                  + " another of its class passed in (synchronized transferTo(Account other) that"
                  + " locks other) deadlocks when two threads call it with the roles swapped;"
                  + " reported when it writes the same field on both, so either can be either"
                  + " side, or when the same file calls it with the roles swapped"
                  + " (a.transferTo(b) and b.transferTo(a), on variables or fields), and not when"
                  + " it orders the two by a key, holds a tie lock around both, or uses tryLock.")
          .equivalent(Tool.INFER, "DEADLOCK")
          .fix(
              "Take the locks in one global order everywhere (for example always the account with"
                  + " the smaller id first), or take only one of them at a time.");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  /** Two objects of one class locked in the order of the arguments ({@link PeerOrder}). */
  @Override
  public void checkFile(FileContext file, FindingSink sink) {
    for (PeerOrder.Found found : PeerOrder.of(file)) {
      sink.report(peerFinding(file, found), List.of());
    }
  }

  private Finding peerFinding(FileContext file, PeerOrder.Found found) {
    String method = found.method().getNameAsString();
    boolean onThis = found.first().equals("this");
    String lock = found.field().isEmpty() ? "monitor" : "'" + found.field() + "'";
    String call =
        onThis
            ? "a." + method + "(b) and b." + method + "(a)"
            : method + "(a, b) and " + method + "(b, a)";
    String firstName = onThis ? "this " + found.type() : "'" + found.first() + "'";
    String evidence =
        found.swapped().isEmpty()
            ? String.format(
                "the method writes '%s' on both, so either can be either side", found.shared())
            : String.format(
                "the code calls it with the roles swapped (%s at line %d, %s at line %d)",
                found.swapped().get(0),
                found.swapped().get(0).getBegin().map(p -> p.line).orElse(0),
                found.swapped().get(1),
                found.swapped().get(1).getBegin().map(p -> p.line).orElse(0));
    String message =
        String.format(
            "the %s of %s is taken here while the %s of %s is held, and %s: %s on two threads can"
                + " deadlock; take the two in one order (by a unique key) or under one lock",
            lock, "'" + found.second() + "'", lock, firstName, evidence, call);
    Node outerAt =
        found.outer() instanceof MethodDeclaration declaration
            ? declaration.getName()
            : found.outer();
    String outerWhat = found.outer() instanceof MethodDeclaration ? "enters " : "takes ";
    String held = "the " + lock + " of " + (onThis ? "a" : "a (" + found.first() + ")");
    String heldSwapped = "the " + lock + " of " + (onThis ? "b" : "b (" + found.first() + ")");
    List<Location> one =
        List.of(
            file.location(outerAt, "thread 1, step 1: " + outerWhat + held),
            file.location(
                found.inner(),
                "thread 1, step 2: waits for the " + lock + " of b (" + found.second() + ")"));
    List<Location> two =
        List.of(
            file.location(outerAt, "thread 2, step 1: " + outerWhat + heldSwapped),
            file.location(
                found.inner(),
                "thread 2, step 2: waits for the " + lock + " of a (" + found.second() + ")"));
    List<Location> related = new ArrayList<>();
    related.add(file.location(outerAt, "the first lock, held while the second is taken"));
    for (Node swapped : found.swapped()) {
      related.add(file.location(swapped, "a call with one order of the two objects"));
    }
    return finding(file, found.inner(), message)
        .withRelated(related)
        .withThreadFlows(List.of(one, two));
  }

  @Override
  public void checkProject(ProjectModel project, FindingSink sink) {
    Map<LockId, List<String>> localTypes = new HashMap<>();
    project.facts(LocalMonitors.Types.class).forEach(t -> localTypes.putAll(t.types()));
    ConcurrencyModel model = ConcurrencyModel.of(project);
    long started = System.nanoTime();
    LockOrderGraph graph = new LockOrderGraph(model, localTypes);
    List<LockOrderGraph.Inversion> inversions = graph.inversions();
    if (Boolean.getBoolean("threadlint.modelStats")) {
      System.err.printf(
          "threadlint lock order: %d inversions, %d ms%n",
          inversions.size(), (System.nanoTime() - started) / 1_000_000);
    }
    for (LockOrderGraph.Inversion inversion : inversions) {
      sink.report(finding(inversion), List.of());
    }
  }

  private Finding finding(LockOrderGraph.Inversion inversion) {
    Acquisition here = inversion.reported();
    Acquisition there = inversion.other();
    Site other = there.site();
    String message =
        String.format(
            "%s is taken here while %s is held%s, but %s:%d takes %s while %s is held%s: two"
                + " threads doing both can deadlock; take them in one order",
            LockOrderGraph.describe(here.inner()),
            LockOrderGraph.describe(here.outer()),
            here.through(),
            fileName(other.path()),
            other.line(),
            LockOrderGraph.describe(there.inner()),
            LockOrderGraph.describe(there.outer()),
            there.through());
    List<List<Location>> threads = List.of(steps(1, here), steps(2, there));
    RuleMetadata meta = metadata();
    return Finding.of(
            meta.id(), meta.severity(), here.site().location(), here.site().member(), message)
        .withRelated(
            List.of(
                other.location(
                    "the opposite order: "
                        + LockOrderGraph.describe(there.inner())
                        + " taken while "
                        + LockOrderGraph.describe(there.outer())
                        + " is held"
                        + there.through())))
        .withThreadFlows(threads);
  }

  /** One thread's chain: the calls it makes under the outer lock, down to the inner one. */
  private static List<Location> steps(int thread, Acquisition acquisition) {
    List<Location> steps = new ArrayList<>();
    int step = 1;
    for (LockOrderGraph.Step s : acquisition.chain()) {
      steps.add(s.site().location("thread " + thread + ", step " + step++ + ": " + s.message()));
    }
    return steps;
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
