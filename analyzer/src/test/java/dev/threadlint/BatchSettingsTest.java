package dev.threadlint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSettingsTest {
  @Test
  void theHeapStartsLargeUnlessTheUserSizedItOrTheMachineIsSmall() {
    long gib = 1L << 30;
    assertThat(BatchSettings.forChild(List.of("-Xmx4g"), 4 * gib))
        .containsSequence(BatchSettings.SETTINGS)
        .endsWith(BatchSettings.HEAP_FROM, BatchSettings.YOUNG_FROM);
    // the user's start of the young generation stands; the heap still starts large
    assertThat(BatchSettings.forChild(List.of("-Xmx4g", "-XX:NewSize=32m"), 4 * gib))
        .containsSequence(BatchSettings.SETTINGS)
        .endsWith(BatchSettings.HEAP_FROM)
        .doesNotContain(BatchSettings.YOUNG_FROM);
    assertThat(BatchSettings.forChild(List.of("-Xms256m"), 4 * gib))
        .isEqualTo(BatchSettings.SETTINGS);
    assertThat(BatchSettings.forChild(List.of("-XX:InitialHeapSize=300m"), 4 * gib))
        .isEqualTo(BatchSettings.SETTINGS);
    // a maximum below 2 GiB (-Xmx1g, or a default heap of a quarter of a 4 GiB machine)
    assertThat(BatchSettings.forChild(List.of("-Xmx1g"), gib)).isEqualTo(BatchSettings.SETTINGS);
  }

  @Test
  void aJvmStartedToAnalyseGetsTheHeapItIsGivenAndTheBatchSettings() {
    long gib = 1L << 30;
    assertThat(BatchSettings.forAnalysis(4 * gib))
        .containsExactly(
            "-Xmx4096m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseParallelGC",
            "-XX:MaxNewSize=600m",
            "-Xms1g",
            "-XX:NewSize=128m");
    // below 2 GiB the heap does not start at 1 GiB
    assertThat(BatchSettings.forAnalysis(gib))
        .containsExactly(
            "-Xmx1024m", "-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC", "-XX:MaxNewSize=600m");
  }
}
