package dev.threadlint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapReturnTest {
  /** A small module in a build's JVM never pays for a full collection. */
  @Test
  void onlyALargeRunInAGrownHeapCollects() {
    assertThat(HeapReturn.worthIt(5526, 1300L << 20)).isTrue();
    assertThat(HeapReturn.worthIt(40, 1300L << 20)).isFalse();
    assertThat(HeapReturn.worthIt(5526, 400L << 20)).isFalse();
  }
}
