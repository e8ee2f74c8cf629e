package dev.threadlint.filters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads which lines changed since the merge base of {@code HEAD} and a ref, by running the {@code
 * git} binary: the user's own git understands every repository layout it created (worktrees,
 * shallow and partial clones, submodules, {@code safe.directory}), costs the analyzer no jar and no
 * start-up, and cannot clash with another plugin's copy of a git library on Maven's class path.
 *
 * <p>The comparison is between the merge base and the working tree, so uncommitted edits count as
 * changes, and untracked files (not ignored) count as wholly new.
 */
public final class GitChanges {
  /** {@code @@ -a,b +c,d @@}: the new side starts at line c and spans d lines (1 when absent). */
  private static final Pattern HUNK =
      Pattern.compile("^@@ -\\d+(?:,\\d+)? \\+(\\d+)(?:,(\\d+))? @@");

  private static final long TIMEOUT_SECONDS = 120;

  private final String git;

  /** Uses {@code git} from the PATH. */
  public GitChanges() {
    this("git");
  }

  /** Uses the given git executable (tests). */
  GitChanges(String git) {
    this.git = git;
  }

  /** Why the changes cannot be read: no git, no repository, unknown ref, history too shallow. */
  public static final class GitException extends Exception {
    private static final long serialVersionUID = 1L;

    GitException(String message) {
      super(message);
    }

    GitException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The lines changed in the repository that contains {@code directory} since the merge base of
   * {@code HEAD} and {@code ref}.
   *
   * @throws GitException with a message for the user when git, the repository or the ref is missing
   */
  public ChangedLines since(Path directory, String ref) throws GitException {
    if (ref == null || ref.isBlank()) {
      throw new GitException("new-since: a git ref is needed (a branch, tag or commit)");
    }
    if (ref.startsWith("-")) {
      throw new GitException("new-since: '" + ref + "' is not a git ref");
    }
    Path dir = directory.toAbsolutePath().normalize();
    Result top = run(dir, "rev-parse", "--show-toplevel");
    if (top.exit() != 0) {
      throw new GitException(
          "new-since: " + dir + " is not inside a git repository (" + top.firstErrorLine() + ")");
    }
    Path root = realPath(Path.of(top.out().strip()));
    Result commit =
        run(dir, "rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}");
    if (commit.exit() != 0) {
      throw new GitException(
          "new-since: unknown git ref '"
              + ref
              + "' in "
              + root
              + " (in a CI checkout, fetch it first, e.g. 'git fetch origin "
              + ref.replaceFirst("^origin/", "")
              + "')");
    }
    Result base = run(dir, "merge-base", "HEAD", commit.out().strip());
    if (base.exit() != 0) {
      throw new GitException(
          "new-since: HEAD and '"
              + ref
              + "' have no merge base in "
              + root
              + (isShallow(dir)
                  ? " (the clone is shallow: fetch more history, e.g. 'git fetch --unshallow' or"
                      + " a checkout with fetch-depth: 0)"
                  : " (unrelated histories)"));
    }
    String mergeBase = base.out().strip();
    Result diff =
        run(
            root,
            "-c",
            "core.quotePath=false",
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--unified=0",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            mergeBase,
            "--");
    if (diff.exit() != 0) {
      throw new GitException("new-since: git diff failed: " + diff.firstErrorLine());
    }
    Map<Path, BitSet> lines = parseDiff(root, diff.out());
    Result untracked =
        run(root, "-c", "core.quotePath=false", "ls-files", "--others", "--exclude-standard", "-z");
    if (untracked.exit() != 0) {
      throw new GitException("new-since: git ls-files failed: " + untracked.firstErrorLine());
    }
    Set<Path> wholeFiles = new HashSet<>();
    for (String name : untracked.out().split("\0")) {
      if (!name.isEmpty()) {
        wholeFiles.add(root.resolve(name).normalize());
      }
    }
    return new ChangedLines(ref, mergeBase, lines, wholeFiles);
  }

  /**
   * Changed lines on the new side of a {@code --unified=0} diff. A hunk that only deletes lines
   * marks the lines on both sides of the gap: deleting an {@code unlock()} or a {@code
   * synchronized} shows up there, and nowhere else on the new side (a heuristic; a finding further
   * away that the deletion caused still counts as existing).
   */
  static Map<Path, BitSet> parseDiff(Path root, String diff) {
    Map<Path, BitSet> changed = new HashMap<>();
    BitSet current = null;
    for (String line : diff.split("\n", -1)) {
      if (line.startsWith("+++ ")) {
        String name = line.substring(4);
        if (name.equals("/dev/null")) {
          current = null;
        } else {
          String relative = name.startsWith("b/") ? name.substring(2) : name;
          relative = unquote(relative);
          current = changed.computeIfAbsent(root.resolve(relative).normalize(), p -> new BitSet());
        }
      } else if (current != null && line.startsWith("@@ ")) {
        Matcher hunk = HUNK.matcher(line);
        if (hunk.find()) {
          int start = Integer.parseInt(hunk.group(1));
          int count = hunk.group(2) == null ? 1 : Integer.parseInt(hunk.group(2));
          if (count == 0) {
            current.set(Math.max(start, 1));
            current.set(start + 1);
          } else {
            current.set(start, start + count);
          }
        }
      }
    }
    changed.values().removeIf(BitSet::isEmpty);
    return changed;
  }

  /** Git quotes names with control characters or quotes as C strings; undo the common escapes. */
  private static String unquote(String name) {
    if (name.length() < 2 || !name.startsWith("\"") || !name.endsWith("\"")) {
      return name;
    }
    String body = name.substring(1, name.length() - 1);
    if (body.startsWith("b/")) {
      body = body.substring(2);
    }
    return body.replace("\\\"", "\"").replace("\\t", "\t").replace("\\\\", "\\");
  }

  private boolean isShallow(Path dir) throws GitException {
    Result shallow = run(dir, "rev-parse", "--is-shallow-repository");
    return shallow.exit() == 0 && shallow.out().strip().equals("true");
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }

  private record Result(int exit, String out, String err) {
    String firstErrorLine() {
      return err.lines().filter(l -> !l.isBlank()).findFirst().orElse("exit code " + exit);
    }
  }

  /**
   * Runs git with a fixed, quiet environment (no prompts, no pager, C locale) and reads both
   * streams concurrently so that a large diff cannot block on a full pipe.
   */
  private Result run(Path dir, String... args) throws GitException {
    List<String> command = new ArrayList<>();
    command.add(git);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    builder.environment().put("GIT_PAGER", "cat");
    builder.environment().put("LC_ALL", "C");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new GitException(
          "new-since: cannot run '" + git + "' (is git installed and on the PATH?)", e);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<String> err = readAsync(process.getErrorStream());
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new GitException(
            "new-since: git " + args[0] + " took over " + TIMEOUT_SECONDS + " s");
      }
      return new Result(process.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new GitException("new-since: reading git's output failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitException("new-since: interrupted while running git", e);
    } finally {
      process.destroy();
    }
  }

  private static CompletableFuture<String> readAsync(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            stream.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
