package dev.threadlint.findings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a finding that survives edits elsewhere in its file: rule id, relative path,
 * enclosing member and the whitespace-normalised text of its line, but not the line number. The
 * baseline and SARIF {@code partialFingerprints} share it.
 */
public final class Fingerprint {
  private Fingerprint() {}

  /** A short hex digest of the finding's identity, given the text of its primary line. */
  public static String of(Finding finding, String lineText) {
    String identity =
        String.join(
            "\u0000",
            finding.ruleId(),
            finding.location().path(),
            finding.member(),
            normalise(lineText));
    return sha256(identity).substring(0, 32);
  }

  /** Collapses every run of white space to one space and trims the ends. */
  public static String normalise(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
