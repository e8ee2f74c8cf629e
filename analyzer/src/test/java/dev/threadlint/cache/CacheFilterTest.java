package dev.threadlint.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ObjectInputFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cache's deserialization filter decides as the JDK's filter of the same pattern would. */
class CacheFilterTest {
  private static final ObjectInputFilter PATTERN =
      ObjectInputFilter.Config.createFilter(
          "maxdepth=200;maxrefs=100000000;maxbytes=4000000000;"
              + "dev.threadlint.**;java.lang.*;java.util.*;!*");

  private record Info(Class<?> serialClass, long depth, long references, long streamBytes)
      implements ObjectInputFilter.FilterInfo {
    @Override
    public long arrayLength() {
      return serialClass != null && serialClass.isArray() ? 3 : -1;
    }
  }

  @Test
  void decidesAsThePatternFilterDoes() {
    List<Class<?>> classes =
        List.of(
            CachedFile.class,
            dev.threadlint.facts.FileFacts.class,
            String.class,
            String[].class,
            int[].class,
            long[][].class,
            Integer.class,
            java.util.ArrayList.class,
            List.of(1, 2, 3).getClass(),
            java.util.concurrent.ConcurrentHashMap.class,
            java.util.function.Function.class,
            java.net.URL.class,
            java.io.File.class,
            javax.management.ObjectName.class,
            java.lang.invoke.SerializedLambda.class,
            Object[].class,
            java.net.URL[].class);
    for (Class<?> type : classes) {
      for (long depth : new long[] {1, 200, 201}) {
        Info info = new Info(type, depth, 10, 1000);
        assertThat(DiskCache.allowed(info))
            .as(type + " at depth " + depth)
            .isEqualTo(PATTERN.checkInput(info));
      }
    }
    for (Info info :
        List.of(
            new Info(null, 1, 10, 1000),
            new Info(null, 1, 100_000_001L, 1000),
            new Info(null, 1, 10, 4_000_000_001L),
            new Info(String.class, 1, 100_000_001L, 1000))) {
      assertThat(DiskCache.allowed(info)).as(info.toString()).isEqualTo(PATTERN.checkInput(info));
    }
  }
}
