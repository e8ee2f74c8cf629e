package dev.threadlint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonAddressTest {
  private static final List<String> OPTIONS = List.of("-XX:+UseParallelGC", "-Xms1g");
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin", "TERM", "xterm");

  @TempDir Path dir;

  @AfterEach
  void forgetTheDirectory() {
    System.clearProperty(DaemonAddress.DIRECTORY_PROPERTY);
  }

  private DaemonAddress address(List<String> options, String classPath, Map<String, String> env) {
    return DaemonAddress.of(options, classPath, env, dir);
  }

  @Test
  void theKeyChangesWithEverythingAnAnswerDependsOn() throws IOException {
    Path jar = Files.writeString(dir.resolve("threadlint.jar"), "one build");
    String key = address(OPTIONS, jar.toString(), ENV).key();

    assertThat(address(OPTIONS, jar.toString(), ENV).key()).isEqualTo(key);
    assertThat(address(List.of("-Xms1g"), jar.toString(), ENV).key()).isNotEqualTo(key);
    assertThat(address(OPTIONS, jar + "x", ENV).key()).isNotEqualTo(key);
    assertThat(address(OPTIONS, jar.toString(), Map.of("PATH", "/bin", "TERM", "xterm")).key())
        .isNotEqualTo(key);
    assertThat(address(OPTIONS, jar.toString(), Map.of("PATH", "/usr/bin", "GIT_DIR", "x")).key())
        .isNotEqualTo(key);
    assertThat(address(OPTIONS, jar.toString(), Map.of("PATH", "/usr/bin", "HOME", "/h")).key())
        .as("git's global config")
        .isNotEqualTo(key);
    assertThat(address(OPTIONS, jar.toString(), Map.of("PATH", "/usr/bin")).key())
        .as("a terminal's own variables do not matter")
        .isEqualTo(key);

    Files.writeString(jar, "another build of the jar");
    assertThat(address(OPTIONS, jar.toString(), ENV).key()).isNotEqualTo(key);
    assertThat(address(OPTIONS, jar.toString(), ENV).setUp())
        .contains("directory: " + Path.of("").toAbsolutePath());
  }

  @Test
  void itsFilesAreNamedByTheKeyInTheDirectory() {
    DaemonAddress address = address(OPTIONS, "a.jar", ENV);
    assertThat(address.key()).matches("[0-9a-f]{16}");
    assertThat(address.socket()).isEqualTo(dir.resolve(address.key() + ".sock"));
    assertThat(address.lock().getParent()).isEqualTo(dir);
    assertThat(address.log().getParent()).isEqualTo(dir);
  }

  @Test
  void theDirectoryIsMadeTheUsersAlone() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path daemons = dir.resolve("daemons");
    System.setProperty(DaemonAddress.DIRECTORY_PROPERTY, daemons.toString());

    assertThat(DaemonAddress.userDirectory()).isEqualTo(daemons);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(daemons)))
        .isEqualTo("rwx------");
  }

  @Test
  void aDirectoryOthersCanEnterIsRefused() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    System.setProperty(DaemonAddress.DIRECTORY_PROPERTY, shared.toString());

    assertThatThrownBy(DaemonAddress::userDirectory).hasMessageContaining("not the user's alone");

    Path link =
        Files.createSymbolicLink(dir.resolve("link"), Files.createDirectory(dir.resolve("t")));
    Files.setPosixFilePermissions(dir.resolve("t"), PosixFilePermissions.fromString("rwx------"));
    System.setProperty(DaemonAddress.DIRECTORY_PROPERTY, link.toString());
    assertThatThrownBy(DaemonAddress::userDirectory).hasMessageContaining("not the user's alone");
  }
}
