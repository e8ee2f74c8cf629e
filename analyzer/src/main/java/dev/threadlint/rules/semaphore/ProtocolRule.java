package dev.threadlint.rules.semaphore;

import dev.threadlint.facts.FileContext;
import dev.threadlint.facts.ProjectModel;
import dev.threadlint.protocol.BodyProtocol;
import dev.threadlint.protocol.CrossFileProtocol;
import dev.threadlint.protocol.FileProtocol;
import dev.threadlint.rules.FindingSink;
import dev.threadlint.rules.Rule;
import java.util.List;

/**
 * A rule of the acquire/release protocol (locks, semaphores, declared resource pairs). It judges
 * the bodies of a file twice: in the file phase, and again in the project phase at calls of helpers
 * declared in other files, which the file phase cannot see.
 */
public interface ProtocolRule extends Rule {

  /**
   * Judges the protocol of the bodies of one file.
   *
   * @param crossFile true in the project phase, where only calls of other files' helpers count
   */
  void checkBodies(
      FileContext file, List<BodyProtocol> bodies, boolean crossFile, FindingSink sink);

  @Override
  default void checkFile(FileContext file, FindingSink sink) {
    checkBodies(file, FileProtocol.of(file), false, sink);
  }

  @Override
  default void checkProject(ProjectModel project, FindingSink sink) {
    for (CrossFileProtocol.FileResult result : CrossFileProtocol.of(project)) {
      checkBodies(result.file(), result.bodies(), true, sink);
    }
  }
}
