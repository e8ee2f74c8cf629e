package dev.threadlint;

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
 * <p>Neither {@code java -jar} nor a Maven plugin can carry a JVM flag, so the run adds, as its
 * first step, a compiler directive that excludes methods from C2, through HotSpot's diagnostic
 * command MBean (what {@code jcmd PID Compiler.directives_add} does). Methods C2 may not compile
 * stay with C1. How far it reaches is the {@link Scope}: the command line's process is its own,
 * Maven's JVM is shared with other plugins and modules. On a JVM without that command (not HotSpot,
 * or a restricted management server) nothing happens; {@code -Dthreadlint.quickCompiles=false}
 * turns it off.
 */
public final class QuickCompiles {
  /** The system property that turns the directive off when {@code false}. */
  static final String PROPERTY = "threadlint.quickCompiles";

  /** Which methods the directive keeps from C2. */
  public enum Scope {
    /**
     * Every method but the JDK's SHA-256 compression, which C2 alone replaces with the processor's
     * instructions (a run with a cache hashes every file): for a process that runs threadlint
     * alone. The first directive that matches a method applies.
     */
    PROCESS(
        "[{ match: \"sun/security/provider/*.*\", c2: { Exclude: false } },"
            + " { match: \"*.*\", c2: { Exclude: true } }]"),

    /**
     * threadlint's own classes and JavaParser's, whatever loaded them: for a JVM shared with other
     * work (Maven's). JavaParser's generated parser is where C2 spent most: measured in Maven's JVM
     * on the audit corpus ({@code scripts/bench/plugin-bench}), a cold check 13.1–13.6 s to 9.5–9.6
     * s; threadlint's classes alone gave 12.8–13.5 s.
     */
    OWN_CODE(
        "[{ match: \"dev/threadlint/*.*\", c2: { Exclude: true } },"
            + " { match: \"com/github/javaparser/*.*\", c2: { Exclude: true } }]");

    private final String directive;

    Scope(String directive) {
      this.directive = directive;
    }
  }

  private static final AtomicBoolean ADDED = new AtomicBoolean();

  private QuickCompiles() {}

  /**
   * Adds the directive of this scope on a daemon thread, unless {@code -Dthreadlint.quickCompiles
   * =false}: starting the management server takes a tenth of a second that the run need not wait
   * for (what little compiles meanwhile goes to C2 as before). Once per process: the first scope
   * asked for stands.
   */
  public static void requestAside(Scope scope) {
    if ("false".equals(System.getProperty(PROPERTY)) || ADDED.get()) {
      return; // off, or asked for already (every module of a reactor asks)
    }
    Thread thread = new Thread(() -> request(scope), "threadlint-quick-compiles");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Adds the directive of this scope once per process; false when the JVM did not take it, or
   * another was added before.
   */
  static boolean request(Scope scope) {
    if (!ADDED.compareAndSet(false, true)) {
      return false;
    }
    Path file = null;
    try {
      file = Files.createTempFile("threadlint-directive", ".json");
      Files.writeString(file, scope.directive, StandardCharsets.UTF_8);
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
