package dev.threadlint.maven;

import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A gate run in a JVM of its own, which {@link AnalysisFork} starts with the batch settings of the
 * command line: reads the {@link GateRequest} from the file named first, runs it, and writes the
 * {@link GateOutcome} to the file named second. Ends with 0 once the outcome is written, whatever
 * it says; with 3 when it could not be (the outcome's absence says the rest). Nothing of Maven is
 * on this JVM's class path.
 */
public final class ForkedGate {
  /**
   * What a request or outcome file may hold: the plugin's and analyzer's records, strings, lists.
   */
  static final ObjectInputFilter ALLOWED =
      ObjectInputFilter.Config.createFilter(
          "maxdepth=20;maxrefs=1000000;dev.threadlint.**;java.lang.*;java.util.*;!*");

  private ForkedGate() {}

  public static void main(String[] args) {
    try {
      GateRequest request = read(Path.of(args[0]), GateRequest.class);
      GateOutcome outcome = GateRun.run(request);
      // read only after this JVM ended with 0: a write cut short ends it otherwise
      try (ObjectOutputStream objects =
          new ObjectOutputStream(Files.newOutputStream(Path.of(args[1])))) {
        objects.writeObject(outcome);
      }
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      e.printStackTrace();
      System.exit(3);
    }
  }

  static <T> T read(Path file, Class<T> type) throws IOException, ClassNotFoundException {
    try (ObjectInputStream objects = new ObjectInputStream(Files.newInputStream(file))) {
      objects.setObjectInputFilter(ALLOWED);
      return type.cast(objects.readObject());
    }
  }
}
