package dev.threadlint.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import dev.threadlint.parse.Parsers;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the graph through two small analyses: which calls ran on every path (must) and on some
 * path (may) to each exit. A call is "f" for {@code f()}.
 */
class ControlFlowGraphTest {

  private static ControlFlowGraph graphOf(String body) {
    CompilationUnit unit =
        Parsers.newParser(Parsers.newest())
            .parse(
                "class T { void m(int x, boolean c, java.util.List<String> items) throws Exception {"
                    + body
                    + "} }")
            .getResult()
            .orElseThrow();
    return ControlFlowGraph.of(unit.findFirst(MethodDeclaration.class).orElseThrow());
  }

  /** Calls seen, with intersection (must) or union (may) at joins; exceptions skip the call. */
  private record Seen(boolean must) implements ForwardAnalysis<Set<String>> {
    @Override
    public Set<String> entryState() {
      return Set.of();
    }

    @Override
    public Set<String> join(Set<String> left, Set<String> right) {
      Set<String> result = new HashSet<>(left);
      if (must) {
        result.retainAll(right);
      } else {
        result.addAll(right);
      }
      return Set.copyOf(result);
    }

    @Override
    public Set<String> transfer(CfgNode node, Set<String> in, CfgEdge edge) {
      if (edge.kind() == EdgeKind.EXCEPTION
          || node.ast() == null
          || node.kind() == CfgNode.Kind.CATCH_DISPATCH
          || node.kind() == CfgNode.Kind.CATCH) {
        return in;
      }
      Set<String> out = new HashSet<>(in);
      if (node.evaluatesAst()) {
        Bodies.findAllInSameBody(node.ast(), MethodCallExpr.class)
            .forEach(call -> out.add(call.getNameAsString()));
      }
      if (node.kind() == CfgNode.Kind.MONITOR_EXIT) {
        out.add("monitorExit");
      }
      if (node.kind() == CfgNode.Kind.RESOURCE_CLOSE) {
        out.add("close");
      }
      return Set.copyOf(out);
    }
  }

  private static Set<String> atExit(String body, boolean must, boolean exceptional) {
    ControlFlowGraph graph = graphOf(body);
    Dataflow.Result<Set<String>> result = Dataflow.solve(graph, new Seen(must)).orElseThrow();
    CfgNode exit = exceptional ? graph.exceptionalExit() : graph.exit();
    return result.in(exit);
  }

  @Test
  void finallyRunsOnReturnAndOnException() {
    String body = "try { if (c) return; a(); } finally { f(); } b();";
    assertThat(atExit(body, true, false)).contains("f").doesNotContain("a", "b");
    assertThat(atExit(body, false, false)).contains("a", "b", "f");
    // f() itself may throw, so on the exceptional exit it ran on some paths
    assertThat(atExit(body, false, true)).contains("a", "f").doesNotContain("b");
  }

  @Test
  void breakAndContinueThroughFinally() {
    String body =
        "outer: for (String s : items) { for (int i = 0; i < x; i++) {"
            + " try { if (c) continue outer; if (x > 2) break outer; g(); } finally { f(); } } }"
            + " end();";
    assertThat(atExit(body, true, false)).contains("end").doesNotContain("f", "g");
    assertThat(atExit(body, false, false)).contains("f", "g", "end");
  }

  @Test
  void exceptionFromCallReachesCatchButNotTheRestOfTheTry() {
    String body = "try { risky(); after(); } catch (IllegalStateException e) { handle(); }";
    assertThat(atExit(body, false, false)).contains("risky", "after", "handle");
    assertThat(atExit(body, true, false)).doesNotContain("after", "handle");
    // the catch does not match everything: the exception may also leave the method
    assertThat(atExit(body, false, true)).contains("risky").doesNotContain("handle");
  }

  @Test
  void catchAllStopsPropagation() {
    String body = "try { risky(); } catch (Exception e) { c = false; }";
    assertThat(graphReachesExceptionalExit(body)).isFalse();
  }

