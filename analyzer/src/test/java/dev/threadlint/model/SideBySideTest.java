package dev.threadlint.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SideBySideTest {
  @Test
  void bothStepsHaveRunWhenItReturns() {
    AtomicInteger here = new AtomicInteger();
    AtomicInteger beside = new AtomicInteger();
    SideBySide.run(here::incrementAndGet, beside::incrementAndGet);
    assertThat(here).hasValue(1);
    assertThat(beside).hasValue(1);
  }

  @Test
  void aFailureBesideIsThrownToTheCaller() {
    AtomicInteger here = new AtomicInteger();
    assertThatThrownBy(
            () ->
                SideBySide.run(
                    here::incrementAndGet,
                    () -> {
                      throw new IllegalStateException("beside failed");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("beside failed");
    assertThat(here).hasValue(1);
  }

  @Test
  void aFailureHereWaitsForTheStepBeside() {
    AtomicInteger beside = new AtomicInteger();
    assertThatThrownBy(
            () ->
                SideBySide.run(
                    () -> {
                      throw new IllegalArgumentException("here failed");
                    },
                    () -> {
                      try {
                        Thread.sleep(50);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      beside.incrementAndGet();
                    }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(beside).hasValue(1);
  }

  @Test
  void apartFromTogetherBothStepsRunOnTheCallingThread() {
    Thread caller = Thread.currentThread();
    java.util.List<Thread> ranOn = new java.util.ArrayList<>();
    SideBySide.run(
        false, () -> ranOn.add(Thread.currentThread()), () -> ranOn.add(Thread.currentThread()));
    assertThat(ranOn).containsExactly(caller, caller);
  }

  @Test
  void aRunOfOneThreadBuildsTheSameModelOnTheCallingThreadAlone() {
    java.util.List<TypeSummary> none = java.util.List.of();
    dev.threadlint.facts.TypeIndex index = new dev.threadlint.facts.TypeIndex(java.util.List.of());
    assertThat(new ConcurrencyModel(none, index, false).sideBySide()).isFalse();
    assertThat(new ConcurrencyModel(none, index).sideBySide()).isTrue();
  }
}
