package dev.threadlint.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Asks the JVM, for the rest of the process, to compile hot code with its quick compiler only.
 *
 * <p>A threadlint run is short and runs a great deal of code once: JavaParser's generated parser,
 * the rules, the deserializer of the cache, the model's fixpoint. On HotSpot the optimizing
 * compiler (C2) spends more CPU compiling those large methods in depth than its faster code saves
 * before the run ends. Measured with {@code -XX:TieredStopAtLevel=1} (2 threads, a loaded machine,
 * CPU time): a whole run of the bench corpus 55 s to 37 s, of the audit corpus 24 s to 14 s, a run
 * after a one-line edit on the audit corpus 7.1 s to 3.5 s.
 *
 * <p>{@code java -jar} cannot carry a JVM flag, so the command line adds, as its first step, a
 * compiler directive that excludes every method from C2, through HotSpot's diagnostic command MBean
 * (what {@code jcmd PID Compiler.directives_add} does). Methods C2 may not compile stay with C1.
 * Only the command line asks for it: in a JVM shared with other work (Maven) a process-wide
 * directive is not ours to add. On a JVM without that command (not HotSpot, or a restricted
 * management server) nothing happens; {@code -Dthreadlint.quickCompiles=false} turns it off.
 */
final class QuickCompiles {
  /**
   * Every method stays with C1 except the JDK's SHA-256 compression, which C2 alone replaces with
   * the processor's instructions: a run with a cache hashes every file (the first directive that
   * matches a method applies).
   */
  private static final String DIRECTIVE =
      "[{ match: \"sun/security/provider/*.*\", c2: { Exclude: false } },"
          + " { match: \"*.*\", c2: { Exclude: true } }]";

  private static final AtomicBoolean ADDED = new AtomicBoolean();

  private QuickCompiles() {}

  /**
   * Adds the directive on a daemon thread: starting the management server takes a tenth of a second
   * that the run need not wait for (what little compiles meanwhile goes to C2 as before).
   */
  static void requestAside() {
    Thread thread = new Thread(QuickCompiles::request, "threadlint-quick-compiles");
    thread.setDaemon(true);
    thread.start();
  }

  /** Adds the directive once per process; false when the JVM did not take it. */
  static boolean request() {
    if (!ADDED.compareAndSet(false, true)) {
      return true;
    }
    Path file = null;
    try {
      file = Files.createTempFile("threadlint-directive", ".json");
      Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
      Object added =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "compilerDirectivesAdd",
                  new Object[] {new String[] {file.toString()}},
                  new String[] {String[].class.getName()});
      return added == null || !String.valueOf(added).contains("fail");
    } catch (IOException | JMException | RuntimeException | LinkageError e) {
      // a speed hint only; LinkageError: a runtime image without java.management
      return false;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temporary file of a few bytes left behind
        }
      }
    }
  }
}
