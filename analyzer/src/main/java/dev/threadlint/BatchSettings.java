package dev.threadlint;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options for what a threadlint run is: a batch job of a few seconds that runs a great deal
 * of code once and allocates gigabytes that die young. The command line starts its analysis in a
 * JVM with them ({@code cli/BatchJvm}), and so does the Maven plugin when it runs a gate in a JVM
 * of its own.
 *
 * <p>C1 without profiling ({@code -XX:TieredStopAtLevel=1}) and the parallel collector together cut
 * a cold run of the bench corpus from about 46 s to 34 s of CPU, with the same findings. The
 * parallel collector grows the young generation without bound when collections take more than 1% of
 * the time, which made the resident memory of a bench-corpus run 2.3 GiB; {@link #YOUNG_AT_MOST}
 * caps the young generation alone, so that the old generation (the facts and the model, which grow
 * with the project) still takes what the default maximum heap allows.
 */
public final class BatchSettings {
  /** The young generation's ceiling; see the class comment. */
  public static final String YOUNG_AT_MOST = "-XX:MaxNewSize=600m";

  public static final List<String> SETTINGS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC", YOUNG_AT_MOST);

  /**
   * The heap's initial size, where the default maximum allows it. Grown on demand from a small
   * start, the parallel collector resizes the old generation (the facts and the model) with full
   * collections: two or three a bench-corpus run, 0.3–0.9 s each, every thread stopped. Starting at
   * 1 GiB leaves room for what a large project keeps; the old generation's pages are touched only
   * as they fill, so a small project's resident memory does not grow with it.
   */
  public static final String HEAP_FROM = "-Xms1g";

  /**
   * The young generation's initial size, with {@link #HEAP_FROM}. A heap that starts at 1 GiB would
   * start the young generation at a third of it, and a run's allocations would touch those pages
   * one by one before the first collection reuses them: 82,000 page faults, 0.2–0.3 s of system
   * time and 345 MB resident in a run that analyses one edited file's part again (Vert.x, 586
   * files, audit corpus). From 128 MiB the same run takes 0.08 s less (1.10 s → 1.02 s, medians of
   * four, taken in turn) in 208 MB; the collector grows the young generation to {@link
   * #YOUNG_AT_MOST} as a cold run needs it, and cold runs took as long as before (audit 7.1 s,
   * bench 16.1 s).
   */
  public static final String YOUNG_FROM = "-XX:NewSize=128m";

  /** Options with which the user sized the heap's start (or its end, below {@link #HEAP_FROM}). */
  private static final List<String> HEAP_CHOICES =
      List.of("-Xms", "-XX:InitialHeapSize", "-XX:MinHeapSize");

  /** The option with which the user sized the young generation's start. */
  private static final String YOUNG_CHOICE = "-XX:NewSize";

  /**
   * The batch settings for a child of a JVM with these options and maximum heap: {@link #SETTINGS},
   * and {@link #HEAP_FROM} unless the user sized the heap's start or the maximum heap is below 2
   * GiB (an initial size above the maximum would stop the child from starting); with it {@link
   * #YOUNG_FROM}, unless the user sized the young generation's start.
   */
  public static List<String> forChild(List<String> own, long maxHeapBytes) {
    List<String> settings = new ArrayList<>(SETTINGS);
    boolean sized = own.stream().anyMatch(o -> HEAP_CHOICES.stream().anyMatch(o::startsWith));
    if (!sized && maxHeapBytes >= 2L << 30) {
      settings.add(HEAP_FROM);
      if (own.stream().noneMatch(o -> o.startsWith(YOUNG_CHOICE + "="))) {
        settings.add(YOUNG_FROM);
      }
    }
    return settings;
  }

  /**
   * The batch settings for a JVM of its own that another program starts to analyse (the Maven
   * plugin's forked gate), with this maximum heap ({@code -Xmx}, given first).
   */
  public static List<String> forAnalysis(long maxHeapBytes) {
    String max = "-Xmx" + Math.max(1, maxHeapBytes >> 20) + "m";
    List<String> options = new ArrayList<>();
    options.add(max);
    options.addAll(forChild(List.of(max), maxHeapBytes));
    return options;
  }

  private BatchSettings() {}
}
