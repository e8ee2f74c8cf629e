package dev.threadlint.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/** The plugin tells the analyzer the module's target release unless the user set a level. */
class LanguageLevelTest {
  private static CheckMojo mojo(String languageLevel, String release) {
    CheckMojo mojo = new CheckMojo();
    mojo.project = new MavenProject();
    if (release != null) {
      mojo.project.getProperties().setProperty("maven.compiler.release", release);
    }
    mojo.languageLevel = languageLevel;
    return mojo;
  }

  @Test
  void compilerReleaseIsTheDefault() {
    assertThat(mojo("newest", "21").effectiveLanguageLevel()).isEqualTo("21");
  }

  @Test
  void explicitLevelWins() {
    assertThat(mojo("17", "21").effectiveLanguageLevel()).isEqualTo("17");
  }

  @Test
  void newestWhenTheReleaseIsUnsetOrNotANumber() {
    assertThat(mojo("newest", null).effectiveLanguageLevel()).isEqualTo("newest");
    assertThat(mojo("newest", "${java.version}").effectiveLanguageLevel()).isEqualTo("newest");
  }
}