  private static boolean graphReachesExceptionalExit(String body) {
    ControlFlowGraph graph = graphOf(body);
    return Dataflow.solve(graph, new Seen(false))
        .orElseThrow()
        .isReachable(graph.exceptionalExit());
  }

  @Test
  void switchFallsThroughColonCasesButNotArrows() {
    String colon = "switch (x) { case 1: one(); case 2: two(); break; default: other(); }";
    assertThat(atExit(colon, false, false)).contains("one", "two", "other");
    String arrows = "switch (x) { case 1 -> one(); case 2 -> two(); default -> other(); } after();";
    assertThat(atExit(arrows, true, false)).containsExactly("after");
    String noDefault = "switch (x) { case 1 -> one(); } after();";
    assertThat(atExit(noDefault, true, false)).containsExactly("after");
  }

  @Test
  void shortCircuitConditionsBranchPerOperand() {
    String body = "if (c && check()) { yes(); } else { no(); }";
    assertThat(atExit(body, false, false)).contains("check", "yes", "no");
    assertThat(atExit(body, true, false)).doesNotContain("check");
  }

  @Test
  void synchronizedReleasesTheMonitorOnEveryExit() {
    String body = "synchronized (this) { if (c) return; work(); }";
    assertThat(atExit(body, true, false)).contains("monitorExit");
    assertThat(atExit(body, true, true)).contains("monitorExit");
  }

  @Test
  void resourcesAreClosedOnEveryExit() {
    String body = "try (java.io.Reader r = open()) { if (c) return; use(r); }";
    assertThat(atExit(body, true, false)).contains("close", "open");
    // open() itself may throw before there is anything to close
    assertThat(atExit(body, false, true)).contains("close");
    assertThat(atExit(body, true, true)).doesNotContain("close");
  }

  @Test
  void lambdaBodiesAreNotPartOfTheEnclosingBody() {
    String body = "Runnable r = () -> inner(); outer();";
    assertThat(atExit(body, false, false)).containsExactly("outer");
  }

  @Test
  void whileTrueLeftByBreakExitsNormally() {
    String body = "while (true) { poll(); if (c) break; } done();";
    assertThat(atExit(body, true, false)).contains("poll", "done");
    ControlFlowGraph graph = graphOf("do { poll(); } while (c); done();");
    assertThat(Dataflow.solve(graph, new Seen(true)).orElseThrow().in(graph.exit()))
        .contains("poll", "done");
  }

  @Test
  void loopsWithoutBreakNeverExitNormally() {
    for (String body :
        List.of(
            "while (true) { poll(); } done();",
            "for (;;) { poll(); } done();",
            "do { poll(); } while (true);",
            "while (true) { try { poll(); } catch (Exception e) { continue; } }",
            // a break inside a switch leaves the switch, not the loop around it
            "while (true) { switch (x) { case 1: poll(); break; default: break; } }")) {
      ControlFlowGraph graph = graphOf(body);
      Dataflow.Result<Set<String>> result = Dataflow.solve(graph, new Seen(false)).orElseThrow();
      assertThat(result.isReachable(graph.exit())).as(body).isFalse();
    }
    // the exceptional exit is still there: poll() may throw
    ControlFlowGraph graph = graphOf("while (true) { poll(); }");
    assertThat(
            Dataflow.solve(graph, new Seen(false))
                .orElseThrow()
                .isReachable(graph.exceptionalExit()))
        .isTrue();
  }

  @Test
  void switchWithoutBreakFallsThroughToTheEnd() {
    String body = "switch (x) { case 1: one(); case 2: two(); default: other(); } after();";
    // every case falls into default, so other() ran on every path out
    assertThat(atExit(body, true, false)).containsExactlyInAnyOrder("other", "after");
    assertThat(atExit(body, false, false)).contains("one", "two", "other", "after");
    String noDefault = "switch (x) { case 1: one(); case 2: two(); } after();";
    assertThat(atExit(noDefault, true, false)).containsExactly("after");
    assertThat(atExit(noDefault, false, false)).contains("one", "two", "after");
  }
}
