package dev.threadlint.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import dev.threadlint.facts.Declarations;
import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.TypeDecl;
import dev.threadlint.facts.TypeIndex;
import dev.threadlint.parse.Parsers;
import dev.threadlint.source.SourceFile;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The concurrency model on small projects: lock identity, summaries, composition, ownership. */
class ConcurrencyModelTest {

  /** Summaries and a type index of some files, each given as its source. */
  private static ConcurrencyModel model(String... sources) {
    List<TypeSummary> types = new ArrayList<>();
    List<TypeDecl> decls = new ArrayList<>();
    int n = 0;
    for (String source : sources) {
      FileContext file = parse("F" + n++ + ".java", source);
      types.addAll(SummaryExtractor.summarize(file).types());
      decls.addAll(Declarations.of(file));
    }
    return new ConcurrencyModel(types, new TypeIndex(decls));
  }

  private static FileContext parse(String name, String source) {
    CompilationUnit unit =
        Parsers.newParser(Parsers.newest()).parse(source).getResult().orElseThrow();
    return new FileContext(new SourceFile(Path.of("/x/" + name), name), unit);
  }

  private static MethodSummary method(ConcurrencyModel model, String type, String name) {
    return model.type(type).orElseThrow().methods().stream()
        .filter(m -> m.key().name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** The first write in a method of p.A. */
  private static Access written(ConcurrencyModel model, String name) {
    return method(model, "p.A", name).accesses().stream()
        .filter(Access::isWrite)
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, Set<LockId>> locksByField(List<Access> accesses) {
    return accesses.stream()
        .collect(
            Collectors.toMap(
                a -> a.field().path() + "@" + a.site().line(),
                Access::locks,
                (x, y) -> x,
                java.util.TreeMap::new));
  }

  @Test
  void lockIdentityIsTheSameThroughAliasesGettersAndViews() {
    ConcurrencyModel model =
        model(
            """
            package p;
            import java.util.concurrent.locks.*;
            class A {
              private final ReentrantLock lock = new ReentrantLock();
              private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
              private final Lock readView = rw.readLock();
              int x, y, z, w, v;
              ReentrantLock getLock() { return lock; }
              void direct() { lock.lock(); try { x = 1; } finally { lock.unlock(); } }
              void alias() { final ReentrantLock l = this.lock; l.lock(); try { y = 1; } finally { l.unlock(); } }
              void getter() { getLock().lock(); try { z = 1; } finally { getLock().unlock(); } }
              void read() { rw.readLock().lock(); try { w = v; } finally { rw.readLock().unlock(); } }
              void viaField() { readView.lock(); try { v = 2; } finally { readView.unlock(); } }
              synchronized void monitor() { x = 2; }
              void block() { synchronized (this) { y = 2; } }
              static synchronized void klass() { synchronized (A.class) { } }
            }
            """);
    LockId lock = LockId.field("p.A", "lock", false, LockId.Type.LOCK);
    LockId read =
        LockId.field("p.A", "rw", false, LockId.Type.READ_WRITE_LOCK).withView(LockId.View.READ);
    assertThat(written(model, "direct").locks()).containsExactly(lock);
    assertThat(written(model, "alias").locks()).containsExactly(lock);
    assertThat(written(model, "getter").locks()).containsExactly(lock);
    assertThat(written(model, "read").locks()).containsExactly(read);
    assertThat(written(model, "viaField").locks()).containsExactly(read);
    assertThat(written(model, "monitor").locks()).containsExactly(LockId.thisMonitor("p.A"));
    assertThat(written(model, "block").locks()).containsExactly(LockId.thisMonitor("p.A"));
    assertThat(method(model, "p.A", "klass").takes())
        .extracting(LockTake::lock)
        .containsExactly(LockId.classMonitor("p.A"), LockId.classMonitor("p.A"));
    assertThat(read.excludes(read)).isFalse();
    assertThat(read.excludes(read.withView(LockId.View.WRITE))).isTrue();
  }

  @Test
  void aMethodsSummaryHasAccessesLocksTakenAndCalls() {
    ConcurrencyModel model =
        model(
            """
            package p;
            import java.util.*;
            class B {
              private final Map<String, String> map = new HashMap<>();
              private int count;
              private final Object a = new Object(), b = new Object();
              public void put(String k) {
                map.put(k, k);
                count++;
                synchronized (a) { synchronized (b) { helper(); } }
              }
              private void helper() { map.get("x"); }
            }
            """);
    MethodSummary put = method(model, "p.B", "put");
    assertThat(put.accesses())
        .extracting(x -> x.field().path() + ":" + x.kind())
        .containsExactly("map:CONTAINER_WRITE", "count:UPDATE");
    assertThat(put.takes()).hasSize(2);
    LockTake inner = put.takes().get(1);
    assertThat(inner.lock().path()).isEqualTo("b");
    assertThat(inner.held()).extracting(LockId::path).containsExactly("a");
    Call call = put.calls().get(put.calls().size() - 1);
    assertThat(call.name()).isEqualTo("helper");
    assertThat(call.receiver()).isEqualTo(Receiver.THIS);
    assertThat(call.locks()).extracting(LockId::path).containsExactlyInAnyOrder("a", "b");
    assertThat(put.is(MethodSummary.Flag.PUBLIC)).isTrue();
  }

  @Test
  void summariesSerializeWithoutTheAst() throws Exception {
    FileContext file =
        parse(
            "C.java",
            "package p; class C { int x; synchronized void m() { x++; new Thread(() -> x = 2).start(); } }");
    FileSummary summary = SummaryExtractor.summarize(file);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(summary);
    }
    assertThat(bytes.size()).isPositive();
  }

  @Test
  void callersLocksComposeIntoCalleesAcrossFiles() {
    ConcurrencyModel model =
        model(
            """
            package p;
            public class Caller {
              private final Helper helper = new Helper();
              private int n;
              public synchronized void run() { bump(); }
              private void bump() { n++; }
            }
            """,
            """
            package p;
            class Helper {
              private int m;
              void locked() { synchronized (this) { touch(); } }
              void touch() { m++; }
            }
            """);
    MethodSummary run = method(model, "p.Caller", "run");
    assertThat(model.accessesOf(run))
        .singleElement()
        .satisfies(a -> assertThat(a.locks()).containsExactly(LockId.thisMonitor("p.Caller")));
    MethodSummary bump = method(model, "p.Caller", "bump");
    assertThat(model.entryLocks(bump)).containsExactly(LockId.thisMonitor("p.Caller"));
    MethodSummary touch = method(model, "p.Helper", "touch");
    // package-private, called only under the lock in the project
    assertThat(model.entryLocks(touch)).containsExactly(LockId.thisMonitor("p.Helper"));
  }

  @Test
  void aCallerHoldingItsReceiversMonitorLocksTheCalleesThis() {
    ConcurrencyModel model =
        model(
            """
            package p;
            class Shelf {
              private int stocked;
              private int sold;
              void stock() { stocked++; }
              void sell() { sold++; }
            }
            """,
            """
            package p;
            public class Room {
              private final Shelf shelf = new Shelf();
              public void receive(Shelf other) { synchronized (other) { other.stock(); } }
              public void receiveHere() { Shelf s = shelf; synchronized (s) { s.stock(); } }
              public void sell(Shelf other) { synchronized (other) { other.sell(); } }
              public void sellWrong(Shelf other) { synchronized (shelf) { other.sell(); } }
            }
            """);
    MethodSummary stock = method(model, "p.Shelf", "stock");
    assertThat(model.entryLocks(stock)).containsExactly(LockId.thisMonitor("p.Shelf"));
    assertThat(model.lockedByCallersOnOtherObjects(stock)).isTrue();
    // one caller holds another shelf's monitor: nothing is held on entry
    MethodSummary sell = method(model, "p.Shelf", "sell");
    assertThat(model.entryLocks(sell)).isEmpty();
  }

  @Test
  void aHiddenCalleesAccessesLandOnTheReceiverInTheCallersContext() {
    ConcurrencyModel model =
        model(
            """
            package p;
            class Node {
              int count;
              int shown;
              void bump() { count++; }
              public void show() { shown = 1; }
              synchronized void bumpOther(Node o) { o.bump(); }
            }
            """,
            """
            package p;
            public class Owner {
              private final Node child = new Node();
              public synchronized void viaField() { child.bump(); child.show(); }
              public void viaParameter(Node other) { other.bump(); }
              public void viaFresh() { Node n = new Node(); n.bump(); }
            }
            """);
    // a field's hidden callee: its write of its own field, under the caller's lock
    assertThat(onReceiver(model, "p.Owner", "viaField"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.field()).isEqualTo(new FieldPath("p.Node", "count", false));
              assertThat(a.receiver()).isEqualTo(Receiver.FIELD);
              assertThat(a.locks()).containsExactly(LockId.thisMonitor("p.Owner"));
            });
    // the public show() is Node's own API: it is judged there, not here
    assertThat(onReceiver(model, "p.Owner", "viaParameter"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.receiver()).isEqualTo(Receiver.OTHER);
              assertThat(a.locks()).isEmpty();
            });
    // an object the method owns cannot race
    assertThat(onReceiver(model, "p.Owner", "viaFresh")).isEmpty();
    // a Node's own monitor is not the other node's: some lock is held, none that guards it
    assertThat(onReceiver(model, "p.Node", "bumpOther"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.locks()).doesNotContain(LockId.thisMonitor("p.Node"));
              assertThat(a.locks()).isNotEmpty();
            });
  }

  /** The accesses a method reaches on another object, through a call on it. */
  private static List<Access> onReceiver(ConcurrencyModel model, String type, String name) {
    return model.accessesOf(method(model, type, name)).stream()
        .filter(a -> a.receiver() == Receiver.FIELD || a.receiver() == Receiver.OTHER)
        .toList();
  }

  @Test
  void overridesAreCalleesOfTheBaseCall() {
    ConcurrencyModel model =
        model(
            """
            package p;
            public abstract class Base {
              protected int state;
              public synchronized void template() { step(); }
              protected abstract void step();
            }
            """,
            """
            package p;
            public class Impl extends Base {
              @Override protected void step() { state = 1; }
            }
            """,
            """
            package p;
            public class Other implements Runnable {
              private final Base base;
              Other(Base base) { this.base = base; }
              public void run() { base.template(); }
            }
            """);
    MethodSummary template = method(model, "p.Base", "template");
    assertThat(model.graph().callees(template))
        .extracting(e -> e.callee().key().owner())
        .contains("p.Impl");
    assertThat(model.accessesOf(template))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.field().path()).isEqualTo("state");
              assertThat(a.locks()).containsExactly(LockId.thisMonitor("p.Base"));
            });
    MethodSummary run = method(model, "p.Other", "run");
    assertThat(model.locksTakenBy(run)).contains(LockId.thisMonitor("p.Base"));
    assertThat(model.contextsOf(run))
        .extracting(ThreadContext::kind)
        .containsExactly(ThreadContext.Kind.THREAD);
  }

  @Test
  void recursionReachesAFixpoint() {
    ConcurrencyModel model =
        model(
            """
            package p;
            public class R {
              private int a, b, c;
              public void even(int n) { a++; if (n > 0) odd(n - 1); }
              private void odd(int n) { b++; synchronized (this) { if (n > 0) even(n - 1); } }
              public void self(int n) { c++; self(n - 1); }
            }
            """);
    MethodSummary even = method(model, "p.R", "even");
    Map<String, Set<LockId>> reached = locksByField(model.accessesOf(even));
    assertThat(reached.keySet()).containsExactlyInAnyOrder("a@4", "b@5");
    // even's own a++ is reached both without and (through odd's block) with the lock
    assertThat(model.accessesOf(even).stream().filter(a -> a.field().path().equals("a")))
        .extracting(a -> a.locks().size())
        .containsExactlyInAnyOrder(0, 1);
    assertThat(model.accessesOf(method(model, "p.R", "self"))).hasSize(1);
    assertThat(model.rounds()).isPositive();
  }

  @Test
  void ownedObjectsAndSetUpAreNotShared() {
    ConcurrencyModel model =
        model(
            """
            package p;
            import java.util.*;
            public class O {
              private int x;
              private final List<String> log = new ArrayList<>();
              public O() { init(); }
              private void init() { x = 1; }
              public void start() { x = 2; }
              public void fresh() {
                O mine = new O();
                mine.bump();
                StringBuilder sb = new StringBuilder();
                sb.append("x");
              }
              public List<String> leaks() {
                O escaping = new O();
                log.add(escaping.toString());
                escaping.bump();
                return List.of();
              }
              public void handOff() {
                O other = new O();
                register(other);
                other.bump();
              }
              void register(O o) {}
              void bump() { x++; }
              public void pre() {
                x = 3;
                new Thread(this::bump).start();
              }
            }
            """);
    MethodSummary fresh = method(model, "p.O", "fresh");
    assertThat(fresh.calls().stream().filter(c -> c.name().equals("bump")))
        .extracting(Call::receiver)
        .containsExactly(Receiver.OWNED);
    MethodSummary handOff = method(model, "p.O", "handOff");
    assertThat(handOff.calls().stream().filter(c -> c.name().equals("bump")))
        .extracting(Call::receiver)
        .containsExactly(Receiver.OTHER);
    assertThat(model.onlyCalledInSetUp(method(model, "p.O", "init"))).isTrue();
    assertThat(method(model, "p.O", "start").accesses()).allMatch(Access::setUp);
    MethodSummary pre = method(model, "p.O", "pre");
    assertThat(pre.accesses()).singleElement().satisfies(a -> assertThat(a.setUp()).isTrue());
    // bump runs as a task started in pre()
    assertThat(method(model, "p.O", "bump").contexts())
        .extracting(ThreadContext::kind)
        .containsExactly(ThreadContext.Kind.TASK);
  }

  @Test
  void singleThreadExecutorsConfineTheirTasks() {
    ConcurrencyModel model =
        model(
            """
            package p;
            import java.util.concurrent.*;
            public class S {
              private final ExecutorService one = Executors.newSingleThreadExecutor();
              private final ExecutorService pool = Executors.newFixedThreadPool(4);
              private int n;
              public void a() { one.execute(() -> n++); }
              public void b() { one.submit(() -> n--); }
              public void c() { pool.execute(() -> n++); }
            }
            """);
    List<ThreadContext> contexts =
        model.type("p.S").orElseThrow().methods().stream()
            .filter(m -> m.key().isSynthetic())
            .map(m -> m.contexts().get(0))
            .toList();
    assertThat(contexts)
        .extracting(ThreadContext::kind)
        .containsExactly(
            ThreadContext.Kind.CONFINED, ThreadContext.Kind.CONFINED, ThreadContext.Kind.TASK);
    assertThat(contexts.get(0).mayRunWith(contexts.get(1))).isFalse();
    assertThat(contexts.get(0).mayRunWith(contexts.get(2))).isTrue();
  }

  @Test
  void setUpOnlyIsALeastFixpointOverFreshObjectsAndSetUpCallers() {
    ConcurrencyModel model =
        model(
            """
            package p;
            import java.util.*;
            class Store {
              private String path;
              public void init(String p) { open(p); }
              void open(String p) { path = p; reopen(); }
              void reopen() { path = path + "/"; }
              void loop(int n) { if (n > 0) loop(n - 1); }
              public synchronized String path() { return path; }
            }
            """,
            """
            package p;
            import java.util.*;
            class Segments {
              private final Map<Integer, Store> all = new HashMap<>();
              Store create(int id) {
                Store s = new Store();
                all.put(id, s);
                s.init("x" + id);
                return s;
              }
              void later(Store shared) { shared.loop(3); }
            }
            """,
            """
            package p;
            public class Api {
              public void configure(String v) {}
              public void use() { Api fresh = new Api(); fresh.configure("v"); }
            }
            """);
    // init is a set-up method called on a fresh object; open and reopen only from set-up
    assertThat(model.onlyCalledInSetUp(method(model, "p.Store", "init"))).isTrue();
    assertThat(model.onlyCalledInSetUp(method(model, "p.Store", "open"))).isTrue();
    assertThat(model.onlyCalledInSetUp(method(model, "p.Store", "reopen"))).isTrue();
    // recursion alone, or a call on a shared object, never makes a method set-up only
    assertThat(model.onlyCalledInSetUp(method(model, "p.Store", "loop"))).isFalse();
    // outside code can call an exported method: a fresh object's call is not all its calls
    assertThat(method(model, "p.Api", "configure").is(MethodSummary.Flag.EXPORTED)).isTrue();
    assertThat(model.onlyCalledInSetUp(method(model, "p.Api", "configure"))).isFalse();
  }
}
