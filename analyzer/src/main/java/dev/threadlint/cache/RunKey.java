package dev.threadlint.cache;

import dev.threadlint.Version;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a cached result depends on besides the file itself: the analyzer build (its version and,
 * because a snapshot version does not change with every build, the size and time of its jar or
 * class files) and the effective configuration.
 */
public final class RunKey {
  private static final String BUILD = build();

  private RunKey() {}

  /**
   * The key of a run.
   *
   * @param configuration every setting that changes what a file's analysis yields, in a fixed order
   *     (rule ids, language level, encoding, base directory, extra pre-scan words...)
   */
  public static String of(List<String> configuration) {
    return "threadlint " + Version.get() + " [" + BUILD + "] " + String.join("|", configuration);
  }

  /** The jar's size and modification time, or the newest class file's, for a class directory. */
  private static String build() {
    try {
      CodeSource source = RunKey.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return "unknown build";
      }
      Path location = Path.of(source.getLocation().toURI());
      if (Files.isRegularFile(location)) {
        return Files.size(location) + "@" + Files.getLastModifiedTime(location).toMillis();
      }
      try (Stream<Path> classes = Files.walk(location)) {
        long[] sum = new long[2];
        classes
            .filter(p -> p.toString().endsWith(".class"))
            .forEach(
                p -> {
                  try {
                    sum[0] += Files.size(p);
                    sum[1] = Math.max(sum[1], Files.getLastModifiedTime(p).toMillis());
                  } catch (IOException e) {
                    sum[1] = System.nanoTime(); // unknown: never matches a stored key
                  }
                });
        return sum[0] + "@" + sum[1];
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return "unknown build " + System.nanoTime();
    }
  }
}
