package dev.threadlint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The directive a JVM shared with other work gets keeps threadlint's and JavaParser's methods from
 * C2 and nothing else; it is added once. (The scope for a process of its own is not asked for here:
 * it would hold every method of this test JVM to C1.)
 */
class QuickCompilesTest {

  @Test
  void aSharedJvmKeepsOnlyThreadlintsAndJavaParsersMethodsFromC2() throws JMException {
    String before = directives();
    assumeTrue(before != null, "a JVM with HotSpot's diagnostic commands");

    assertThat(QuickCompiles.request(QuickCompiles.Scope.OWN_CODE)).isTrue();
    assertThat(QuickCompiles.request(QuickCompiles.Scope.PROCESS)).isFalse(); // once per process

    String after = directives();
    assertThat(after).contains("matching: dev/threadlint/*.*");
    assertThat(after).contains("matching: com/github/javaparser/*.*");
    // every other method keeps the default directive, the only one matching *.*
    assertThat(after.split("matching: \\*\\.\\*", -1)).hasSize(2);
    assertThat(after).contains("Directive: (default)");
  }

  /** What {@code jcmd PID Compiler.directives_print} prints; null without that command. */
  private static String directives() throws JMException {
    try {
      return String.valueOf(
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "compilerDirectivesPrint",
                  new Object[] {null},
                  new String[] {String[].class.getName()}));
    } catch (javax.management.InstanceNotFoundException e) {
      return null;
    }
  }
}
