package dev.threadlint.filters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real git repository in a temporary directory, driven by the git binary, for tests. */
public final class GitRepo {
  private final Path root;

  private GitRepo(Path root) {
    this.root = root;
  }

  /** {@code git init} with a {@code main} branch and an identity of its own. */
  public static GitRepo init(Path root) throws IOException {
    Files.createDirectories(root);
    GitRepo repo = new GitRepo(root);
    repo.git("init", "-q", "-b", "main");
    repo.git("config", "user.name", "threadlint test");
    repo.git("config", "user.email", "test@threadlint.invalid");
    repo.git("config", "commit.gpgsign", "false");
    return repo;
  }

  public Path root() {
    return root;
  }

  public Path write(String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  public void commitAll(String message) throws IOException {
    git("add", "-A");
    git("commit", "-q", "-m", message);
  }

  /** Runs git in the repository and returns its standard output; fails the test on exit != 0. */
  public String git(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.redirectErrorStream(true);
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    Process process = builder.start();
    try {
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("git " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
