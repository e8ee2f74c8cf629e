package dev.threadlint.rules;

import dev.threadlint.deadlock.LocalMonitors;
import dev.threadlint.facts.FactExtractor;
import dev.threadlint.overrides.OverrideFacts;
import java.util.List;

/**
 * The registry of fact extractors for project-wide rules, one line per extractor; kept beside the
 * rule registry because the rules are what need the facts.
 */
public final class Extractors {
  private Extractors() {}

  public static final List<FactExtractor> ALL =
      List.of(
          new LocalMonitors(),
          new dev.threadlint.model.SummaryExtractor(),
          new dev.threadlint.protocol.HelperFacts(),
          new OverrideFacts(),
          new dev.threadlint.rules.lock.WaitNotInLoop.Helpers());
}
